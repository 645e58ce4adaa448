import Foundation

/// The model checks of the buy-till-you-die literature: holdout purchases against the
/// model's expectation by calibration frequency, P(alive) over frequency and recency, and
/// cumulative repeat transactions against the model's tracking curve.
extension LifetimeModel {
  /// One calibration-frequency group of the holdout check.
  public struct HoldoutGroup: Sendable, Equatable {
    /// "0" … "6", then "7+".
    public var label: String
    public var customers: Int
    /// Mean holdout purchases: actual, and as the model expected from the calibration.
    public var actual: Double
    public var expected: Double
  }

  /// Mean actual and expected holdout purchases per calibration frequency 0, 1, …, with
  /// `groups` and more together (Fader, Hardie and Lee's 7+).
  public func holdoutCheck(_ summary: PurchaseSummary, groups: Int = 7) throws -> [HoldoutGroup] {
    guard let holdout = summary.holdout else {
      throw EngineError.invalidParameter(name: "calibration_end", value: "none", reason: "the holdout check needs a calibration_end= date, so there are purchases to compare with")
    }
    let expected = try expectedPurchases(in: holdout.duration, frequency: summary.frequency, recency: summary.recency, age: summary.age)
    var sums = [(Int, Double, Double)](repeating: (0, 0, 0), count: groups + 1)
    for i in summary.frequency.indices {
      let g = min(Int(summary.frequency[i]), groups)
      sums[g].0 += 1
      sums[g].1 += holdout.frequency[i]
      sums[g].2 += expected[i]
    }
    return sums.enumerated().compactMap { g, s in
      s.0 == 0 ? nil : HoldoutGroup(label: g == groups ? "\(groups)+" : String(g), customers: s.0, actual: s.1 / Double(s.0), expected: s.2 / Double(s.0))
    }
  }

  /// P(alive) of a customer of age `age` for frequencies 0…`maxFrequency` (rows) and
  /// `columns` recencies evenly from 0 to `age`.
  public func aliveMatrix(maxFrequency: Int, age: Double, columns: Int = 12) -> (frequencies: [Int], recencies: [Double], values: [[Double]]) {
    let recencies = (0..<columns).map { age * Double($0) / Double(columns - 1) }
    let process = self.process
    let values = (0...maxFrequency).map { x in
      recencies.map { process.probabilityAlive(frequency: Double(x), recency: $0, age: age) }
    }
    return (Array(0...maxFrequency), recencies, values)
  }

  /// Cumulative repeat purchases per unit of time since the first purchase in the data:
  /// actual, and expected from each customer's first purchase on (lifetimes'
  /// expected_cumulative_transactions).
  public func tracking(_ summary: PurchaseSummary) -> (actual: [Double], expected: [Double]) {
    let t = summary.tracking
    let perUnit = summary.unit.days / summary.period.days
    let points = t.births.count / perUnit
    let process = self.process
    // Expected purchases k periods after a first purchase, for every k the sums need.
    let afterBirth = (0...t.births.count).map { k in k == 0 ? 0 : process.expectedPurchasesOfNewCustomer(in: Double(k) / Double(perUnit)) }
    var actual: [Double] = [], expected: [Double] = []
    var seen = 0.0
    for j in stride(from: 1, through: points, by: 1) {
      let end = j * perUnit
      seen += Double(t.repeats[(end - perUnit)..<end].reduce(0, +))
      actual.append(seen)
      expected.append((0..<end).reduce(0) { $0 + Double(t.births[$1]) * afterBirth[end - $1] })
    }
    return (actual, expected)
  }
}
