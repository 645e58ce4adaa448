/// Principal component analysis by eigen-decomposition of the covariance matrix (cyclic
/// Jacobi rotations, exact to rounding for the few columns customer data has). Matches
/// scikit-learn's PCA: centred, not scaled; components signed so that each one's largest
/// absolute weight is positive; explained variance with n − 1.
public struct PCA: Sendable, Equatable {
  public var mean: [Double]
  /// One row per component, one weight per input column.
  public var components: [[Double]]
  public var explainedVariance: [Double]
  public var explainedVarianceRatio: [Double]

  /// Fits on `columns` (each the values of one input column, no missing values).
  public static func fit(_ columns: [[Double]], components k: Int) throws -> PCA {
    let d = columns.count
    guard d > 0, let n = columns.first?.count, n > 1 else { throw EngineError.emptyInput("pca needs at least two rows") }
    guard (1...d).contains(k) else {
      throw EngineError.invalidParameter(name: "components", value: String(k), reason: "must be between 1 and the number of columns (\(d))")
    }
    if columns.contains(where: { $0.contains { $0.isNaN } }) {
      throw EngineError.invalidExpression("pca needs complete rows: impute or filter the missing values first")
    }
    let mean = columns.map { Statistics.sum($0) / Double(n) }
    let centered = columns.indices.map { j in columns[j].map { $0 - mean[j] } }
    var cov = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
    for a in 0..<d {
      for b in a..<d {
        var s = 0.0
        for i in 0..<n { s += centered[a][i] * centered[b][i] }
        cov[a][b] = s / Double(n - 1)
        cov[b][a] = cov[a][b]
      }
    }
    let (values, vectors) = jacobiEigen(cov)
    let order = values.indices.sorted { values[$0] > values[$1] }
    let total = values.reduce(0) { $0 + max(0, $1) }
    var comps: [[Double]] = []
    for idx in order.prefix(k) {
      var v = (0..<d).map { vectors[$0][idx] }
      let largest = v.indices.max { abs(v[$0]) < abs(v[$1]) }!
      if v[largest] < 0 { v = v.map { -$0 } }
      comps.append(v)
    }
    let ev = order.prefix(k).map { max(0, values[$0]) }
    return PCA(mean: mean, components: comps, explainedVariance: Array(ev), explainedVarianceRatio: ev.map { total > 0 ? $0 / total : 0 })
  }

  /// Component scores of rows given column-wise.
  public func transform(_ columns: [[Double]]) -> [[Double]] {
    let n = columns.first?.count ?? 0
    return components.map { w in
      (0..<n).map { i in w.indices.reduce(0.0) { $0 + w[$1] * (columns[$1][i] - mean[$1]) } }
    }
  }

  /// Eigenvalues and eigenvectors (as columns) of a symmetric matrix.
  static func jacobiEigen(_ m: [[Double]]) -> ([Double], [[Double]]) {
    let d = m.count
    var a = m
    var v = (0..<d).map { i in (0..<d).map { $0 == i ? 1.0 : 0.0 } }
    for _ in 0..<100 {
      var off = 0.0
      for p in 0..<d { for q in (p + 1)..<max(p + 1, d) { off += a[p][q] * a[p][q] } }
      if off < 1e-30 { break }
      for p in 0..<d {
        for q in (p + 1)..<max(p + 1, d) where abs(a[p][q]) > 1e-300 {
          let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
          let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot()
          let s = t * c
          for k in 0..<d {
            let akp = a[k][p], akq = a[k][q]
            a[k][p] = c * akp - s * akq
            a[k][q] = s * akp + c * akq
          }
          for k in 0..<d {
            let apk = a[p][k], aqk = a[q][k]
            a[p][k] = c * apk - s * aqk
            a[q][k] = s * apk + c * aqk
          }
          for k in 0..<d {
            let vkp = v[k][p], vkq = v[k][q]
            v[k][p] = c * vkp - s * vkq
            v[k][q] = s * vkp + c * vkq
          }
        }
      }
    }
    return ((0..<d).map { a[$0][$0] }, v)
  }
}
