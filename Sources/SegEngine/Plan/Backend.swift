/// Runs logical plans. The local backend runs them on columnar frames in memory; database
/// and Spark backends will print them as SQL or send them to the cluster.
public protocol Backend: Sendable {
  func execute(_ plan: LogicalPlan) throws -> DataFrame
}

/// An expression of a plan that could not be evaluated, so the caller can point at the text
/// it came from.
public struct PlanExpressionError: Error, Sendable {
  public let expression: ColumnExpr
  public let error: EngineError
}

/// The local backend: every step is the engine's columnar operation on the frames it holds.
public struct LocalBackend: Backend {
  public var frames: [String: DataFrame]
  public var context: EvaluationContext

  public init(frames: [String: DataFrame], context: EvaluationContext) {
    self.frames = frames
    self.context = context
  }

  public func execute(_ plan: LogicalPlan) throws -> DataFrame {
    switch plan {
    case .scan(let name):
      guard let frame = frames[name] else { throw EngineError.frameNotFound(name: name, available: frames.keys.sorted()) }
      return frame
    case .filter(let input, let condition):
      let frame = try execute(input)
      return try frame.filtering(try evaluate(condition, on: frame, condition: true))
    case .project(let input, let columns):
      return try execute(input).selecting(columns)
    case .derive(let input, let columns, let condition):
      var frame = try execute(input)
      let rows = try condition.map { try evaluate($0, on: frame, condition: true).trueFlags() }
      for derived in columns {
        var column = try evaluate(derived.expression, on: frame)
        column.name = derived.name
        if let rows { column = try column.merged(taking: rows, otherwise: frame.index(of: derived.name).map { frame.columns[$0] }) }
        try frame.setColumn(column)
      }
      return frame
    case .sort(let input, let keys):
      return try execute(input).sorted(by: keys)
    case .dedupe(let input, let keys, let keep):
      return try execute(input).deduplicated(by: keys, keep: keep)
    case .sample(let input, let rows, let seed):
      let frame = try execute(input)
      guard rows < frame.rowCount else { return frame }
      var generator = SeededGenerator(seed: seed)
      return frame.gather(generator.sample(rows, from: frame.rowCount).sorted())
    case .join(let left, let right, let keys, let kind, let suffix):
      return try execute(left).joined(with: try execute(right), on: keys, kind: kind, suffix: suffix)
    case .aggregate(let input, let keys, let outputs):
      let frame = try execute(input)
      let specs = try outputs.map { o in
        var input = try o.input.map { try evaluate($0, on: frame) }
        // A column read as it is keeps its name, so a message about it names it (sum(region)).
        if case .column(let name)? = o.input { input?.name = name }
        return AggregateSpec(name: o.name, function: o.function, input: input)
      }
      return try frame.aggregated(by: keys, specs)
    case .applyModel(let input, let model, let label):
      return try model.label(try execute(input), as: label)
    case .prepare(let input, let step, _, _):
      return try step.apply(to: try execute(input))
    case .rfm(let input, let step):
      let frame = try execute(input)
      return try RFM.compute(frame, amount: try evaluate(step.amount, on: frame), options: step.options, rules: step.rules).frame
    }
  }

  private func evaluate(_ expression: ColumnExpr, on frame: DataFrame, condition: Bool = false) throws -> Column {
    do {
      return condition ? try frame.evaluateCondition(expression, context: context) : try frame.evaluate(expression, context: context)
    } catch let error as EngineError {
      switch error {
      case .invalidExpression, .typeMismatch: throw PlanExpressionError(expression: expression, error: error)
      default: throw error
      }
    }
  }
}
