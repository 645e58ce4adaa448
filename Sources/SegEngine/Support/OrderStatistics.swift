/// A few order statistics (the k-th smallest values) of many doubles without sorting them
/// all: the values are counted into buckets of equal width between their minimum and maximum,
/// and only the buckets that hold a wanted rank are looked into again. Drift's decile edges
/// need 18 of a million values; this reads the million three times instead of sorting them.
enum OrderStatistics {
  /// Buckets per pass: the counts stay in the first-level cache.
  private static let buckets = 4_096
  /// Below this many values a sort is as quick as another pass.
  private static let sortBelow = 4_096
  /// Passes before the values left are sorted; widely spread data (powers of two) can keep
  /// most values in one bucket pass after pass.
  private static let maxDepth = 6

  /// The values at `ranks` (0-based, each below the count) in ascending order of `values`,
  /// which must hold no NaN; as `RadixSort.sorted(values)[rank]` for each rank.
  static func select(_ values: [Double], ranks: [Int]) -> [Int: Double] {
    var found: [Int: Double] = [:]
    select(values, ranks: Array(Set(ranks)).sorted(), offset: 0, depth: 0, into: &found)
    return found
  }

  private static func select(_ values: [Double], ranks: [Int], offset: Int, depth: Int, into found: inout [Int: Double]) {
    guard !ranks.isEmpty else { return }
    if values.count < sortBelow || depth >= maxDepth {
      let sorted = RadixSort.sorted(values)
      for r in ranks { found[r] = sorted[r - offset] }
      return
    }
    var low = values[0], high = values[0]
    for x in values {
      low = min(low, x)
      high = max(high, x)
    }
    if low == high {
      for r in ranks { found[r] = low }
      return
    }
    // Halves first, so that a range wider than the largest double does not overflow; the
    // bucket is a non-decreasing function of the value, which is all the ranks need.
    let scale = Double(buckets) / (high * 0.5 - low * 0.5)
    guard scale.isFinite, low.isFinite, high.isFinite else {
      return select(values, ranks: ranks, offset: offset, depth: maxDepth, into: &found)
    }
    let halfLow = low * 0.5
    let bucket = { (x: Double) -> Int in min(Int((x * 0.5 - halfLow) * scale), buckets - 1) }
    var counts = [Int](repeating: 0, count: buckets)
    counts.withUnsafeMutableBufferPointer { c in
      for x in values { c[bucket(x)] &+= 1 }
    }
    // The bucket of each wanted rank, and where that bucket starts in the order.
    var wanted = [Int](repeating: -1, count: buckets)
    var groups: [(start: Int, ranks: [Int])] = []
    var start = offset, b = 0
    for r in ranks {
      while start + counts[b] <= r {
        start += counts[b]
        b += 1
      }
      if wanted[b] < 0 {
        wanted[b] = groups.count
        groups.append((start, []))
      }
      groups[wanted[b]].ranks.append(r)
    }
    var members = groups.indices.map { _ in [Double]() }
    for (b, g) in wanted.enumerated() where g >= 0 { members[g].reserveCapacity(counts[b]) }
    wanted.withUnsafeBufferPointer { w in
      for x in values {
        let g = w[bucket(x)]
        if g >= 0 { members[g].append(x) }
      }
    }
    for (g, group) in groups.enumerated() {
      select(members[g], ranks: group.ranks, offset: group.start, depth: depth + 1, into: &found)
    }
  }
}
