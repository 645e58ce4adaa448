import SegEngine

/// Data verbs as logical plans: a command states what it wants over the frame it reads, the
/// backend runs it, and an expression the backend cannot evaluate is reported at its text.
extension Invocation {
  /// The frame the command reads (`from=` or the current one) as a scan, filtered by the
  /// command's `where` when it has one.
  func source(applyingWhere: Bool = true) throws -> (name: String, plan: LogicalPlan) {
    let name = try clusterInput()?.name ?? inputFrame().name
    guard applyingWhere, let condition = arguments.condition else { return (name, .scan(name)) }
    return (name, .filter(.scan(name), try planExpression(condition)))
  }

  /// A script expression lowered for a plan, remembered with its place in the text.
  func planExpression(_ e: Expression) throws -> ColumnExpr {
    let lowered = try lower(e)
    self.lowered.append((lowered, e.range))
    return lowered
  }

  /// Runs `plan` on the session's frames.
  func run(_ plan: LogicalPlan) throws -> DataFrame {
    do {
      return try LocalBackend(frames: env.catalog.frames, context: context).execute(plan)
    } catch let failure as PlanExpressionError {
      throw Diagnostic(message: failure.error.message, range: lowered.first { $0.expression == failure.expression }?.range ?? command.range)
    }
  }
}
