import SegEngine

extension CommandSpec {
  /// `name=value` for every option the command left at a default that the table writes
  /// down (seeds included), among the options of its method or chart kind, with that
  /// method's own defaults.
  func defaultsLeft(by cmd: Command, arguments: BoundArguments) -> [String] {
    options(after: cmd.positionals.first?.bareName ?? "").compactMap { option in
      guard arguments.options[option.name] == nil, case .literal(let value) = option.defaultValue else { return nil }
      return "\(option.name)=\(value)"
    }
  }

  /// The options that go with the command's first word: for cluster, sweep and plot, those
  /// of the method or chart kind it names (with its defaults) and the ones every variant
  /// takes; for other commands, all.
  func options(after first: String) -> [OptionSpec] {
    guard let variants, let own = variants.options(of: first) else { return options }
    return own + options.filter { variants.owners(of: $0.name).isEmpty }
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
