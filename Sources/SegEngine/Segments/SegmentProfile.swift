/// What sets each segment apart: its size, its averages against the whole base, its most
/// over-represented categories, how strongly each feature separates the segments, and its
/// most typical customer.
public struct SegmentProfile: Sendable {
  /// The segment labels, ascending (noise, -1, first when present).
  public var labels: [Int]
  public var sizes: [Int: Int]
  public var total: Int
  public var numeric: [NumericSummary]
  public var categorical: [CategorySummary]
  /// Per segment, the row (of the rows given) of its most typical customer.
  public var medoids: [Int: Int]

  /// One number's summary: the base and each segment.
  public struct NumericSummary: Sendable {
    public var name: String
    public var baseMean: Double
    public var baseMedian: Double
    /// Population standard deviation of the base, the unit of `difference`.
    public var baseStd: Double
    public var means: [Int: Double]
    public var medians: [Int: Double]
    public var separation: Separation

    /// How far a segment's mean lies from the base's, in base standard deviations.
    public func difference(_ label: Int) -> Double {
      baseStd > 0 ? (means[label]! - baseMean) / baseStd : 0
    }
  }

  /// One category column's most over-represented values per segment.
  public struct CategorySummary: Sendable {
    public var name: String
    /// Per segment: categories by share within the segment, with lift = share / base share.
    public var top: [Int: [(category: String, share: Double, lift: Double, count: Int)]]
    public var separation: Separation
  }

  /// Profiles `labels` (one per row of `frame`) over the frame's `features`: numbers by
  /// their values, anything else as categories.
  public init(_ frame: DataFrame, labels: [Int], features: [String], topCategories: Int = 3, seed: UInt64 = 0) throws {
    var numeric: [(name: String, values: [Double])] = [], categorical: [Column] = []
    for name in features {
      let column = try frame.column(name)
      if column.type.isNumeric, let values = column.doubles() { numeric.append((name, values)) } else { categorical.append(column) }
    }
    self.init(labels: labels, numeric: numeric, categorical: categorical, topCategories: topCategories, seed: seed)
  }

  /// One row per segment and numeric feature: mean, median and difference from the base in
  /// standard deviations, with the segment under `labelColumn`.
  public func summaryFrame(labelColumn: String) throws -> DataFrame {
    var rows: [(Int, String, Double, Double, Double)] = []
    for f in numeric { for l in labels { rows.append((l, f.name, f.means[l]!, f.medians[l]!, f.difference(l))) } }
    return try DataFrame(columns: [
      .ints(labelColumn, rows.map(\.0)), .strings("feature", rows.map(\.1)), .doubles("mean", rows.map(\.2)),
      .doubles("median", rows.map(\.3)), .doubles("difference", rows.map(\.4)),
    ])
  }

  /// Profiles `labels` (one per row) over numeric and text columns of the same rows. The
  /// medoid is measured on the numbers standardised by the base (missing values as the mean).
  public init(labels rowLabels: [Int], numeric: [(name: String, values: [Double])], categorical: [Column], topCategories: Int = 3, seed: UInt64 = 0) {
    total = rowLabels.count
    var sizes: [Int: Int] = [:]
    for l in rowLabels { sizes[l, default: 0] += 1 }
    self.sizes = sizes
    labels = sizes.keys.sorted()
    var members: [Int: [Int]] = [:]
    for (row, l) in rowLabels.enumerated() { members[l, default: []].append(row) }

    self.numeric = numeric.map { name, values in
      let present = Statistics.present(values)
      var means: [Int: Double] = [:], medians: [Int: Double] = [:]
      for (l, rows) in members {
        let v = rows.map { values[$0] }
        means[l] = Statistics.mean(v)
        medians[l] = Statistics.median(v)
      }
      return NumericSummary(name: name, baseMean: Statistics.mean(present), baseMedian: Statistics.median(values), baseStd: Statistics.populationVariance(present).squareRoot(),
        means: means, medians: medians, separation: .anova(values, groups: rowLabels))
    }

    self.categorical = categorical.map { column in
      let values = (0..<column.count).map { column.value(at: $0) }
      var codes: [Scalar: Int] = [:]
      let coded: [Int?] = values.map { v in
        if v.isMissing { return nil }
        if let c = codes[v] { return c }
        codes[v] = codes.count
        return codes.count - 1
      }
      let names = codes.sorted { $0.value < $1.value }.map { ValueFormatter.plain($0.key) }
      var baseCounts = [Double](repeating: 0, count: names.count)
      for c in coded { if let c { baseCounts[c] += 1 } }
      let baseTotal = baseCounts.reduce(0, +)
      var top: [Int: [(String, Double, Double, Int)]] = [:]
      for (l, rows) in members {
        var counts = [Double](repeating: 0, count: names.count)
        var present = 0.0
        for r in rows { if let c = coded[r] { counts[c] += 1; present += 1 } }
        let ranked = counts.indices.filter { counts[$0] > 0 }
          .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : names[$0] < names[$1] }
          .prefix(topCategories)
        top[l] = ranked.map { c in
          let share = counts[c] / present
          return (names[c], share, share / (baseCounts[c] / baseTotal), Int(counts[c]))
        }
      }
      return CategorySummary(name: column.name, top: top, separation: .chiSquared(coded, groups: rowLabels))
    }

    var medoids: [Int: Int] = [:]
    if !numeric.isEmpty {
      let standardized = self.numeric.enumerated().map { j, f in
        numeric[j].values.map { v in f.baseStd > 0 ? ((v.isNaN ? f.baseMean : v) - f.baseMean) / f.baseStd : 0 }
      }
      var values = [Double](repeating: 0, count: total * numeric.count)
      for (j, column) in standardized.enumerated() { for i in 0..<total { values[i * numeric.count + j] = column[i] } }
      let x = FeatureMatrix(rows: total, dims: numeric.count, values: values)
      for (l, rows) in members { medoids[l] = Medoid.of(rows, in: x, seed: seed) }
    }
    self.medoids = medoids
  }

  /// Every feature with its separation, strongest first (ties by name).
  public var ranking: [(name: String, separation: Separation)] {
    (numeric.map { ($0.name, $0.separation) } + categorical.map { ($0.name, $0.separation) })
      .sorted { $0.1.effect != $1.1.effect ? $0.1.effect > $1.1.effect : $0.0 < $1.0 }
  }
}
