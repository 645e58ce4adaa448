/// Scoring customer summaries held in frames: the columns `lifetime` makes, or a summary
/// frame from elsewhere with the same column names.
extension LifetimeModel {
  /// The columns the model reads: frequency, recency and T (and monetary_value with a spend model).
  public var inputColumns: [String] { ["frequency", "recency", "T"] + (spend == nil ? [] : ["monetary_value"]) }

  /// The frame with p_alive, expected_purchases and, with a spend model, expected_spend and
  /// clv added (replacing columns of those names).
  public func scored(_ frame: DataFrame) throws -> DataFrame {
    let values = try inputColumns.map { try Self.numbers(frame, $0) }
    let scores = try score(frequency: values[0], recency: values[1], age: values[2], monetary: spend == nil ? nil : values[3])
    var out = frame
    try out.setColumn(.doubles("p_alive", scores.probabilityAlive))
    try out.setColumn(.doubles("expected_purchases", scores.expectedPurchases))
    if let spend = scores.expectedSpend, let value = scores.value {
      try out.setColumn(.doubles("expected_spend", spend))
      try out.setColumn(.doubles("clv", value))
    }
    return out
  }

  /// A summary column's values; it must hold numbers.
  static func numbers(_ frame: DataFrame, _ name: String) throws -> [Double] {
    let column = try frame.column(name)
    guard column.type.isNumeric, let values = column.doubles() else {
      throw EngineError.typeMismatch(column: name, expected: "numbers", actual: column.type.rawValue)
    }
    return values
  }
}
