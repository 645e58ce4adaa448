/// Solves A x = b for a symmetric positive definite A (row-major n × n) by its Cholesky
/// factor; nil when A is not positive definite.
enum Cholesky {
  static func solve(_ a: [Double], _ b: [Double]) -> [Double]? {
    let n = b.count
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0...i {
        var sum = a[i * n + j]
        for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
        if i == j {
          guard sum > 0, sum.isFinite else { return nil }
          l[i * n + i] = sum.squareRoot()
        } else {
          l[i * n + j] = sum / l[j * n + j]
        }
      }
    }
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
