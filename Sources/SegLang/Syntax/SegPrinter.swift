import SegEngine

/// Prints an expression back as seg text that parses to the same tree: compound operands
/// get parentheses, names that are not plain words get backticks.
enum SegPrinter {
  static func print(_ e: Expression) -> String {
    switch e.kind {
    case .name(let n): name(n)
    case .glob(let g): g
    case .variable(let v): "$" + v
    case .integer(let v): String(v)
    case .decimal(let v): v.isFinite ? "\(v)" : "missing"
    case .string(let s): quoted(s)
    case .boolean(let b): b ? "true" : "false"
    case .percent(let p): percent(p)
    case .duration(let days): "\(days)d"
    case .date(let d): CivilDate.format(days: d)
    case .missing: "missing"
    case .unary("-", let a): "-" + operand(a)
    case .unary(let op, let a): op + " " + operand(a)
    case .binary(let op, let a, let b): operand(a) + " " + op + " " + operand(b)
    case .call(let f, let args): f + "(" + args.map(print).joined(separator: ", ") + ")"
    case .isMissing(let a, let negated): operand(a) + (negated ? " is not missing" : " is missing")
    case .inList(let a, let items, let negated): operand(a) + (negated ? " not in (" : " in (") + items.map(print).joined(separator: ", ") + ")"
    case .between(let a, let lo, let hi): operand(a) + " between " + operand(lo) + " and " + operand(hi)
    case .range(let lo, let hi): print(lo) + ".." + print(hi)
    case .list(let items): items.map(print).joined(separator: ",")
    }
  }

  /// An operand of an operator: in parentheses unless it is a single term.
  private static func operand(_ e: Expression) -> String {
    switch e.kind {
    case .unary, .binary, .isMissing, .inList, .between, .range, .list: "(" + print(e) + ")"
    case .integer(let v) where v < 0: "(" + print(e) + ")"
    case .decimal(let v) where v < 0: "(" + print(e) + ")"
    default: print(e)
    }
  }

  /// "10%" when that reads back as the same number (the parser divides by 100), else the
  /// plain fraction.
  private static func percent(_ p: Double) -> String {
    let hundredths = p * 100
    let text = hundredths == hundredths.rounded() && abs(hundredths) < 1e15 ? String(Int(hundredths)) : "\(hundredths)"
    return (Double(text) ?? .nan) / 100 == p ? text + "%" : "\(p)"
  }

  private static func name(_ n: String) -> String {
    let plain = n.first.map { $0.isLetter || $0 == "_" } == true && n.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
      && !Keywords.all.contains(n) && !["true", "false", "missing"].contains(n)
    return plain ? n : "`" + n + "`"
  }

  static func quoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t") + "\""
  }
}
