import SegEngine

/// One running command: its bound arguments, the session state, and where output goes.
/// Accessors read option values with the spec's default, so a default is written once.
final class Invocation {
  let command: Command
  let spec: CommandSpec
  let env: Environment
  let arguments: BoundArguments
  private let source: SourceFile
  private let emit: (OutputItem) -> Void
  /// The expressions this command lowered for a plan, with the text each came from.
  var lowered: [(expression: ColumnExpr, range: SourceRange)] = []

  init(command: Command, spec: CommandSpec, env: Environment, arguments: BoundArguments, source: SourceFile, emit: @escaping (OutputItem) -> Void) {
    self.command = command
    self.spec = spec
    self.env = env
    self.arguments = arguments
    self.source = source
    self.emit = emit
  }

  /// The script text of `range`, as written.
  func text(of range: SourceRange) -> String { source.slice(range) }

  func output(_ item: OutputItem) { emit(item) }
  func message(_ text: String) { emit(.message(text)) }
  func warning(_ text: String) { emit(.warning(text)) }

  var outputName: String? { command.outputName }
  var secondOutputName: String? { command.secondOutputName }

  // MARK: Options

  /// The option's value as written, or its spec default parsed as a literal.
  private func value(_ name: String) -> Expression? {
    arguments.options[name]?.value ?? spec.option(name)?.literalValue
  }

  func range(of option: String) -> SourceRange? { arguments.options[option]?.range }

  func int(_ name: String) -> Int? {
    guard let e = value(name), case .integer(let v) = e.kind else { return nil }
    return v
  }

  func number(_ name: String) -> Double? {
    switch value(name)?.kind {
    case .integer(let v): Double(v)
    case .decimal(let v), .percent(let v): v
    default: nil
    }
  }

  func text(_ name: String) -> String? {
    switch value(name)?.kind {
    case .string(let s), .name(let s): s
    default: nil
    }
  }

  /// A `from..to` option (a single number is a range of one).
  func intRange(_ name: String) -> ClosedRange<Int>? {
    switch value(name)?.kind {
    case .integer(let v): return v...v
    case .range(let lo, let hi):
      guard case .integer(let a) = lo.kind, case .integer(let b) = hi.kind else { return nil }
      return min(a, b)...max(a, b)
    default: return nil
    }
  }

  func bool(_ name: String) -> Bool? {
    if case .boolean(let b) = value(name)?.kind { return b }
    return nil
  }

  /// A choice option as its enum type.
  func choice<T: RawRepresentable>(_ name: String, as: T.Type) -> T? where T.RawValue == String {
    text(name).flatMap(T.init(rawValue:))
  }

  /// The options `table` names, as the estimator's hyperparameters (the rest read as its
  /// defaults); `overriding` replaces given ones (sweep's k).
  func parameterValues(_ table: ParameterTable, overriding: [String: ParameterValue] = [:]) throws -> ParameterValues {
    var given: [String: ParameterValue] = [:]
    for parameter in table.parameters {
      if let value = arguments.options[parameter.name]?.value.parameterValue { given[parameter.name] = value }
    }
    given.merge(overriding) { $1 }
    return try ParameterValues(given, for: table)
  }

  /// The candidate values of a list option (`a,b,c`, a whole-number range `2..8`, or one value).
  func candidates(_ name: String) -> [ParameterValue]? {
    guard let e = arguments.options[name]?.value else { return nil }
    switch e.kind {
    case .list(let items): return items.compactMap(\.parameterValue)
    case .range(let lo, let hi):
      guard case .integer(let a) = lo.kind, case .integer(let b) = hi.kind, a <= b else { return nil }
      return (a...b).map { .integer($0) }
    default: return e.parameterValue.map { [$0] }
    }
  }

  /// A comma list of column names or globs.
  func names(_ name: String) -> [String] {
    guard let e = arguments.options[name]?.value else { return [] }
    return Self.words(e)
  }

