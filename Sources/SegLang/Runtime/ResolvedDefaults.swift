import SegEngine

extension CommandSpec {
  /// `name=value` for every option the command left at a default that the table writes
  /// down (seeds included), among the options of its method or chart kind.
  func defaultsLeft(by cmd: Command, arguments: BoundArguments) -> [String] {
    let first = cmd.positionals.first?.bareName ?? ""
    return options.compactMap { option in
      guard arguments.options[option.name] == nil, case .literal(let value) = option.defaultValue,
        self.option(option.name, appliesAfter: first)
      else { return nil }
      return "\(option.name)=\(value)"
    }
  }

  /// Whether `option` goes with the command's first word: cluster, sweep and plot take
  /// options that belong to some clustering methods or chart kinds only.
  func option(_ option: String, appliesAfter first: String) -> Bool {
    switch name {
    case "cluster", "sweep": ClusterMethod(rawValue: first).map { ClusterMethod.optionMethods[option]?.contains($0) ?? true } ?? true
    case "plot": PlotKind(rawValue: first).map { PlotKind.optionKinds[option]?.contains($0) ?? true } ?? true
    default: true
    }
  }
}

extension Command {
  /// The variables (`$k`) the command reads, in order of first use.
  var variableNames: [String] {
    var names: [String] = []
    func visit(_ e: Expression) {
      if case .variable(let v) = e.kind, !names.contains(v) { names.append(v) }
      e.children.forEach(visit)
    }
    positionals.forEach(visit)
    condition.map(visit)
    options.forEach { visit($0.value) }
    return names
  }
}
