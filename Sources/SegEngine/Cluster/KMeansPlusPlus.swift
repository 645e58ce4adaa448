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
    var trialClosest = [Double](repeating: 0, count: trials * n)
    for c in 1..<max(k, 1) {
      let potential = chunkSums.reduce(0, +)
      let candidates = (0..<trials).map { _ in pick(generator.uniform() * potential, closest, chunkSums, chunks) }
      let candidateRows = candidates.flatMap { x.row($0) }
      // One pass over the rows scores every candidate: per chunk, the potential each would leave.
      let trialSums: [[Double]] = try x.values.withUnsafeBufferPointer { xs in
        try closest.withUnsafeBufferPointer { cl in
          try trialClosest.withUnsafeMutableBufferPointer { out in
            try candidateRows.withUnsafeBufferPointer { cs in
              try Parallel.map(chunks.count) { ch in
                try CancellationToken.check()
                let b = NearestCenters.block
                let dist = UnsafeMutablePointer<Double>.allocate(capacity: b * trials)
                defer { dist.deallocate() }
                var sums = [Double](repeating: 0, count: trials)
                var start = chunks[ch].lowerBound
                while start < chunks[ch].upperBound {
                  let m = min(b, chunks[ch].upperBound - start)
                  NearestCenters.distances(xs.baseAddress!, dims: d, start: start, count: m, centers: cs.baseAddress!, k: trials, into: dist)
                  for t in 0..<trials {
                    let target = out.baseAddress! + t * n + start
                    var s = 0.0
                    for r in 0..<m {
                      let v = min(cl[start + r], dist[t * b + r])
                      target[r] = v
                      s += v
                    }
                    sums[t] += s
                  }
                  start += m
                }
                return sums
              }
            }
          }
        }
      }
      let potentials = (0..<trials).map { t in trialSums.reduce(0) { $0 + $1[t] } }
      let best = potentials.indices.min { potentials[$0] < potentials[$1] }!
      for j in 0..<d { centers[c * d + j] = x[candidates[best], j] }
      closest.withUnsafeMutableBufferPointer { cl in
        trialClosest.withUnsafeBufferPointer { tc in
          for i in 0..<n { cl[i] = tc[best * n + i] }
        }
      }
      chunkSums = trialSums.map { $0[best] }
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
