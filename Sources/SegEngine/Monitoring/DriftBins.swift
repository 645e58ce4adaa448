/// A column of a baseline and a current frame counted into the same bins, which every
/// binned drift measure (PSI, chi-squared, Jensen–Shannon) compares.
public struct DriftBins: Sendable, Equatable {
  /// How a bin reads: "≤ 35", "(35, 49]", "> 61", "married", "(unseen)", "(missing)".
  public var labels: [String]
  public var baseline: [Int]
  public var current: [Int]

  public var baselineTotal: Int { baseline.reduce(0, +) }
  public var currentTotal: Int { current.reduce(0, +) }

  /// Shares of each side's rows per bin.
  public var baselineShares: [Double] { Self.shares(baseline) }
  public var currentShares: [Double] { Self.shares(current) }

  static func shares(_ counts: [Int]) -> [Double] {
    let total = Double(max(counts.reduce(0, +), 1))
    return counts.map { Double($0) / total }
  }

  mutating func append(_ label: String, _ b: Int, _ c: Int) {
    labels.append(label)
    baseline.append(b)
    current.append(c)
  }

  /// The bin whose share moved most, as (index, baseline share, current share); nil when
  /// no share moved.
  public var largestShift: (bin: Int, baseline: Double, current: Double)? {
    let b = baselineShares, c = currentShares
    guard let i = b.indices.max(by: { abs(c[$0] - b[$0]) < abs(c[$1] - b[$1]) }), c[i] != b[i] else { return nil }
    return (i, b[i], c[i])
  }
}
