/// What a data verb asks for, as a tree of relational steps over column expressions, so that
/// a backend can run it: the local columnar engine today, a database or Spark by printing it.
public indirect enum LogicalPlan: Sendable, Equatable {
  /// A frame (or table) by name.
  case scan(String)
  /// The rows where the condition is true (missing counts as false, as in SQL).
  case filter(LogicalPlan, ColumnExpr)
  /// These columns, in this order.
  case project(LogicalPlan, [String])
  /// New or replaced columns, each computed from the columns before it; with a condition,
  /// only those rows get the new value (the others keep the old one, or missing).
  case derive(LogicalPlan, [DerivedColumn], where: ColumnExpr?)
  /// Rows ordered by the keys; ties keep their order, missing values last.
  case sort(LogicalPlan, [SortKey])
  /// The first (or last) row of each set of rows that repeat the key columns (all columns
  /// when none are named), in their original order.
  case dedupe(LogicalPlan, by: [String], keep: KeepPolicy)
  /// A seeded random sample of at most `rows` rows, in their original order.
  case sample(LogicalPlan, rows: Int, seed: UInt64)
  /// The left rows with the right's columns where the keys match (missing never matches).
  case join(LogicalPlan, LogicalPlan, on: [String], kind: JoinKind, suffix: String)
  /// One row per group of the key columns, in order of first appearance.
  case aggregate(LogicalPlan, by: [String], [AggregateExpression])
  /// The rows labelled by a fitted segmentation (its pipeline replayed, its clusterer applied).
  case applyModel(LogicalPlan, SegmentationModel, as: String)
  /// The rows with a fitted preparation step applied to the values (a fill, a limit, new
  /// columns), reading its inputs as models read them after the feature steps `through`;
  /// the columns in `wholeNumbers` stay whole numbers, as seg's engine keeps them.
  case prepare(LogicalPlan, FittedStep, through: [FittedStep], wholeNumbers: Set<String>)
  /// Transactions in, one row per customer out: recency, frequency, monetary value, their
  /// scores and the RFM segment (`RFM.compute`).
  case rfm(LogicalPlan, RFMStep)

  /// The plan this step reads (the left one of a join); nil for a scan.
  public var input: LogicalPlan? {
    switch self {
    case .scan: nil
    case .filter(let p, _), .project(let p, _), .derive(let p, _, _), .sort(let p, _), .sample(let p, _, _), .dedupe(let p, _, _),
      .join(let p, _, _, _, _), .aggregate(let p, _, _), .applyModel(let p, _, _), .rfm(let p, _), .prepare(let p, _, _, _):
      p
    }
  }
}

/// What an `rfm` step computes: the transactions' columns, the amount of each, the scores'
/// bins and the table that names segments.
public struct RFMStep: Sendable, Equatable {
  public var options: RFM.Options
  public var amount: ColumnExpr
  public var rules: [RFMRule]
  public init(options: RFM.Options, amount: ColumnExpr, rules: [RFMRule]) {
    self.options = options
    self.amount = amount
    self.rules = rules
  }
}

/// `name = expression` in a derive step.
public struct DerivedColumn: Sendable, Equatable {
  public var name: String
  public var expression: ColumnExpr
  public init(_ name: String, _ expression: ColumnExpr) {
    self.name = name
    self.expression = expression
  }
}

/// `name = function(expression)` in an aggregate step; `count()` has no input.
public struct AggregateExpression: Sendable, Equatable {
  public var name: String
  public var function: AggregateFunction
  public var input: ColumnExpr?
  public init(_ name: String, _ function: AggregateFunction, _ input: ColumnExpr?) {
    self.name = name
    self.function = function
    self.input = input
  }
}

extension LogicalPlan {
  /// The plan with each scan `replacement` knows replaced by the plan it gives (a frame on a
  /// cluster by the steps that make it there); other scans stay.
  public func replacingScans(_ replacement: (String) throws -> LogicalPlan?) rethrows -> LogicalPlan {
    switch self {
    case .scan(let name): return try replacement(name) ?? self
    case .filter(let p, let c): return .filter(try p.replacingScans(replacement), c)
    case .project(let p, let c): return .project(try p.replacingScans(replacement), c)
    case .derive(let p, let c, let w): return .derive(try p.replacingScans(replacement), c, where: w)
    case .sort(let p, let k): return .sort(try p.replacingScans(replacement), k)
    case .sample(let p, let r, let s): return .sample(try p.replacingScans(replacement), rows: r, seed: s)
    case .dedupe(let p, let by, let keep): return .dedupe(try p.replacingScans(replacement), by: by, keep: keep)
    case .join(let l, let r, let on, let kind, let suffix):
      return .join(try l.replacingScans(replacement), try r.replacingScans(replacement), on: on, kind: kind, suffix: suffix)
    case .aggregate(let p, let by, let o): return .aggregate(try p.replacingScans(replacement), by: by, o)
    case .applyModel(let p, let m, let l): return .applyModel(try p.replacingScans(replacement), m, as: l)
    case .rfm(let p, let step): return .rfm(try p.replacingScans(replacement), step)
    case .prepare(let p, let step, let through, let whole): return .prepare(try p.replacingScans(replacement), step, through: through, wholeNumbers: whole)
    }
  }
}
