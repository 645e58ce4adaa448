/// An expression over a frame's columns, evaluated a whole column at a time.
public indirect enum ColumnExpr: Sendable, Equatable {
  case column(String)
  case literal(Scalar)
  case negate(ColumnExpr)
  case not(ColumnExpr)
  case binary(BinaryOperator, ColumnExpr, ColumnExpr)
  case call(String, [ColumnExpr])
  case isMissing(ColumnExpr, negated: Bool)
  case inList(ColumnExpr, [ColumnExpr], negated: Bool)
  case between(ColumnExpr, ColumnExpr, ColumnExpr)

  /// Every column name the expression reads.
  public var columnNames: [String] {
    switch self {
    case .column(let n): [n]
    case .literal: []
    case .negate(let e), .not(let e), .isMissing(let e, _): e.columnNames
    case .binary(_, let a, let b): a.columnNames + b.columnNames
    case .call(_, let args): args.flatMap(\.columnNames)
    case .inList(let e, let list, _): e.columnNames + list.flatMap(\.columnNames)
    case .between(let e, let lo, let hi): e.columnNames + lo.columnNames + hi.columnNames
    }
  }
}

/// The binary operators of expressions.
public enum BinaryOperator: String, Sendable, CaseIterable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
  case and, or

  var isComparison: Bool {
    [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(self)
  }
  var isArithmetic: Bool { [.add, .subtract, .multiply, .divide, .remainder].contains(self) }
}

/// Facts an expression may need that do not come from the frame.
public struct EvaluationContext: Sendable {
  /// The day `today()` returns (days since 1970-01-01); callers fix it for reproducible runs.
  public var today: Int
  public init(today: Int) { self.today = today }
}
