import Foundation

/// Logistic regression with an L2 penalty, as scikit-learn's LogisticRegression (C, one
/// coefficient vector for two classes, the multinomial softmax for more, intercepts not
/// penalised) behind a StandardScaler on the number features. It is solved by Newton's
/// method with a backtracking line search to the exact optimum, where lbfgs stops at a
/// tolerance: the coefficients are the problem's, not a solver's.
public struct LogisticRegression: Sendable, Equatable {
  /// Per feature: the mean and standard deviation it is standardised with (0 and 1 for
  /// one-hot features, which are left as they are).
  public let center: [Double]
  public let scale: [Double]
  /// One row of coefficients per class (one row, for the second class, with two classes),
  /// on the standardised features.
  public let coefficients: [[Double]]
  public let intercepts: [Double]
  public let iterations: Int
  public let converged: Bool

  public init(center: [Double], scale: [Double], coefficients: [[Double]], intercepts: [Double], iterations: Int, converged: Bool) {
    self.center = center
    self.scale = scale
    self.coefficients = coefficients
    self.intercepts = intercepts
    self.iterations = iterations
    self.converged = converged
  }

  /// Fits on column-major `features`; `standardise[j]` says whether feature j is a number.
  /// `classWeights` (one per class) weigh each row's loss by its class, as scikit-learn's
  /// class_weight (the standardising is not weighted, as StandardScaler's is not).
  public init(
    fitting features: [[Double]], labels: [Int], classes: Int, standardise: [Bool], c: Double, maxIterations: Int, classWeights: [Double]? = nil
  ) throws {
    let d = features.count, n = labels.count
    let (center, scale) = Self.standardisation(features, standardise)
    // Rows with a trailing 1 for the intercept.
    let width = d + 1
    var z = [Double](repeating: 1, count: n * width)
    for j in 0..<d {
      for i in 0..<n { z[i * width + j] = (features[j][i] - center[j]) / scale[j] }
    }
    let blocks = classes == 2 ? 1 : classes
    let problem = Problem(z: z, width: width, labels: labels, weights: classWeights.map { w in labels.map { w[$0] } }, blocks: blocks, c: c)
    var theta = [Double](repeating: 0, count: blocks * width)
    var (value, gradient) = problem.evaluate(theta)
    let tolerance = 1e-11 * max(1, c * Double(n))
    var iterations = 0, converged = false
    while iterations < maxIterations {
      if gradient.map(abs).max()! <= tolerance {
        converged = true
        break
      }
      try CancellationToken.check()
      iterations += 1
      var hessian = problem.hessian(theta)
      // The softmax's intercepts can all move together without changing anything: a tiny
      // ridge keeps the system solvable, and the gradient has no part along that direction.
      let ridge = 1e-10 * max(1, hessian.enumerated().filter { $0.offset % (blocks * width + 1) == 0 }.map(\.element).max() ?? 1)
      for k in 0..<(blocks * width) { hessian[k * blocks * width + k] += ridge }
      guard let step = Cholesky.solve(hessian, gradient.map { -$0 }) else {
        throw EngineError.unsupported("logistic regression could not be solved: the features duplicate each other or a class is separated perfectly; drop a feature or lower C")
      }
      let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
      // Near the optimum the objective's change is below its rounding, so a step may look a
      // hair worse: such steps are taken when they shrink the gradient.
      let rounding = 64 * value.ulp
      let before = gradient.map(abs).max()!
      var t = 1.0, accepted = false
      for _ in 0..<40 {
        let candidate = zip(theta, step).map { $0 + t * $1 }
        let (v, g) = problem.evaluate(candidate)
        let flat = abs(v - value) <= rounding
        if v <= value + 1e-4 * t * slope || (flat && g.map(abs).max()! < before) {
          (theta, value, gradient, accepted) = (candidate, v, g, true)
          break
        }
        t /= 2
      }
      // No step lowers the objective or the gradient: it is at its optimum to rounding.
      if !accepted {
        converged = true
        break
      }
    }
    var rows = (0..<blocks).map { b in Array(theta[(b * width)..<(b * width + d)]) }
    var intercepts = (0..<blocks).map { theta[$0 * width + d] }
    if blocks > 1 {
      // From zero, lbfgs keeps the intercepts summing to 0; the optimum is the same.
      let mean = intercepts.reduce(0, +) / Double(blocks)
      intercepts = intercepts.map { $0 - mean }
    }
    rows = rows.map { $0.map { $0 == 0 ? 0 : $0 } }
    self.init(center: center, scale: scale, coefficients: rows, intercepts: intercepts, iterations: iterations, converged: converged)
  }

