/// The nearest-neighbour chain algorithm for reducible linkages: follow nearest neighbours
/// until two clusters are each other's nearest, merge them, continue. Merges come out of
/// height order; `Hierarchical.sortedTree` orders them.
enum NearestNeighborChain {
  /// Ward linkage on centroids and sizes: O(n) memory. The merge cost of A and B is
  /// |A||B|/(|A|+|B|)·‖cA − cB‖²; the height is √(2·cost), as SciPy and scikit-learn.
  static func ward(_ x: FeatureMatrix) throws -> [Merge] {
    let n = x.rows, d = x.dims
    var centroids = x.values
    var sizes = [Double](repeating: 1, count: n)
    var active = Array(0..<n)
    var position = Array(0..<n)
    var merges: [Merge] = []
    merges.reserveCapacity(n - 1)
    var chain: [Int] = []
    while active.count > 1 {
      if merges.count & 0xFF == 0 { ProgressReporter.report("ward: merge " + ProgressReporter.fraction(merges.count, of: n - 1)) }
      if chain.isEmpty { chain.append(active.min()!) }
      while true {
        let a = chain[chain.count - 1]
        let previous = chain.count >= 2 ? chain[chain.count - 2] : -1
        let (b, cost) = try nearest(a, previous, active, centroids: centroids, sizes: sizes, d: d)
        if b == previous {
          chain.removeLast(2)
          let (keep, drop) = (min(a, b), max(a, b))
          let total = sizes[keep] + sizes[drop]
          for j in 0..<d {
            centroids[keep * d + j] = (sizes[keep] * centroids[keep * d + j] + sizes[drop] * centroids[drop * d + j]) / total
          }
          sizes[keep] = total
          merges.append(Merge(a: keep, b: drop, height: (2 * cost).squareRoot(), size: Int(total)))
          let p = position[drop]
          active[p] = active[active.count - 1]
          position[active[p]] = p
          active.removeLast()
          break
        }
        chain.append(b)
      }
    }
    return merges
  }

  /// The active cluster nearest to `a` by Ward cost; ties prefer the chain's previous
  /// element, then the lowest slot. Large scans run on all cores in fixed parts.
  private static func nearest(
    _ a: Int, _ previous: Int, _ active: [Int], centroids: [Double], sizes: [Double], d: Int
  ) throws -> (Int, Double) {
    let part = 4096
    let parts = (active.count + part - 1) / part
    let scan = { (p: Int) -> (Int, Double) in
      var best = -1, bestCost = Double.infinity
      centroids.withUnsafeBufferPointer { c in
        let ca = c.baseAddress! + a * d
        let na = sizes[a]
        for t in (p * part)..<min((p + 1) * part, active.count) {
          let b = active[t]
          if b == a { continue }
          let nb = sizes[b]
          let cost = na * nb / (na + nb) * squaredDistance(ca, c.baseAddress! + b * d, d)
          if cost < bestCost || (cost == bestCost && (b == previous || (best != previous && b < best))) {
            best = b
            bestCost = cost
          }
        }
      }
      return (best, bestCost)
    }
    let results = parts > 1 ? try Parallel.map(parts) { p in try CancellationToken.check(); return scan(p) } : [scan(0)]
    var best = -1, bestCost = Double.infinity
    for (b, cost) in results where b >= 0 {
      if cost < bestCost || (cost == bestCost && (b == previous || (best != previous && b < best))) {
        best = b
        bestCost = cost
      }
    }
    return (best, bestCost)
  }

  /// Complete or average linkage over a condensed Euclidean distance matrix, updated by the
  /// Lance-Williams formulas: O(n²) memory.
  static func matrix(_ x: FeatureMatrix, average: Bool) throws -> [Merge] {
    let n = x.rows, d = x.dims
    func index(_ i: Int, _ j: Int) -> Int {
      let (a, b) = i < j ? (i, j) : (j, i)
      return n * a - a * (a + 1) / 2 + b - a - 1
    }
    var distances = HugePages.array(repeating: 0.0, count: n * (n - 1) / 2)
    let rowsPerPart = RowChunks.ranges(n, size: 256)
    try x.values.withUnsafeBufferPointer { xs in
      try distances.withUnsafeMutableBufferPointer { out in
        _ = try Parallel.map(rowsPerPart.count) { p in
          try CancellationToken.check()
          for i in rowsPerPart[p] {
            for j in (i + 1)..<n {
              out[n * i - i * (i + 1) / 2 + j - i - 1] = squaredDistance(xs.baseAddress! + i * d, xs.baseAddress! + j * d, d).squareRoot()
            }
          }
        }
      }
    }
    var sizes = [Double](repeating: 1, count: n)
    var alive = [Bool](repeating: true, count: n)
    var remaining = n
    var merges: [Merge] = []
    var chain: [Int] = []
    while remaining > 1 {
      if merges.count & 0xFF == 0 { ProgressReporter.report("linkage: merge " + ProgressReporter.fraction(merges.count, of: n - 1)) }
      if chain.isEmpty { chain.append(alive.firstIndex(of: true)!) }
      while true {
        try CancellationToken.check()
        let a = chain[chain.count - 1]
        let previous = chain.count >= 2 ? chain[chain.count - 2] : -1
        var b = -1, best = Double.infinity
        distances.withUnsafeBufferPointer { dist in
          for t in 0..<n where t != a && alive[t] {
            let v = dist[index(a, t)]
            if v < best || (v == best && (t == previous || (b != previous && t < b))) {
              b = t
              best = v
            }
          }
        }
        if b == previous {
          chain.removeLast(2)
          let (keep, drop) = (min(a, b), max(a, b))
          distances.withUnsafeMutableBufferPointer { dist in
            for t in 0..<n where alive[t] && t != keep && t != drop {
              let dk = dist[index(keep, t)], dd = dist[index(drop, t)]
              dist[index(keep, t)] = average ? (sizes[keep] * dk + sizes[drop] * dd) / (sizes[keep] + sizes[drop]) : max(dk, dd)
            }
          }
          sizes[keep] += sizes[drop]
          alive[drop] = false
          remaining -= 1
          merges.append(Merge(a: keep, b: drop, height: best, size: Int(sizes[keep])))
          break
        }
        chain.append(b)
      }
    }
    return merges
  }
}
