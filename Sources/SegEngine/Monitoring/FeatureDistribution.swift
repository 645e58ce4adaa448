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

  public var isCategorical: Bool { Self.isCategorical(type) }

  /// Text and true/false are compared category by category; numbers and dates by bins.
  static func isCategorical(_ type: DataType) -> Bool { type == .string || type == .bool }

  /// The distribution of a baseline column, numbers in `bins` quantile bins.
  public static func of(_ column: Column, bins: Int) -> FeatureDistribution {
    if isCategorical(column.type) {
      let (counts, missing) = categoryCounts(column)
      let categories = counts.keys.sorted()
      return FeatureDistribution(column: column.name, type: column.type, edges: [], categories: categories,
        counts: categories.map { counts[$0]! }, missing: missing)
    }
    let values = numbers(column)
    let sorted = RadixSort.sorted(values)
    return numeric(column.name, type: column.type, sorted: sorted, missing: values.count - sorted.count, bins: bins)
  }

  /// Quantiles as bin edges, a run of tied ones merged into one.
  static func edges(_ quantiles: [Double]) -> [Double] {
    var edges: [Double] = []
    for e in quantiles where edges.last != e { edges.append(e) }
    return edges
  }

  /// Numbers binned at the baseline's quantiles i/`bins` (numpy's linear quantiles). Tied
  /// quantiles are merged into one edge, so a column where one value holds most rows (Bank
  /// Marketing's pdays: 82 % are -1) keeps that value in a bin of its own instead of
  /// collapsing every bin into one and reading no drift. A constant baseline is binned below,
  /// at and above its value.
  static func numeric(_ name: String, type: DataType, sorted: [Double], missing: Int, bins: Int) -> FeatureDistribution {
    var edges = Self.edges((1..<bins).map { Statistics.quantile(sorted: sorted, Double($0) / Double(bins)) })
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

  /// Rows per category (as `plainTexts` spells them) and the missing ones, counted on the
  /// column's codes rather than row by row as text.
  static func categoryCounts(_ column: Column) -> (counts: [String: Int], missing: Int) {
    var counts: [String: Int] = [:]
    var missing = 0
    switch column.storage {
    case .string(let codes, let levels):
      var perCode = [Int](repeating: 0, count: levels.count)
      for row in codes.indices {
        if column.isValid(row) { perCode[Int(codes[row])] += 1 } else { missing += 1 }
      }
      for (code, n) in perCode.enumerated() where n > 0 { counts[levels[code], default: 0] += n }
    case .bool(let flags):
      for row in flags.indices {
        if column.isValid(row) { counts[flags[row] ? "true" : "false", default: 0] += 1 } else { missing += 1 }
      }
    default:
      for v in column.plainTexts {
        if let v { counts[v, default: 0] += 1 } else { missing += 1 }
      }
    }
    return (counts, missing)
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
      let (counts, missing) = Self.categoryCounts(current)
      currentMissing = missing
      for (category, n) in counts {
        if let i = index[category] { bins.current[i] += n } else { unseen += n }
      }
      if unseen > 0 { bins.append("(unseen)", 0, unseen) }
    } else {
      (bins.current, currentMissing) = Self.binCounts(Self.numbers(current), edges: edges)
    }
    if missing + currentMissing > 0 { bins.append("(missing)", missing, currentMissing) }
    return bins
  }

  /// How the bins read: "≤ 35", "(35, 49]", "> 61"; "< 5", "5", "> 5" around a constant.
  var labels: [String] {
    if isCategorical { return categories }
    if edges.isEmpty { return ["(all values)"] }
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

  /// Rows per bin (closed on the right, the last open) and the missing ones. A value's bin
  /// is how many edges lie below it: a few comparisons without branches, for a handful of edges.
  static func binCounts(_ values: [Double], edges: [Double]) -> (counts: [Int], missing: Int) {
    var counts = [Int](repeating: 0, count: edges.count + 1)
    var missing = 0
    values.withUnsafeBufferPointer { v in
      edges.withUnsafeBufferPointer { e in
        counts.withUnsafeMutableBufferPointer { c in
          for x in v {
            if x.isNaN { missing += 1; continue }
            var bin = 0
            for edge in e { bin &+= x > edge ? 1 : 0 }
            c[bin] += 1
          }
        }
      }
    }
    return (counts, missing)
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