  static func words(_ e: Expression) -> [String] {
    switch e.kind {
    case .list(let items): items.flatMap(words)
    case .name(let n), .glob(let n), .string(let n): [n]
    default: []
    }
  }

  // MARK: Positionals

  func positionals(_ slot: String) -> [Expression] { arguments.positionals[slot] ?? [] }

  func positionalWords(_ slot: String) -> [String] { positionals(slot).flatMap(Self.words) }

  func positionalText(_ slot: String) -> String? {
    guard let e = positionals(slot).first else { return nil }
    switch e.kind {
    case .string(let s), .name(let s): return s
    default: return nil
    }
  }

  // MARK: Frames and expressions

  /// Commands that only read a frame and print what they found: on a cluster frame they read
  /// its rows brought to seg whole (up to the pull limit), so their output is seg's.
  static let readsPulledRows: Set<String> = ["profile", "plot"]

  /// The frame the command reads: `from=` or the current one.
  func inputFrame() throws -> (name: String, frame: DataFrame) {
    if let (name, remote) = clusterInput() {
      guard Self.readsPulledRows.contains(command.verb) else { throw Catalog.onCluster(name, verb: command.verb) }
      return (name, env.catalog.stamped(try pullWhole(remote.plan, of: name, why: " for \(command.verb)", at: command.verbRange, help: sampleFirst(name))))
    }
    if let name = text("from") { return (name, try env.catalog.frame(named: name)) }
    return try env.catalog.current()
  }

  var context: EvaluationContext { EvaluationContext(today: env.today) }

  /// An expression of the script as the engine's, with segment names read as their numbers.
  func lower(_ e: Expression) throws -> ColumnExpr { try Lowering.lower(try SegmentNames.resolve(e, names: env.catalog.segmentNames)) }

  /// Evaluates an expression of the script over `frame`; errors point at the expression.
  func evaluate(_ e: Expression, on frame: DataFrame, condition: Bool = false) throws -> Column {
    let lowered = try lower(e)
    do {
      return condition
        ? try frame.evaluateCondition(lowered, context: context) : try frame.evaluate(lowered, context: context)
    } catch let error as EngineError {
      switch error {
      case .invalidExpression, .typeMismatch: throw Diagnostic(message: error.message, range: e.range)
      default: throw error
      }
    }
  }

  /// The `where` condition evaluated on `frame`, or nil when there is none.
  func whereMask(_ frame: DataFrame) throws -> Column? {
    guard let c = arguments.condition else { return nil }
    return try evaluate(c, on: frame, condition: true)
  }

  /// Rows kept by `where` (all rows when there is none).
  func whereRows(_ frame: DataFrame) throws -> DataFrame {
    guard let mask = try whereMask(frame) else { return frame }
    return try frame.filtering(mask)
  }

  /// Keeps a command's result table as a frame under `as name` (not made current), saying so;
  /// nothing without `as`.
  func keepResult(_ make: () throws -> DataFrame) throws {
    guard let name = outputName else { return }
    let kept = try make()
    env.catalog.store(kept, as: name, makeCurrent: false)
    message("kept as frame \(name) (\(shape(kept)))")
  }

  /// Saves a frame under `as name`, or replaces the frame it came from.
  func storeResult(_ frame: DataFrame, replacing name: String) {
    env.catalog.store(frame, as: outputName ?? name)
  }

  func path(_ raw: String) -> String { env.resolve(path: raw) }

  /// The rows `where` selects, as flags (nil: all rows).
  func whereFlags(_ frame: DataFrame) throws -> [Bool]? { try whereMask(frame).map { try $0.trueFlags() } }
}

/// Formats counts for messages: 1,234,567.
func grouped(_ n: Int) -> String { ValueFormatter.grouped(n) }

/// "1 row" / "2 rows".
func plural(_ n: Int, _ word: String) -> String { "\(grouped(n)) \(word)\(n == 1 ? "" : "s")" }
