import SegEngine

/// Lets conditions name segments: once `name segment 1="Loyal"` ran, `segment == "Loyal"`
/// means `segment == 1` (also with != and in). A name that is not one gets a suggestion.
enum SegmentNames {
  static func resolve(_ e: Expression, names: [String: [Int: String]]) throws(Diagnostic) -> Expression {
    guard !names.isEmpty else { return e }
    func code(_ column: String, _ literal: Expression) throws(Diagnostic) -> Expression {
      guard let known = names[column], case .string(let text) = literal.kind else { return literal }
      guard let label = known.first(where: { $0.value == text })?.key else {
        let all = known.sorted { $0.key < $1.key }.map(\.value)
        throw Diagnostic(
          message: "\"\(text)\" is not one of the names of \(column)", range: literal.range,
          label: Suggestions.label(for: text, in: all, what: "names"),
          help: "the names are: " + all.map { "\"\($0)\"" }.joined(separator: ", "))
      }
      return Expression(kind: .integer(label), range: literal.range)
    }
    func walk(_ e: Expression) throws(Diagnostic) -> Expression {
      var out = e
      switch e.kind {
      case .binary(let op, let a, let b) where op == "==" || op == "!=":
        if let column = a.bareName { out.kind = .binary(op, a, try code(column, b)) }
        else if let column = b.bareName { out.kind = .binary(op, try code(column, a), b) }
      case .binary(let op, let a, let b): out.kind = .binary(op, try walk(a), try walk(b))
      case .unary(let op, let a): out.kind = .unary(op, try walk(a))
      case .inList(let a, let items, let negated):
        if let column = a.bareName {
          out.kind = .inList(a, try items.map { x throws(Diagnostic) in try code(column, x) }, negated: negated)
        }
      default: break
      }
      return out
    }
    return try walk(e)
  }
}
