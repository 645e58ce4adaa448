import CKernels

/// The nearest-centre kernel every centroid method shares (C, using AVX where the CPU has
/// it): rows are taken a block at a time into a column-major scratch so the loops over
/// rows vectorise, and each squared distance is summed over features in the same order on
/// every machine.
enum NearestCenters {
  static let block = Int(SEG_BLOCK)

  /// Writes, for each row in `rows`, the nearest centre (ties: the lowest index), its
  /// squared distance, and when `second` is given the second-smallest squared distance.
  static func assign(
    _ x: UnsafePointer<Double>, dims d: Int, rows: Range<Int>,
    centers: UnsafePointer<Double>, k: Int,
    labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Double>,
    second: UnsafeMutablePointer<Double>? = nil
  ) {
    seg_nearest(x, Int64(d), Int64(rows.lowerBound), Int64(rows.upperBound), centers, Int64(k), labels, distances, second)
  }

  /// Squared distances of rows `start ..< start+m` (m ≤ block) to `k` centres, into
  /// `out[c * block + r]`.
  static func distances(
    _ x: UnsafePointer<Double>, dims d: Int, start: Int, count m: Int, centers: UnsafePointer<Double>, k: Int,
    into out: UnsafeMutablePointer<Double>
  ) {
    seg_block_distances(x, Int64(d), Int64(start), Int64(m), centers, Int64(k), out)
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

/// The rows of a feature matrix in single precision, in blocks of `NearestCenters.block`
/// rows each stored column-major: laid out once per fit for Lloyd's screening step.
struct ScreenedRows {
  let values: [Float]

  init(_ x: FeatureMatrix) {
    let padded = (x.rows + NearestCenters.block - 1) / NearestCenters.block * NearestCenters.block
    values = [Float](unsafeUninitializedCapacity: max(padded * x.dims, 1)) { out, count in
      if let base = out.baseAddress { HugePages.advise(base, count: out.count) }
      x.values.withUnsafeBufferPointer { xs in
        if x.rows > 0 { seg_block_rows_f32(xs.baseAddress!, Int64(x.rows), Int64(x.dims), out.baseAddress!) }
      }
      count = padded * x.dims
    }
  }
}
