/// The nearest-centre kernel every centroid method shares: rows are copied a block at a
/// time into a small column-major scratch so the loops over rows vectorise, and each row's
/// squared distance is summed over features in the same order on every machine.
enum NearestCenters {
  static let block = 64

  /// Writes, for each row in `rows`, the nearest centre (ties: the lowest index), its
  /// squared distance, and when `second` is given the second-smallest squared distance.
  static func assign(
    _ x: UnsafePointer<Double>, dims d: Int, rows: Range<Int>,
    centers: UnsafePointer<Double>, k: Int,
    labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Double>,
    second: UnsafeMutablePointer<Double>? = nil
  ) {
    let b = block
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: b * d + 3 * b)
    defer { scratch.deallocate() }
    let dist = scratch + b * d
    let best = dist + b
    let next = best + b
    var start = rows.lowerBound
    while start < rows.upperBound {
      let m = min(b, rows.upperBound - start)
      for r in 0..<m {
        let row = x + (start + r) * d
        for j in 0..<d { scratch[j * b + r] = row[j] }
      }
      for r in 0..<m {
        best[r] = .infinity
        next[r] = .infinity
        labels[start + r] = 0
      }
      for c in 0..<k {
        let center = centers + c * d
        for r in 0..<m { dist[r] = 0 }
        for j in 0..<d {
          let cj = center[j]
          let column = scratch + j * b
          for r in 0..<m {
            let t = column[r] - cj
            dist[r] += t * t
          }
        }
        if second == nil {
          for r in 0..<m where dist[r] < best[r] {
            best[r] = dist[r]
            labels[start + r] = Int32(c)
          }
        } else {
          for r in 0..<m {
            if dist[r] < best[r] {
              next[r] = best[r]
              best[r] = dist[r]
              labels[start + r] = Int32(c)
            } else if dist[r] < next[r] {
              next[r] = dist[r]
            }
          }
        }
      }
      for r in 0..<m { distances[start + r] = best[r] }
      if let second { for r in 0..<m { second[start + r] = next[r] } }
      start += m
    }
  }

  /// Nearest centre of every row of `x` (parallel over fixed chunks).
  static func labels(of x: FeatureMatrix, centers: [Double], k: Int) throws -> (labels: [Int32], distances: [Double]) {
    var labels = [Int32](repeating: 0, count: x.rows)
    var distances = [Double](repeating: 0, count: x.rows)
    try x.values.withUnsafeBufferPointer { xs in
      try centers.withUnsafeBufferPointer { cs in
        try labels.withUnsafeMutableBufferPointer { ls in
          try distances.withUnsafeMutableBufferPointer { ds in
            _ = try Parallel.map(RowChunks.ranges(x.rows).count) { chunk in
              try CancellationToken.check()
              let range = RowChunks.ranges(x.rows)[chunk]
              assign(xs.baseAddress!, dims: x.dims, rows: range, centers: cs.baseAddress!, k: k,
                labels: ls.baseAddress!, distances: ds.baseAddress!)
            }
          }
        }
      }
    }
    return (labels, distances)
  }
}
