/// The Cholesky factor of a symmetric positive definite matrix, and solving A x = b with it.
enum Cholesky {
  /// The lower-triangular L with A = L Lᵀ (row-major n × n), or nil when a pivot is not
  /// positive: A is not positive definite.
  static func factor(_ a: [Double], _ n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0...i {
        var sum = a[i * n + j]
        for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
        if i == j {
          guard sum > 0 else { return nil }
          l[i * n + i] = sum.squareRoot()
        } else {
          l[i * n + j] = sum / l[j * n + j]
        }
      }
    }
    return l
  }

  /// Solves A x = b; nil when A is not positive definite or its factor is not finite.
  static func solve(_ a: [Double], _ b: [Double]) -> [Double]? {
    let n = b.count
    guard let l = factor(a, n), l.allSatisfy(\.isFinite) else { return nil }
    var y = b
    for i in 0..<n {
      for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
      y[i] /= l[i * n + i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
      y[i] /= l[i * n + i]
    }
    return y
  }
}
