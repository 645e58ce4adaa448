/// Single linkage from a minimum spanning tree built by Prim's algorithm with distances
/// computed on the fly (SciPy's mst_single_linkage): O(n²) time, O(n) memory.
enum SingleLinkage {
  static func merges(_ x: FeatureMatrix) throws -> [Merge] {
    let n = x.rows, d = x.dims
    var nearest = [Double](repeating: .infinity, count: n)
    var inTree = [Bool](repeating: false, count: n)
    var merges: [Merge] = []
    merges.reserveCapacity(n - 1)
    var current = 0
    try x.values.withUnsafeBufferPointer { xs in
      for step in 0..<(n - 1) {
        try CancellationToken.check()
        if step & 0xFF == 0 { ProgressReporter.report("single linkage: " + ProgressReporter.fraction(step, of: n - 1)) }
        inTree[current] = true
        var next = -1, best = Double.infinity
        let c = xs.baseAddress! + current * d
        for i in 0..<n where !inTree[i] {
          let v = squaredDistance(c, xs.baseAddress! + i * d, d).squareRoot()
          if v < nearest[i] { nearest[i] = v }
          if nearest[i] < best {
            best = nearest[i]
            next = i
          }
        }
        // The edge joins the newest tree point; every point added since the true endpoint
        // joined at a height no greater, so the sorted merges still join the right clusters.
        merges.append(Merge(a: current, b: next, height: best, size: 0))
        current = next
      }
    }
    return merges
  }
}
