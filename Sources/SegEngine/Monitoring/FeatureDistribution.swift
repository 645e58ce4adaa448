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
    return numeric(column.name, type: column.type, values: numbers(column), bins: bins)
  }

  /// Per inner quantile i/`bins` of `count` sorted values, the ranks it lies between and
  /// how far (numpy's linear quantiles, as `Statistics.quantile(sorted:)`).
  static func quantileRanks(_ count: Int, bins: Int) -> [(lo: Int, hi: Int, fraction: Double)] {
    (1..<bins).map { i in
      let pos = Double(i) / Double(bins) * Double(count - 1)
      let lo = Int(pos.rounded(.down))
      return (lo, min(lo + 1, count - 1), pos - Double(lo))
    }
  }

  /// Linear between two order statistics; next to an infinite one (no line to draw), the
  /// nearer of the two, so an edge is never NaN.
  static func interpolate(_ a: Double, _ b: Double, _ fraction: Double) -> Double {
    guard a.isFinite, b.isFinite else { return fraction < 0.5 ? a : b }
    return a + (b - a) * fraction
  }

  /// Quantiles as bin edges, a run of tied ones merged into one; around the value of a
  /// constant column (`min` = `max`), the edges that bin below, at and above it.
  static func binEdges(_ quantiles: [Double], min: Double, max: Double) -> [Double] {
    if min == max { return [max.nextDown, max] }
    var edges: [Double] = []
    for e in quantiles where edges.last != e { edges.append(e) }
    return edges
  }

  /// Numbers binned at the baseline's quantiles i/`bins` (numpy's linear quantiles). Tied
  /// quantiles are merged into one edge, so a column where one value holds most rows (Bank
  /// Marketing's pdays: 82 % are -1) keeps that value in a bin of its own instead of
  /// collapsing every bin into one and reading no drift. A constant baseline is binned below,
  /// at and above its value. `sorted` are the present values in order when the caller has
  /// them (ks); otherwise the few order statistics the edges need are selected, not sorted.
  static func numeric(_ name: String, type: DataType, values: [Double], sorted: [Double]? = nil, bins: Int) -> FeatureDistribution {
    let present = sorted ?? values.filter { !$0.isNaN }
    guard !present.isEmpty else {
      return FeatureDistribution(column: name, type: type, edges: [], categories: [], counts: [0], missing: values.count)
    }
    let ranks = quantileRanks(present.count, bins: bins)
    let wanted = ranks.flatMap { [$0.lo, $0.hi] } + [0, present.count - 1]
    let at = sorted.map { s in Dictionary(wanted.map { ($0, s[$0]) }, uniquingKeysWith: { a, _ in a }) }
      ?? OrderStatistics.select(present, ranks: wanted)
    let edges = binEdges(ranks.map { interpolate(at[$0.lo]!, at[$0.hi]!, $0.fraction) }, min: at[0]!, max: at[present.count - 1]!)
    let counts = sorted.map { sortedCounts($0, edges: edges) } ?? binCounts(values, edges: edges).counts
    return FeatureDistribution(column: name, type: type, edges: edges, categories: [], counts: counts, missing: values.count - present.count)
  }

  /// Rows per bin of values already sorted: each bin's count is where its edge falls.
  static func sortedCounts(_ sorted: [Double], edges: [Double]) -> [Int] {
    var counts = Array(repeating: 0, count: edges.count + 1)
    var start = 0
    for (b, e) in edges.enumerated() {
      let end = upperBound(sorted, e, from: start)
      counts[b] = end - start
      start = end
    }
    counts[edges.count] = sorted.count - start
    return counts
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

  /// Rows per bin (closed on the right, the last open) and the missing ones. Each edge
  /// counts the values above it, eight at a time, in blocks that stay in cache; a bin holds
  /// those above its lower edge but not above its upper one.
  static func binCounts(_ values: [Double], edges: [Double]) -> (counts: [Int], missing: Int) {
    var above = [Int](repeating: 0, count: edges.count)
    var missing = 0
    values.withUnsafeBufferPointer { v in
      var start = 0
      while start < v.count {
        let block = UnsafeBufferPointer(rebasing: v[start..<min(start + 2_048, v.count)])
        for j in edges.indices { above[j] &+= count(block) { $0 .> SIMD8(repeating: edges[j]) } }
        missing &+= count(block) { $0 .!= $0 }
        start += block.count
      }
    }
    // NaN is above no edge: it is missing, not in the first bin.
    var counts = [Int](repeating: 0, count: edges.count + 1)
    counts[0] = values.count - missing - (above.first ?? 0)
    for b in 1..<counts.count { counts[b] = above[b - 1] - (b < above.count ? above[b] : 0) }
    return (counts, missing)
  }

  /// How many of `values` pass `test`, eight lanes at a time (plain loops over doubles with a
  /// condition are not made vector code; these are about twenty times faster).
  @inline(__always)
  private static func count(_ values: UnsafeBufferPointer<Double>, _ test: (SIMD8<Double>) -> SIMDMask<SIMD8<Int64>>) -> Int {
    var lanes = SIMD8<Int64>()
    var i = 0
    if let base = values.baseAddress {
      let raw = UnsafeRawPointer(base)
      while i + 8 <= values.count {
        let x = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
        lanes = lanes.replacing(with: lanes &+ 1, where: test(x))
        i += 8
      }
    }
    var n = Int(lanes.wrappedSum())
    while i < values.count {
      var tail = SIMD8<Double>(repeating: 0)
      tail[0] = values[i]
      n &+= test(tail)[0] ? 1 : 0
      i += 1
    }
    return n
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
