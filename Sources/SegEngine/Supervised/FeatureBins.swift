/// Number features cut into at most 255 bins (and one more for missing values), as
/// scikit-learn's HistGradientBoosting and LightGBM bin them, so trees look at 255 candidate
/// thresholds per feature instead of every distinct value: with up to 255 distinct values a
/// bin per value, cut halfway between neighbours; with more, cut at the percentiles of up
/// to 200,000 rows drawn with the seed. Rows with weights (class_weight) count by their
/// weight in the percentiles, or in the draw, as scikit-learn 1.9 bins them. A feature of
/// category indices (fewer than 255) has a bin per category.
public struct FeatureBins: Sendable, Equatable {
  /// The bin of a missing value.
  public static let missingBin: UInt8 = 255
  /// Per feature, ascending: a value ≤ thresholds[b] (and above thresholds[b - 1]) is in bin b.
  /// (None for a feature of category indices.)
  public let thresholds: [[Double]]
  /// Per feature, the number of categories it indexes; 0 for a number feature.
  public let categoryCounts: [Int]

  /// Learns the bins of each of column-major `features` (NaN = missing); `categoryCounts`
  /// (empty: none) marks features of category indices; `weights` (one per row, positive) weigh rows.
  public init(
    fitting features: [[Double]], categoryCounts: [Int] = [], maxBins: Int = 255, subsample: Int = 200_000, seed: UInt64 = 0, weights: [Double]? = nil
  ) {
    precondition((2...255).contains(maxBins))
    var g = SeededGenerator(seed: seed)
    let n = features.first?.count ?? 0
    var rows: [Int]? = nil
    if n > subsample {
      // Weighted rows are drawn as often as they weigh (with replacement); their weights are then spent.
      rows = weights.map { Self.draw(subsample, weights: $0, &g).sorted() } ?? g.sample(subsample, from: n).sorted()
    }
    let weights = rows == nil ? weights : nil
    self.categoryCounts = categoryCounts.isEmpty ? Array(repeating: 0, count: features.count) : categoryCounts
    thresholds = zip(features, self.categoryCounts).map { column, categories in
      guard categories == 0 else { return [] }
      if let weights {
        let order = column.indices.filter { !column[$0].isNaN }.sorted { column[$0] < column[$1] }
        return Self.thresholds(sorted: order.map { column[$0] }, weights: order.map { weights[$0] }, maxBins: maxBins)
      }
      var present = (rows.map { $0.map { column[$0] } } ?? column).filter { !$0.isNaN }
      present.sort()
      return Self.thresholds(sorted: present, maxBins: maxBins)
    }
  }

  /// `count` rows drawn with replacement, each as likely as its share of the weight.
  private static func draw(_ count: Int, weights: [Double], _ g: inout SeededGenerator) -> [Int] {
    let cumulative = runningSums(weights), sum = cumulative.last ?? 0
    return (0..<count).map { _ in min(lowerBound(cumulative, g.uniform() * sum), weights.count - 1) }
  }

  /// Each prefix's sum, in order (NumPy's cumsum).
  private static func runningSums(_ values: [Double]) -> [Double] {
    var sums: [Double] = []
    sums.reserveCapacity(values.count)
    var sum = 0.0
    for v in values {
      sum += v
      sums.append(sum)
    }
    return sums
  }

  /// The first index whose value is at least `x`, in ascending `values`.
  private static func lowerBound(_ values: [Double], _ x: Double) -> Int {
    var low = 0, high = values.count
    while low < high {
      let middle = (low + high) / 2
      if values[middle] < x { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// The thresholds of values sorted ascending with their weights: a bin per distinct value
  /// while there are few, else scikit-learn's `_weighted_percentile(average=True)` (the
  /// weighted "averaged_inverted_cdf") at the same percentiles as the unweighted cuts.
  static func thresholds(sorted values: [Double], weights: [Double], maxBins: Int) -> [Double] {
    var distinct = 0
    for (i, v) in values.enumerated() where i == 0 || values[i - 1] != v { distinct += 1 }
    guard distinct > maxBins else { return thresholds(sorted: values, maxBins: maxBins) }
    let cdf = runningSums(weights), sum = cdf.last ?? 0
    let last = values.count - 1, step = 100 / Double(maxBins)
    var found: [Double] = []
    for k in 1..<maxBins {
      var rank = Double(k) * step / 100 * sum
      if rank == 0 { rank = rank.nextUp }
      let i = min(lowerBound(cdf, rank), last)
      // On a point of the weighted distribution, halfway to the next value; between two, the higher.
      let cut = cdf[i] - rank > Double.ulpOfOne ? values[i] : (values[i] + values[min(i + 1, last)]) / 2
      if found.last != cut { found.append(cut) }
    }
    return found.map { min($0, Double.greatestFiniteMagnitude) }
  }

  static func thresholds(sorted values: [Double], maxBins: Int) -> [Double] {
    var distinct: [Double] = []
    for v in values where distinct.last != v { distinct.append(v) }
    let cuts: [Double]
    if distinct.count <= maxBins {
      cuts = zip(distinct, distinct.dropFirst()).map { ($0 + $1) * 0.5 }
    } else {
      // NumPy's percentile(method="averaged_inverted_cdf") at linspace(0, 100, maxBins + 1)'s
      // inner points, in NumPy's arithmetic; repeated cuts dropped, as scikit-learn does.
      let n = values.count
      let step = 100 / Double(maxBins)
      var found: [Double] = []
      for k in 1..<maxBins {
        let g = Double(n) * (Double(k) * step / 100) - 1
        let low = g.rounded(.down)
        let a = values[min(max(Int(low), 0), n - 1)], b = values[min(max(Int(low) + 1, 0), n - 1)]
        let cut = g == low ? b - (b - a) * 0.5 : b
        if found.last != cut { found.append(cut) }
      }
      cuts = found
    }
    // No threshold at +infinity: that one is kept for the split of missing from present values.
    return cuts.map { min($0, Double.greatestFiniteMagnitude) }
  }

  /// The bins a feature's present values use (its last bin has no threshold).
  public func presentBins(_ feature: Int) -> Int { categoryCounts[feature] > 0 ? categoryCounts[feature] : thresholds[feature].count + 1 }

  /// `presentBins` of every feature, in order.
  public var presentBinCounts: [Int] { thresholds.indices.map(presentBins) }

  /// The bin of each value of column-major `features`, per feature.
  public func bin(_ features: [[Double]]) -> [[UInt8]] {
    zip(features, thresholds).enumerated().map { f, feature in
      let (column, cuts) = feature
      return column.map { value in
        if value.isNaN { return Self.missingBin }
        if categoryCounts[f] > 0 { return UInt8(value) }
        // The number of thresholds below the value.
        var low = 0, high = cuts.count
        while low < high {
          let middle = (low + high) / 2
          if value <= cuts[middle] { high = middle } else { low = middle + 1 }
        }
        return UInt8(low)
      }
    }
  }
}
