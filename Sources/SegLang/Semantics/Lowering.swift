import SegEngine

/// Turns located language expressions into the engine's location-free `ColumnExpr`.
enum Lowering {
  static func lower(_ e: Expression) throws(Diagnostic) -> ColumnExpr {
    switch e.kind {
    case .name(let n): return .column(n)
    case .integer(let v): return .literal(.int(v))
    case .decimal(let v): return .literal(.double(v))
    case .string(let s): return .literal(.string(s))
    case .boolean(let b): return .literal(.bool(b))
    case .percent(let p): return .literal(.double(p))
    case .duration(let d): return .literal(.int(d))
    case .date(let d): return .literal(.date(d))
    case .missing: return .literal(.missing)
    case .unary("not", let a): return .not(try lower(a))
    case .unary(_, let a): return .negate(try lower(a))
    case .binary(let op, let a, let b):
      guard let bop = BinaryOperator(rawValue: op) else {
        throw Diagnostic(message: "unknown operator \(op)", range: e.range)
      }
      return .binary(bop, try lower(a), try lower(b))
    case .call(let f, let args):
      guard let arity = ExpressionFunctions.arity[f] else {
        throw Diagnostic(
          message: "unknown function \(f)()", range: e.range,
          label: Suggestions.label(for: f, in: ExpressionFunctions.arity.keys.sorted(), what: "functions"))
      }
      guard arity.contains(args.count) else {
        let n = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) or more"
        throw Diagnostic(message: "\(f)() takes \(n) argument(s), not \(args.count)", range: e.range)
      }
      return .call(f, try args.map { a throws(Diagnostic) in try lower(a) })
    case .isMissing(let a, let neg): return .isMissing(try lower(a), negated: neg)
    case .inList(let a, let items, let neg):
      return .inList(try lower(a), try items.map { x throws(Diagnostic) in try lower(x) }, negated: neg)
    case .between(let a, let lo, let hi): return .between(try lower(a), try lower(lo), try lower(hi))
    case .glob(let g):
      throw Diagnostic(message: "a pattern (\(g)) cannot be used in an expression", range: e.range, label: "name one column")
    case .variable(let v):
      throw Diagnostic(message: "unknown variable $\(v)", range: e.range)
    case .range, .list:
      throw Diagnostic(message: "a range or list cannot be used here", range: e.range, label: "use a single value")
    }
  }
}
