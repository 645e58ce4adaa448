/// A column of a baseline and a current frame counted into the same bins, which every
/// binned drift measure (PSI, chi-squared, Jensen–Shannon) compares.
public struct DriftBins: Sendable, Equatable {
  /// How a bin reads: "≤ 35", "35 – 49", "> 61", "married", "(unseen)", "(missing)".
  public var labels: [String]
  public var baseline: [Int]
  public var current: [Int]
  /// Upper edges of the numeric bins (the last bin is open); empty for categories.
  public var edges: [Double]

  public var baselineTotal: Int { baseline.reduce(0, +) }
  public var currentTotal: Int { current.reduce(0, +) }

  /// Shares of each side's rows per bin.
  public var baselineShares: [Double] { Self.shares(baseline) }
  public var currentShares: [Double] { Self.shares(current) }

  static func shares(_ counts: [Int]) -> [Double] {
    let total = Double(max(counts.reduce(0, +), 1))
    return counts.map { Double($0) / total }
  }

  /// Numbers binned at the baseline's quantiles i/`bins` (numpy's linear quantiles), each bin
  /// closed on the right. Tied quantiles are merged into one edge, so a column where one value
  /// holds most rows (Bank Marketing's pdays: 82 % are -1) keeps that value in a bin of its own
  /// instead of collapsing every bin into one and reading no drift. Missing values (NaN) have
  /// a bin of their own when either side has any. A constant baseline is binned below, at
  /// and above its value.
  static func numeric(baselineSorted: [Double], baselineMissing: Int, current: [Double], bins: Int,
                      format: (Double) -> String) -> DriftBins {
    var edges: [Double] = []
    for i in 1..<bins {
      let e = Statistics.quantile(sorted: baselineSorted, Double(i) / Double(bins))
      if edges.last != e { edges.append(e) }
    }
    if let only = baselineSorted.first, only == baselineSorted.last { edges = [only.nextDown, only] }
    var baselineCounts = Array(repeating: 0, count: edges.count + 1)
    // The baseline is sorted: each bin's count is where its edge falls.
    var start = 0
    for (b, e) in edges.enumerated() {
      let end = upperBound(baselineSorted, e, from: start)
      baselineCounts[b] = end - start
      start = end
    }
    baselineCounts[edges.count] = baselineSorted.count - start
    var currentCounts = Array(repeating: 0, count: edges.count + 1)
    var currentMissing = 0
    for x in current {
      if x.isNaN { currentMissing += 1; continue }
      currentCounts[binIndex(edges, x)] += 1
    }
    var labels: [String] = []
    for b in 0...edges.count {
      if edges.count == 2 && edges[0] == edges[1].nextDown {
        labels = ["< " + format(edges[1]), format(edges[1]), "> " + format(edges[1])]
        break
      }
      if b == 0 { labels.append("≤ " + format(edges.first ?? .infinity)) }
      else if b == edges.count { labels.append("> " + format(edges[b - 1])) }
      else { labels.append(format(edges[b - 1]) + " – " + format(edges[b])) }
    }
    if baselineMissing + currentMissing > 0 {
      labels.append("(missing)")
      baselineCounts.append(baselineMissing)
      currentCounts.append(currentMissing)
    }
    return DriftBins(labels: labels, baseline: baselineCounts, current: currentCounts, edges: edges)
  }

  /// Categories: one bin per baseline category (in label order), one for every category the
  /// baseline never had ("(unseen)"), and one for missing values when either side has any.
  static func categorical(baseline: [String?], current: [String?]) -> DriftBins {
    var baselineCounts: [String: Int] = [:]
    var baselineMissing = 0
    for v in baseline {
      if let v { baselineCounts[v, default: 0] += 1 } else { baselineMissing += 1 }
    }
    let categories = baselineCounts.keys.sorted()
    var index: [String: Int] = [:]
    for (i, c) in categories.enumerated() { index[c] = i }
    var currentCounts = Array(repeating: 0, count: categories.count)
    var unseen = 0
    var currentMissing = 0
    for v in current {
      guard let v else { currentMissing += 1; continue }
      if let i = index[v] { currentCounts[i] += 1 } else { unseen += 1 }
    }
    var bins = DriftBins(labels: categories, baseline: categories.map { baselineCounts[$0]! }, current: currentCounts, edges: [])
    if unseen > 0 { bins.append("(unseen)", 0, unseen) }
    if baselineMissing + currentMissing > 0 { bins.append("(missing)", baselineMissing, currentMissing) }
    return bins
  }

  private mutating func append(_ label: String, _ b: Int, _ c: Int) {
    labels.append(label)
    baseline.append(b)
    current.append(c)
  }

  /// The index of the first edge ≥ x (bins are closed on the right), or the open last bin.
  @inline(__always)
  static func binIndex(_ edges: [Double], _ x: Double) -> Int {
    var lo = 0
    var hi = edges.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if edges[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The first index at or after `from` whose value is above `x`, in a sorted array.
  static func upperBound(_ sorted: [Double], _ x: Double, from: Int) -> Int {
    var lo = from
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The bin whose share moved most, as (index, baseline share, current share).
  public var largestShift: (bin: Int, baseline: Double, current: Double)? {
    let b = baselineShares, c = currentShares
    guard let i = b.indices.max(by: { abs(c[$0] - b[$0]) < abs(c[$1] - b[$1]) }) else { return nil }
    return (i, b[i], c[i])
  }
}
