import SegEngine

/// Runs checked commands against the environment and turns every failure into a located
/// diagnostic. This is the single place where engine errors meet source ranges.
struct Interpreter {
  let env: Environment
  /// The text the commands come from, for commands that keep what was written (rules).
  let source: SourceFile

  /// Binds a command to its spec; unknown verbs get a suggestion.
  static func bind(_ cmd: Command, variables: [String: Scalar?]) throws(Diagnostic) -> (CommandSpec, BoundArguments) {
    guard let spec = CommandTable.spec(named: cmd.verb) else {
      throw Diagnostic(
        message: "unknown command \"\(cmd.verb)\"", range: cmd.verbRange,
        label: Suggestions.label(for: cmd.verb, in: CommandTable.names, what: "commands"),
        help: "type help to list the commands")
    }
    return (spec, try ArgumentBinder(spec: spec, variables: variables).bind(cmd))
  }

  /// Runs one command; returns the defaults and variables it used that its text does not
  /// spell out, for the run manifest.
  func execute(_ cmd: Command, emit: @escaping (OutputItem) -> Void) throws(Diagnostic) -> [String] {
    // Only the variables the command names: copying them all made a script of many lets quadratic.
    let used = Dictionary(cmd.variableNames.compactMap { name in env.variables[name].map { (name, Optional($0)) } }, uniquingKeysWith: { a, _ in a })
    let (spec, args) = try Self.bind(cmd, variables: used)
    let invocation = Invocation(command: cmd, spec: spec, env: env, arguments: args, source: source, emit: emit)
    // Read before running: `let` changes the variables it names.
    let variables = cmd.variableNames.compactMap { name in env.variables[name].map { "$\(name)=\(ValueFormatter.plain($0))" } }
    do {
      try spec.run(invocation)
    } catch {
      throw Self.diagnose(error, in: cmd, frame: try? env.catalog.current().name)
    }
    return variables + spec.defaultsLeft(by: cmd, arguments: args)
  }

  /// Maps any error raised while running `cmd` to a diagnostic pointing into it.
  static func diagnose(_ error: Error, in cmd: Command, frame: String?) -> Diagnostic {
    if var d = error as? Diagnostic {
      if d.range == nil { d.range = cmd.verbRange }
      return d
    }
    if let e = error as? PostgresError {
      return Diagnostic(category: .io, message: e.description, range: pathRange(cmd) ?? cmd.range)
    }
    guard let e = error as? EngineError else {
      return Diagnostic(category: .runtime, message: "\(error)", range: cmd.range)
    }
    switch e {
    case .columnNotFound(let name, let available):
      let shown = available.count <= 12 ? available.joined(separator: ", ") : available.prefix(12).joined(separator: ", ") + ", …"
      let listed = available.isEmpty ? nil : "the columns\(frame.map { " of \($0)" } ?? "") are: \(shown)"
      // `region == North`: a bare word compared with a column is most likely text to quote.
      let quoteHint = isComparedAsAValue(name, in: cmd) ? "to compare with the text \(name), quote it: \"\(name)\"" : nil
      return Diagnostic(
        message: "unknown column \"\(name)\"", range: range(of: name, in: cmd) ?? cmd.range,
        label: Suggestions.label(for: name, in: available, what: "columns"),
        help: quoteHint.map { hint in listed.map { "\(hint); \($0)" } ?? hint } ?? listed)
    case .frameNotFound(let name, let available):
      return Diagnostic(
        message: "unknown frame \"\(name)\"", range: range(of: name, in: cmd) ?? cmd.range,
        label: Suggestions.label(for: name, in: available, what: "frames"),
        help: available.isEmpty ? "no frames yet: load a file or sample data first" : "type frames to list them")
    case .tableNotFound(let name, let available, _):
      return Diagnostic(
        category: .io, message: e.message, range: range(of: name, in: cmd) ?? cmd.range,
        label: Suggestions.label(for: name, in: available, what: "tables"),
        help: available.isEmpty ? "the database has no tables" : nil)
    case .io(_, _):
      return Diagnostic(category: .io, message: e.message, range: pathRange(cmd) ?? cmd.range)
    case .csv:
      return Diagnostic(category: .script, message: e.message, range: pathRange(cmd) ?? cmd.range)
    case .interrupted:
      return Diagnostic(category: .interrupted, message: "interrupted", range: cmd.verbRange)
    case .emptyInput, .unsupported:
      return Diagnostic(category: .runtime, message: e.message, range: cmd.range)
    case .missingValues(let column, _, _):
      return Diagnostic(
        category: .runtime, message: e.message, range: range(of: column, in: cmd) ?? cmd.range,
        help: "for example: impute \(column) strategy=median, or filter \(column) is not missing")
    case .invalidParameter(let name, _, _):
      return Diagnostic(category: .runtime, message: e.message, range: optionRange(name, cmd) ?? cmd.range)
    case .typeMismatch(let column, _, _):
      return Diagnostic(category: .script, message: e.message, range: range(of: column, in: cmd) ?? cmd.range)
    case .invalidExpression:
      return Diagnostic(category: .script, message: e.message, range: cmd.range)
    }
  }

  private static func optionRange(_ name: String, _ cmd: Command) -> SourceRange? {
    cmd.options.first { $0.key == name }?.range
  }

  private static func pathRange(_ cmd: Command) -> SourceRange? {
    for e in cmd.positionals { if case .string = e.kind { return e.range } }
    return nil
  }

  /// The first place in the command that names `name`.
  /// Whether `name` is compared with something (`x == name`, `x in (name, …)`), where a bare
  /// word is a column but was probably meant as text.
  static func isComparedAsAValue(_ name: String, in cmd: Command) -> Bool {
    let comparisons: Set<String> = ["==", "!=", "<", "<=", ">", ">="]
    func found(_ e: Expression) -> Bool {
      switch e.kind {
      case .binary(let op, let a, let b) where comparisons.contains(op):
        if a.bareName == name || b.bareName == name { return true }
      case .inList(_, let items, _):
        if items.contains(where: { $0.bareName == name }) { return true }
      default: break
      }
      return e.children.contains(where: found)
    }
    return (cmd.condition.map(found) ?? false) || cmd.positionals.contains(where: found) || cmd.options.contains { found($0.value) }
  }

  static func range(of name: String, in cmd: Command) -> SourceRange? {
    func find(_ e: Expression) -> SourceRange? {
      switch e.kind {
      case .name(let n), .glob(let n): n == name ? e.range : nil
      default: e.children.lazy.compactMap(find).first
      }
    }
    for e in cmd.positionals { if let r = find(e) { return r } }
    if let c = cmd.condition, let r = find(c) { return r }
    for o in cmd.options {
      if o.key == name { return o.keyRange }
      if let r = find(o.value) { return r }
    }
    return nil
  }
}