  /// Each class's probability, per class, per row of column-major `features`.
  public func probabilities(_ features: [[Double]]) -> [[Double]] {
    let n = features.first?.count ?? 0, d = center.count
    let blocks = coefficients.count
    let classes = blocks == 1 ? 2 : blocks
    var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: classes)
    var scores = [Double](repeating: 0, count: blocks)
    for i in 0..<n {
      for b in 0..<blocks {
        var s = intercepts[b]
        for j in 0..<d { s += coefficients[b][j] * (features[j][i] - center[j]) / scale[j] }
        scores[b] = s
      }
      if blocks == 1 {
        let p = 1 / (1 + Foundation.exp(-scores[0]))
        out[0][i] = 1 - p
        out[1][i] = p
      } else {
        let top = scores.max()!
        let e = scores.map { Foundation.exp($0 - top) }
        let total = e.reduce(0, +)
        for k in 0..<classes { out[k][i] = e[k] / total }
      }
    }
    return out
  }

  /// The penalised loss C·Σ weight·loss + ½‖w‖², its gradient and Hessian, over rows `z`.
  private struct Problem {
    let z: [Double]
    let width: Int
    let labels: [Int]
    /// Per row, what its loss weighs; nil: 1 each.
    let weights: [Double]?
    let blocks: Int
    let c: Double

    var rows: Int { labels.count }

    /// Per row, the probability of each block's class.
    func probabilities(_ theta: [Double]) -> [[Double]] {
      (0..<rows).map { i in
        let s = (0..<blocks).map { b in (0..<width).reduce(0.0) { $0 + theta[b * width + $1] * z[i * width + $1] } }
        if blocks == 1 { return [1 / (1 + Foundation.exp(-s[0]))] }
        let top = s.max()!
        let e = s.map { Foundation.exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
      }
    }

    func evaluate(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
      var value = 0.0
      var gradient = [Double](repeating: 0, count: theta.count)
      for i in 0..<rows {
        let s = (0..<blocks).map { b in (0..<width).reduce(0.0) { $0 + theta[b * width + $1] * z[i * width + $1] } }
        var residual = [Double](repeating: 0, count: blocks)
        let w = weights?[i] ?? 1
        if blocks == 1 {
          let y = Double(labels[i])
          // log(1 + e^s) − y·s, without overflow for large |s|.
          value += w * (max(s[0], 0) + Foundation.log1p(Foundation.exp(-abs(s[0]))) - y * s[0])
          residual[0] = w * (1 / (1 + Foundation.exp(-s[0])) - y)
        } else {
          let top = s.max()!
          let e = s.map { Foundation.exp($0 - top) }
          let total = e.reduce(0, +)
          value += w * (top + Foundation.log(total) - s[labels[i]])
          for b in 0..<blocks { residual[b] = w * (e[b] / total - (labels[i] == b ? 1 : 0)) }
        }
        for b in 0..<blocks where residual[b] != 0 {
          for j in 0..<width { gradient[b * width + j] += c * residual[b] * z[i * width + j] }
        }
      }
      value *= c
      for b in 0..<blocks {
        for j in 0..<(width - 1) {
          value += 0.5 * theta[b * width + j] * theta[b * width + j]
          gradient[b * width + j] += theta[b * width + j]
        }
      }
      return (value, gradient)
    }

    func hessian(_ theta: [Double]) -> [Double] {
      let size = blocks * width
      var h = [Double](repeating: 0, count: size * size)
      let p = probabilities(theta)
      for i in 0..<rows {
        let row = z[(i * width)..<((i + 1) * width)]
        for a in 0..<blocks {
          for b in a..<blocks {
            let w = blocks == 1 ? p[i][0] * (1 - p[i][0]) : p[i][a] * ((a == b ? 1 : 0) - p[i][b])
            guard w != 0 else { continue }
            let scaled = c * w * (weights?[i] ?? 1)
            for j in 0..<width {
              let f = scaled * row[row.startIndex + j]
              let base = (a * width + j) * size + b * width
              for k in 0..<width { h[base + k] += f * row[row.startIndex + k] }
            }
          }
        }
      }
      for a in 0..<blocks {
        for b in (a + 1)..<max(blocks, a + 1) {
          for j in 0..<width {
            for k in 0..<width { h[(b * width + k) * size + a * width + j] = h[(a * width + j) * size + b * width + k] }
          }
        }
        for j in 0..<(width - 1) { h[(a * width + j) * size + a * width + j] += 1 }
      }
      return h
    }
  }
}

extension LogisticRegression {
  /// Each feature's mean and standard deviation where `standardise` says it is a number (0
  /// and 1 elsewhere), as StandardScaler learns them; a constant keeps scale 1. The linear
  /// models (logistic, mlp) read their features through it.
  static func standardisation(_ features: [[Double]], _ standardise: [Bool]) -> (center: [Double], scale: [Double]) {
    var center = [Double](repeating: 0, count: features.count), scale = [Double](repeating: 1, count: features.count)
    for j in features.indices where standardise[j] {
      let variance = Statistics.populationVariance(features[j])
      center[j] = Statistics.sum(features[j]) / Double(features[j].count)
      scale[j] = variance > 0 ? variance.squareRoot() : 1
    }
    return (center, scale)
  }
}
