/// How one column's values spread in a baseline: rows per quantile bin for numbers and dates,
/// per category for text and true/false, and how many are missing. It is all drift needs of
/// the baseline, so a model file keeps it (`monitor`) instead of its customers' rows.
public struct FeatureDistribution: Codable, Sendable, Equatable {
  public var column: String
  public var type: DataType
  /// Upper edges of the numeric bins, each bin closed on the right and the last one open;
  /// empty for categories.
  public var edges: [Double]
  /// The baseline's categories in label order; empty for numbers.
  public var categories: [String]
  /// Rows per bin (numbers: one more than edges) or per category.
  public var counts: [Int]
  public var missing: Int

  public var isCategorical: Bool { type == .string || type == .bool }

  /// The distribution of a baseline column, numbers in `bins` quantile bins.
  public static func of(_ column: Column, bins: Int) -> FeatureDistribution {
    if column.type == .string || column.type == .bool {
      return categorical(column.name, type: column.type, values: column.plainTexts)
    }
    let values = numbers(column)
    let sorted = values.filter { !$0.isNaN }.sorted()
    return numeric(column.name, type: column.type, sorted: sorted, missing: values.count - sorted.count, bins: bins)
  }

  /// Numbers binned at the baseline's quantiles i/`bins` (numpy's linear quantiles). Tied
  /// quantiles are merged into one edge, so a column where one value holds most rows (Bank
  /// Marketing's pdays: 82 % are -1) keeps that value in a bin of its own instead of
  /// collapsing every bin into one and reading no drift. A constant baseline is binned below,
  /// at and above its value.
  static func numeric(_ name: String, type: DataType, sorted: [Double], missing: Int, bins: Int) -> FeatureDistribution {
    var edges: [Double] = []
    for i in 1..<bins {
      let e = Statistics.quantile(sorted: sorted, Double(i) / Double(bins))
      if edges.last != e { edges.append(e) }
    }
    if let only = sorted.first, only == sorted.last { edges = [only.nextDown, only] }
    var counts = Array(repeating: 0, count: edges.count + 1)
    // The values are sorted: each bin's count is where its edge falls.
    var start = 0
    for (b, e) in edges.enumerated() {
      let end = upperBound(sorted, e, from: start)
      counts[b] = end - start
      start = end
    }
    counts[edges.count] = sorted.count - start
    return FeatureDistribution(column: name, type: type, edges: edges, categories: [], counts: counts, missing: missing)
  }

  static func categorical(_ name: String, type: DataType, values: [String?]) -> FeatureDistribution {
    var counts: [String: Int] = [:]
    var missing = 0
    for v in values {
      if let v { counts[v, default: 0] += 1 } else { missing += 1 }
    }
    let categories = counts.keys.sorted()
    return FeatureDistribution(column: name, type: type, edges: [], categories: categories, counts: categories.map { counts[$0]! }, missing: missing)
  }

  /// The bins of this baseline with `current`'s rows counted into them: categories the
  /// baseline never had go together into "(unseen)", and missing values have a bin of their
  /// own when either side has any.
  public func compared(with current: Column) -> DriftBins {
    var bins = DriftBins(labels: labels, baseline: counts, current: Array(repeating: 0, count: counts.count))
    var currentMissing = 0
    if isCategorical {
      var index: [String: Int] = [:]
      for (i, c) in categories.enumerated() { index[c] = i }
      var unseen = 0
      for v in current.plainTexts {
        guard let v else { currentMissing += 1; continue }
        if let i = index[v] { bins.current[i] += 1 } else { unseen += 1 }
      }
      if unseen > 0 { bins.append("(unseen)", 0, unseen) }
    } else {
      for x in Self.numbers(current) {
        if x.isNaN { currentMissing += 1; continue }
        bins.current[Self.binIndex(edges, x)] += 1
      }
    }
    if missing + currentMissing > 0 { bins.append("(missing)", missing, currentMissing) }
    return bins
  }

  /// How the bins read: "≤ 35", "(35, 49]", "> 61"; "< 5", "5", "> 5" around a constant.
  var labels: [String] {
    if isCategorical { return categories }
    let format = { (x: Double) in Self.edgeText(x, type: type) }
    if edges.count == 2 && edges[0] == edges[1].nextDown {
      return ["< " + format(edges[1]), format(edges[1]), "> " + format(edges[1])]
    }
    return (0...edges.count).map { b in
      b == 0 ? "≤ " + format(edges[0]) : b == edges.count ? "> " + format(edges[b - 1]) : "(\(format(edges[b - 1])), \(format(edges[b]))]"
    }
  }

  /// A bin edge in the column's own units: a date for dates, a number otherwise.
  static func edgeText(_ x: Double, type: DataType) -> String {
    switch type {
    case .date: ValueFormatter.plain(.date(Int(x.rounded(.down))))
    case .datetime: ValueFormatter.plain(.datetime(Int(x.rounded(.down))))
    default: ValueFormatter.number(x)
    }
  }

  /// Numbers, dates and times as doubles (days or seconds), missing as NaN.
  static func numbers(_ c: Column) -> [Double] {
    switch c.storage {
    case .date(let v), .datetime(let v):
      var out = v.map(Double.init)
      if let validity = c.validity { for i in out.indices where !validity[i] { out[i] = .nan } }
      return out
    default: return c.doubles() ?? []
    }
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
}
