/// Fills missing values of a column with a least-squares linear model of other columns,
/// fitted on the rows where all of them are present (as scikit-learn's LinearRegression).
public enum RegressionImputer {
  /// The intercept and one coefficient per predictor.
  public static func fit(target: [Double], predictors: [[Double]]) throws -> [Double] {
    let p = predictors.count
    let rows = target.indices.filter { i in !target[i].isNaN && predictors.allSatisfy { !$0[i].isNaN } }
    guard rows.count >= p + 2 else {
      throw EngineError.emptyInput(
        "regression imputation needs at least \(p + 2) rows where the column and all its predictors are present; found \(rows.count). Use strategy=median, or fewer predictors")
    }
    // Least squares through the normal equations on centred data, solved with Gaussian
    // elimination with partial pivoting (a handful of predictors).
    let n = Double(rows.count)
    let ym = rows.reduce(0.0) { $0 + target[$1] } / n
    let xm = predictors.map { x in rows.reduce(0.0) { $0 + x[$1] } / n }
    var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p)
    for j in 0..<p {
      for k in j..<p {
        let s = rows.reduce(0.0) { $0 + (predictors[j][$1] - xm[j]) * (predictors[k][$1] - xm[k]) }
        a[j][k] = s
        a[k][j] = s
      }
      a[j][p] = rows.reduce(0.0) { $0 + (predictors[j][$1] - xm[j]) * (target[$1] - ym) }
    }
    let beta = try solve(a)
    let intercept = ym - zip(beta, xm).reduce(0.0) { $0 + $1.0 * $1.1 }
    return [intercept] + beta
  }

  /// Predictions for the rows where the target is missing and every predictor is present.
  public static func fill(target: [Double], predictors: [[Double]], coefficients: [Double]) -> (values: [Double], filled: Int) {
    var out = target
    var filled = 0
    for i in target.indices where target[i].isNaN && predictors.allSatisfy({ !$0[i].isNaN }) {
      out[i] = coefficients[0] + predictors.indices.reduce(0.0) { $0 + coefficients[$1 + 1] * predictors[$1][i] }
      filled += 1
    }
    return (out, filled)
  }

  /// Solves the augmented system [A | b].
  static func solve(_ augmented: [[Double]]) throws -> [Double] {
    var m = augmented
    let p = m.count
    for col in 0..<p {
      guard let pivot = (col..<p).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[pivot][col]) > 1e-12 else {
        throw EngineError.invalidExpression("the predictors are constant or duplicate each other; drop one of them")
      }
      m.swapAt(col, pivot)
      for r in 0..<p where r != col {
        let f = m[r][col] / m[col][col]
        if f != 0 { for c in col...p { m[r][c] -= f * m[col][c] } }
      }
    }
    return (0..<p).map { m[$0][p] / m[$0][$0] }
  }
}
