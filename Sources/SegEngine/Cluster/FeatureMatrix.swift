/// The numeric features clustering reads: n rows of d values, row-major and complete.
public struct FeatureMatrix: Sendable {
  public let rows: Int
  public let dims: Int
  public let names: [String]
  /// Row i is `values[i*dims ..< (i+1)*dims]`.
  public let values: [Double]

  public init(rows: Int, dims: Int, values: [Double], names: [String]? = nil) {
    precondition(values.count == rows * dims)
    self.rows = rows
    self.dims = dims
    self.values = values
    self.names = names ?? (0..<dims).map { "x\($0)" }
  }

  /// Interleaves columns; a missing or infinite value is an error that names its column,
  /// because a clustering silently fitted on fewer rows would mislabel the rest.
  /// The largest magnitude a feature may have: its square, summed over features, stays finite.
  static let largestValue = 1e150

  public init(columns: [[Double]], names: [String]) throws {
    let d = columns.count
    let n = columns.first?.count ?? 0
    // One pass over each column finds both problems (NaN fails the comparison too); only a
    // column that has one is read again, to say which.
    for (j, column) in columns.enumerated() where column.contains(where: { !(abs($0) <= Self.largestValue) }) {
      let bad = column.indices.filter { !column[$0].isFinite }
      if let first = bad.first {
        throw EngineError.missingValues(column: names[j], count: bad.count, firstRow: first + 1)
      }
      // Distances square the values: beyond ±1e150 they overflow to infinity and every
      // comparison after that is meaningless.
      if let huge = column.firstIndex(where: { abs($0) > Self.largestValue }) {
        throw EngineError.unsupported(
          "\(names[j]) holds \(ValueFormatter.number(column[huge])) (row \(huge + 1)); distances square the values, which overflows past ±1e150: scale or transform it first (scale \(names[j]), or transform \(names[j]) method=log1p)")
      }
    }
    var values = HugePages.array(repeating: 0.0, count: n * d)
    values.withUnsafeMutableBufferPointer { out in
      for (j, column) in columns.enumerated() {
        column.withUnsafeBufferPointer { c in
          for i in 0..<n { out[i * d + j] = c[i] }
        }
      }
    }
    self.init(rows: n, dims: d, values: values, names: names)
  }

  public subscript(row: Int, dim: Int) -> Double { values[row * dims + dim] }

  public func row(_ i: Int) -> ArraySlice<Double> { values[(i * dims)..<((i + 1) * dims)] }

  /// The rows at `indices`, in that order.
  public func gathering(_ indices: [Int]) -> FeatureMatrix {
    var out = [Double]()
    out.reserveCapacity(indices.count * dims)
    for i in indices { out.append(contentsOf: row(i)) }
    return FeatureMatrix(rows: indices.count, dims: dims, values: out, names: names)
  }

  /// Per-feature population variance (NumPy's `var`), which k-means scales `tol` by.
  public func variances() -> [Double] {
    let mean = means()
    var sums = [Double](repeating: 0, count: dims)
    values.withUnsafeBufferPointer { v in
      for i in 0..<rows {
        for j in 0..<dims {
          let t = v[i * dims + j] - mean[j]
          sums[j] += t * t
        }
      }
    }
    return sums.map { $0 / Double(max(rows, 1)) }
  }

  /// Per-feature mean.
  public func means() -> [Double] {
    var sums = [Double](repeating: 0, count: dims)
    values.withUnsafeBufferPointer { v in
      for i in 0..<rows { for j in 0..<dims { sums[j] += v[i * dims + j] } }
    }
    return sums.map { $0 / Double(max(rows, 1)) }
  }

  /// Fails with a clear message unless there are at least `k` rows and `k` ≥ 1.
  /// Fails with a clear message unless there are at least two rows, at least `k` of
  /// them, and (for k > 1) some variation to split by.
  func requireRows(atLeast k: Int, for what: String) throws {
    guard rows > 0 else { throw EngineError.emptyInput("\(what) needs rows, and there are none") }
    guard dims > 0 else { throw EngineError.emptyInput("\(what) needs at least one numeric column") }
    guard rows >= 2 else { throw EngineError.emptyInput("\(what) needs at least 2 rows, and there is 1") }
    guard k >= 1 else { throw EngineError.invalidParameter(name: "k", value: String(k), reason: "must be at least 1") }
    guard k <= rows else {
      throw EngineError.invalidParameter(name: "k", value: String(k), reason: "there are only \(rows) rows to make \(k) clusters from")
    }
    if k > 1 && variances().allSatisfy({ $0 == 0 }) {
      throw EngineError.unsupported("every row has the same values in \(names.joined(separator: ", ")), so there is nothing to split into \(k) clusters")
    }
  }
}

/// Fixed row chunks: parallel work is split the same way on any number of threads, so
/// sums combined in chunk order give the same bits everywhere.
enum RowChunks {
  static let size = 8192

  static func ranges(_ n: Int, size: Int = RowChunks.size) -> [Range<Int>] {
    stride(from: 0, to: n, by: size).map { $0..<min($0 + size, n) }
  }
}

/// Squared Euclidean distance between two rows given as pointers.
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
  var s = 0.0
  for j in 0..<d {
    let t = a[j] - b[j]
    s += t * t
  }
  return s
}
