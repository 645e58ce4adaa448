/// What `lifetime` does in one call: summarise the transactions, fit the model, score every
/// customer and, with a calibration end, check the model on the holdout.
public struct LifetimeAnalysis: Sendable {
  public var summary: PurchaseSummary
  public var model: LifetimeModel
  /// The summary's columns with the scores.
  public var frame: DataFrame
  /// Holdout purchases against the model's expectation, with a calibration end.
  public var holdoutCheck: [LifetimeModel.HoldoutGroup]?

  public init(transactions: DataFrame, amount: Column?, summary options: PurchaseSummary.Options,
              model modelOptions: LifetimeModel.Options) throws {
    summary = try PurchaseSummary(transactions, amount: amount, options: options)
    model = try LifetimeModel.fit(frequency: summary.frequency, recency: summary.recency, age: summary.age,
      monetary: summary.monetary, unit: summary.unit, options: modelOptions)
    frame = try model.scored(try summary.frame())
    holdoutCheck = summary.holdout == nil ? nil : try model.holdoutCheck(summary)
  }
}
