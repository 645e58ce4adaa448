/// Hamerly's accelerated k-means step: an upper bound on each row's distance to its centre
/// and a lower bound on the distance to any other let most rows keep their label without
/// computing a distance. Labels equal Lloyd's at every iteration.
enum Hamerly {
  static func pass(
    _ x: FeatureMatrix, centers: [Double], k: Int, labels: inout [Int32], bounds: inout HamerlyBounds, first: Bool
  ) throws -> CenterSums {
    let chunks = RowChunks.ranges(x.rows)
    let d = x.dims
    // Half the distance from each centre to its nearest other centre.
    let halfGap = (0..<k).map { a in
      (0..<k).filter { $0 != a }.map { squaredDistance(centers, a, centers, $0, d) }.min().map { $0.squareRoot() / 2 } ?? .infinity
    }
    let parts = try x.values.withUnsafeBufferPointer { xs in
      try centers.withUnsafeBufferPointer { cs in
        try labels.withUnsafeMutableBufferPointer { ls in
          try bounds.upper.withUnsafeMutableBufferPointer { up in
            try bounds.lower.withUnsafeMutableBufferPointer { lo in
              try Parallel.map(chunks.count) { ch in
                try CancellationToken.check()
                let range = chunks[ch]
                var part = CenterSums(k: k, d: d)
                let x0 = xs.baseAddress!, c0 = cs.baseAddress!
                if first {
                  let old = Array(ls[range])
                  NearestCenters.assign(x0, dims: d, rows: range, centers: c0, k: k,
                    labels: ls.baseAddress!, distances: up.baseAddress!, second: lo.baseAddress!)
                  for i in range {
                    up[i] = up[i].squareRoot()
                    lo[i] = lo[i].squareRoot()
                  }
                  part.changed = zip(old, ls[range]).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
                  part.accumulate(x0, rows: range, labels: ls.baseAddress!)
                  return part
                }
                for i in range {
                  let row = x0 + i * d
                  let a = Int(ls[i])
                  let bound = max(halfGap[a], lo[i])
                  if up[i] > bound {
                    up[i] = squaredDistance(row, c0 + a * d, d).squareRoot()
                    if up[i] > bound {
                      var best = Double.infinity, second = Double.infinity, label = 0
                      for c in 0..<k {
                        let v = squaredDistance(row, c0 + c * d, d)
                        if v < best {
                          second = best
                          best = v
                          label = c
                        } else if v < second {
                          second = v
                        }
                      }
                      up[i] = best.squareRoot()
                      lo[i] = second.squareRoot()
                      if label != a {
                        ls[i] = Int32(label)
                        part.changed += 1
                      }
                    }
                  }
                }
                part.accumulate(x0, rows: range, labels: ls.baseAddress!)
                return part
              }
            }
          }
        }
      }
    }
    return CenterSums.combined(parts, k: k, d: d)
  }
}

/// Per-row distance bounds Hamerly's step keeps between iterations.
struct HamerlyBounds {
  var upper: [Double]
  var lower: [Double]

  init(rows: Int) {
    upper = [Double](repeating: .infinity, count: rows)
    lower = [Double](repeating: 0, count: rows)
  }

  /// Keeps the bounds valid after the centres moved by `shifts`.
  mutating func move(by shifts: [Double], labels: [Int32]) {
    guard let largest = shifts.indices.max(by: { shifts[$0] < shifts[$1] }) else { return }
    let runnerUp = shifts.indices.filter { $0 != largest }.map { shifts[$0] }.max() ?? 0
    for i in upper.indices {
      let a = Int(labels[i])
      upper[i] += shifts[a]
      lower[i] -= a == largest ? runnerUp : shifts[largest]
    }
  }
}
