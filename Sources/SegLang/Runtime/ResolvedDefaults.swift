import SegEngine

extension CommandSpec {
  /// `name=value` for every option the command left at a default that the table writes
  /// down (seeds included); a clustering's or a chart's list holds only the options of its
  /// method or kind.
  func defaultsLeft(by cmd: Command, arguments: BoundArguments) -> [String] {
    let first = cmd.positionals.first?.bareName ?? ""
    let applies: (String) -> Bool
    switch name {
    case "cluster", "sweep":
      let method = ClusterMethod(rawValue: first)
      applies = { option in method.map { ClusterMethod.optionMethods[option]?.contains($0) ?? true } ?? true }
    case "plot":
      let kind = PlotKind(rawValue: first)
      applies = { option in kind.map { PlotKind.optionKinds[option]?.contains($0) ?? true } ?? true }
    default:
      applies = { _ in true }
    }
    return options.compactMap { option in
      guard arguments.options[option.name] == nil, case .literal(let value) = option.defaultValue, applies(option.name) else { return nil }
      return "\(option.name)=\(value)"
    }
  }
}

extension Command {
  /// The variables (`$k`) the command reads, in order of first use.
  var variableNames: [String] {
    var names: [String] = []
    func visit(_ e: Expression) {
      switch e.kind {
      case .variable(let v): if !names.contains(v) { names.append(v) }
      case .unary(_, let a), .isMissing(let a, _): visit(a)
      case .binary(_, let a, let b), .range(let a, let b): visit(a); visit(b)
      case .call(_, let args), .list(let args): args.forEach(visit)
      case .inList(let a, let items, _): visit(a); items.forEach(visit)
      case .between(let a, let lo, let hi): visit(a); visit(lo); visit(hi)
      default: break
      }
    }
    positionals.forEach(visit)
    condition.map(visit)
    options.forEach { visit($0.value) }
    return names
  }
}
