/// Greedy k-means++ seeding, as scikit-learn's `_kmeans_plusplus`: each new centre is the
/// best of 2 + ⌊ln k⌋ candidates drawn with probability proportional to the squared
/// distance to the nearest centre so far.
enum KMeansPlusPlus {
  static func centers(_ x: FeatureMatrix, k: Int, generator: inout SeededGenerator) throws -> [Double] {
    let n = x.rows, d = x.dims
    let trials = 2 + Int(log(Double(k)))
    let chunks = RowChunks.ranges(n)
    var centers = [Double](repeating: 0, count: k * d)
    let first = generator.below(n)
    for j in 0..<d { centers[j] = x[first, j] }
    var closest = [Double](repeating: 0, count: n)
    var chunkSums = try x.values.withUnsafeBufferPointer { xs in
      try closest.withUnsafeMutableBufferPointer { cl in
        try Parallel.map(chunks.count) { ch in
          try CancellationToken.check()
          var s = 0.0
          let c = xs.baseAddress! + first * d
          for i in chunks[ch] {
            cl[i] = squaredDistance(xs.baseAddress! + i * d, c, d)
            s += cl[i]
          }
          return s
        }
      }
    }
    var trialClosest = [[Double]](repeating: [Double](repeating: 0, count: n), count: trials)
    for c in 1..<max(k, 1) {
      let potential = chunkSums.reduce(0, +)
      let candidates = (0..<trials).map { _ in pick(generator.uniform() * potential, closest, chunkSums, chunks) }
      var trialSums = [[Double]](repeating: [], count: trials)
      for t in 0..<trials {
        let candidate = candidates[t]
        trialSums[t] = try x.values.withUnsafeBufferPointer { xs in
          try closest.withUnsafeBufferPointer { cl in
            try trialClosest[t].withUnsafeMutableBufferPointer { out in
              try Parallel.map(chunks.count) { ch in
                try CancellationToken.check()
                var s = 0.0
                let cp = xs.baseAddress! + candidate * d
                for i in chunks[ch] {
                  let v = min(cl[i], squaredDistance(xs.baseAddress! + i * d, cp, d))
                  out[i] = v
                  s += v
                }
                return s
              }
            }
          }
        }
      }
      let potentials = trialSums.map { $0.reduce(0, +) }
      let best = potentials.indices.min { potentials[$0] < potentials[$1] }!
      for j in 0..<d { centers[c * d + j] = x[candidates[best], j] }
      swap(&closest, &trialClosest[best])
      chunkSums = trialSums[best]
    }
    return centers
  }

  /// The first row whose running sum of `weights` reaches `target` (NumPy's searchsorted
  /// over the cumulative sum), walking chunk totals first.
  private static func pick(_ target: Double, _ weights: [Double], _ chunkSums: [Double], _ chunks: [Range<Int>]) -> Int {
    var remaining = target
    for (ch, total) in chunkSums.enumerated() {
      if remaining <= total || ch == chunks.count - 1 {
        var running = 0.0
        for i in chunks[ch] {
          running += weights[i]
          if running >= remaining && weights[i] > 0 { return i }
        }
        // Rounding left the target past the chunk's end: its last row with weight.
        return chunks[ch].last { weights[$0] > 0 } ?? chunks[ch].upperBound - 1
      }
      remaining -= total
    }
    return weights.count - 1
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
