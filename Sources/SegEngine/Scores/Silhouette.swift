/// Mean silhouette coefficient, exact: for every row the mean distance to its own cluster
/// (a) and to the nearest other cluster (b), s = (b − a) / max(a, b), 0 for a cluster of
/// one. Rows are processed in blocks against all rows, so memory stays O(n + block × k).
public enum Silhouette {
  static let block = 64

  /// The mean silhouette, or over `sample` rows chosen with `seed` when given.
  public static func score(_ x: FeatureMatrix, labels: [Int], sample: Int? = nil, seed: UInt64 = 0) throws -> Double {
    let values = try sampled(x, labels: labels, sample: sample, seed: seed).values
    return values.reduce(0, +) / Double(values.count)
  }

  /// The silhouettes of all rows, or of `sample` rows chosen with `seed` (measured among
  /// those rows only), with the rows they belong to.
  public static func sampled(_ x: FeatureMatrix, labels: [Int], sample: Int?, seed: UInt64) throws -> (rows: [Int], values: [Double]) {
    guard let sample, sample < x.rows else { return (Array(0..<x.rows), try samples(x, labels: labels)) }
    guard sample >= 2 else { throw EngineError.invalidParameter(name: "sample", value: String(sample), reason: "must be at least 2") }
    var generator = SeededGenerator(seed: seed)
    let rows = generator.sample(sample, from: x.rows)
    return (rows, try samples(x.gathering(rows), labels: rows.map { labels[$0] }))
  }

  /// Sampled silhouettes (`sampled`'s rows and values) grouped by the rows' labels, each
  /// group in row order: per segment, for evaluate's table and the silhouette chart.
  public static func byLabel(rows: [Int], values: [Double], labels: [Int]) -> [Int: [Double]] {
    var groups: [Int: [Double]] = [:]
    for (t, row) in rows.enumerated() { groups[labels[row], default: []].append(values[t]) }
    return groups
  }

  /// The silhouette of every row.
  public static func samples(_ x: FeatureMatrix, labels: [Int]) throws -> [Double] {
    let codes = try requireScorable(x, labels, "silhouette")
    let n = x.rows, d = x.dims, m = codes.count
    let sizes = codes.sizes
    let blocks = stride(from: 0, to: n, by: block).map { $0..<min($0 + block, n) }
    let parts = try x.values.withUnsafeBufferPointer { xs in
      try codes.codes.withUnsafeBufferPointer { cs in
        try Parallel.map(blocks.count) { bi in
          try CancellationToken.check()
          let rows = blocks[bi]
          let b = block, r = rows.count
          // Column-major copy of the block, distances to one row, sums per cluster.
          var scratch = [Double](repeating: 0, count: b * d + b + b * m)
          return scratch.withUnsafeMutableBufferPointer { s -> [Double] in
            let t = s.baseAddress!, dist = t + b * d, sums = dist + b
            for q in 0..<r { for j in 0..<d { t[j * b + q] = xs[(rows.lowerBound + q) * d + j] } }
            for i in 0..<n {
              for q in 0..<r { dist[q] = 0 }
              let row = xs.baseAddress! + i * d
              for j in 0..<d {
                let v = row[j]
                let column = t + j * b
                for q in 0..<r {
                  let diff = column[q] - v
                  dist[q] += diff * diff
                }
              }
              let target = sums + cs[i] * b
              for q in 0..<r { target[q] += dist[q].squareRoot() }
            }
            return (0..<r).map { q in
              let own = cs[rows.lowerBound + q]
              guard sizes[own] > 1 else { return 0 }
              let a = sums[own * b + q] / Double(sizes[own] - 1)
              var nearest = Double.infinity
              for c in 0..<m where c != own { nearest = min(nearest, sums[c * b + q] / Double(sizes[c])) }
              let denominator = max(a, nearest)
              return denominator > 0 ? (nearest - a) / denominator : 0
            }
          }
        }
      }
    }
    return parts.flatMap { $0 }
  }
}
