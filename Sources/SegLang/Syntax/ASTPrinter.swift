/// Prints parsed commands as S-expressions, so parser tests compare text, not trees.
enum ASTPrinter {
  static func print(_ c: Command) -> String {
    var parts = [c.verb] + c.positionals.map(print)
    if let cond = c.condition { parts.append("where:" + print(cond)) }
    parts += c.options.map { "\($0.key)=" + print($0.value) }
    if let name = c.outputName { parts.append("as:" + name + (c.secondOutputName.map { "," + $0 } ?? "")) }
    return "(" + parts.joined(separator: " ") + ")"
  }

  static func print(_ e: Expression) -> String {
    switch e.kind {
    case .name(let n): n
    case .glob(let g): "glob:" + g
    case .variable(let v): "$" + v
    case .integer(let v): String(v)
    case .decimal(let v): String(v)
    case .string(let s): "\"" + s + "\""
    case .boolean(let b): String(b)
    case .percent(let p): "\(p)%"
    case .duration(let d): "\(d)days"
    case .date(let d): "date:\(d)"
    case .missing: "missing"
    case .unary(let op, let a): "(\(op) \(print(a)))"
    case .binary(let op, let a, let b): "(\(op) \(print(a)) \(print(b)))"
    case .call(let f, let args): "(\(f)() " + args.map(print).joined(separator: " ") + ")"
    case .isMissing(let a, let neg): "(\(neg ? "is-not-missing" : "is-missing") \(print(a)))"
    case .inList(let a, let items, let neg): "(\(neg ? "not-in" : "in") \(print(a)) [" + items.map(print).joined(separator: " ") + "])"
    case .between(let a, let lo, let hi): "(between \(print(a)) \(print(lo)) \(print(hi)))"
    case .range(let lo, let hi): "\(print(lo))..\(print(hi))"
    case .list(let items): "[" + items.map(print).joined(separator: ",") + "]"
    }
  }
}
