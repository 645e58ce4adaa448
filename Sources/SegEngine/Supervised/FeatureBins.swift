/// Number features cut into at most 255 bins (and one more for missing values), as
/// scikit-learn's HistGradientBoosting and LightGBM bin them, so trees look at 255 candidate
/// thresholds per feature instead of every distinct value: with up to 255 distinct values a
/// bin per value, cut halfway between neighbours; with more, cut at the percentiles of up
/// to 200,000 rows drawn with the seed. A feature of
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
  /// (empty: none) marks features of category indices.
  public init(fitting features: [[Double]], categoryCounts: [Int] = [], maxBins: Int = 255, subsample: Int = 200_000, seed: UInt64 = 0) {
    precondition((2...255).contains(maxBins))
    var g = SeededGenerator(seed: seed)
    let n = features.first?.count ?? 0
    let rows = n > subsample ? g.sample(subsample, from: n).sorted() : nil
    self.categoryCounts = categoryCounts.isEmpty ? Array(repeating: 0, count: features.count) : categoryCounts
    thresholds = zip(features, self.categoryCounts).map { column, categories in
      guard categories == 0 else { return [] }
      var present = (rows.map { $0.map { column[$0] } } ?? column).filter { !$0.isNaN }
      present.sort()
      return Self.thresholds(sorted: present, maxBins: maxBins)
    }
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
