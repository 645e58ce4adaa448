/// What `lifetime` does in one call: summarise the transactions (or read a summary), fit the
/// model, score every customer and, with a calibration end, check the model on the holdout.
public struct LifetimeAnalysis: Sendable {
  /// The summary made from transactions; nil when the input was a summary already.
  public var summary: PurchaseSummary?
  public var model: LifetimeModel
  /// The summary's columns with the scores.
  public var frame: DataFrame
  /// Holdout purchases against the model's expectation, with a calibration end.
  public var holdoutCheck: [LifetimeModel.HoldoutGroup]?
  /// Customers with no repeat purchase (frequency 0).
  public var withoutRepeat: Int

  public init(transactions: DataFrame, amount: Column?, summary options: PurchaseSummary.Options,
              model modelOptions: LifetimeModel.Options) throws {
    try self.init(summary: try PurchaseSummary(transactions, amount: amount, options: options), model: modelOptions)
  }

  /// Fits on a summary of transactions made already (where they are, on a cluster).
  public init(summary: PurchaseSummary, model modelOptions: LifetimeModel.Options) throws {
    self.summary = summary
    model = try LifetimeModel.fit(frequency: summary.frequency, recency: summary.recency, age: summary.age,
      monetary: summary.monetary, unit: summary.unit, options: modelOptions)
    frame = try model.scored(try summary.frame())
    holdoutCheck = summary.holdout == nil ? nil : try model.holdoutCheck(summary)
    withoutRepeat = summary.frequency.count { $0 == 0 }
  }

  /// Fits on a frame that is a summary already: frequency, recency and T in `unit` (and
  /// monetary_value for spend), as lifetimes' summary tables hold them.
  public init(summaryFrame: DataFrame, unit: PurchaseSummary.Period, model modelOptions: LifetimeModel.Options) throws {
    let names = ["frequency", "recency", "T"] + (modelOptions.spend ? ["monetary_value"] : [])
    let columns = try names.map { try LifetimeModel.numbers(summaryFrame, $0) }
    summary = nil
    model = try LifetimeModel.fit(frequency: columns[0], recency: columns[1], age: columns[2],
      monetary: modelOptions.spend ? columns[3] : nil, unit: unit, options: modelOptions)
    frame = try model.scored(summaryFrame)
    holdoutCheck = nil
    withoutRepeat = columns[0].count { $0 == 0 }
  }
}
