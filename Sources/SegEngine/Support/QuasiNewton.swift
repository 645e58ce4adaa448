import Foundation

/// Unconstrained minimisation by BFGS (Nocedal & Wright, algorithm 6.1) with a backtracking
/// line search: what maximum-likelihood fits of a few parameters need.
enum QuasiNewton {
  /// The objective's value and gradient at a point; a non-finite value means "outside the domain".
  typealias Objective = ([Double]) throws -> (value: Double, gradient: [Double])

  struct Result {
    var point: [Double]
    var value: Double
    var gradient: [Double]
    var iterations: Int
    var converged: Bool
  }

  /// Minimises from `start`. Converged when the largest gradient component is below
  /// `gradientTolerance`, or when no step lowers the value and the gradient is below
  /// `stallTolerance` (a numerical gradient's noise floor).
  static func minimize(
    from start: [Double], gradientTolerance: Double = 1e-9, stallTolerance: Double = 1e-5,
    maxIterations: Int = 500, maxStep: Double = 3, _ objective: Objective
  ) throws -> Result {
    let n = start.count
    var x = start
    var (f, g) = try objective(x)
    guard f.isFinite, g.allSatisfy(\.isFinite) else { return Result(point: x, value: f, gradient: g, iterations: 0, converged: false) }
    var inverse = identity(n)
    for iteration in 1...maxIterations {
      if g.map(abs).max()! <= gradientTolerance {
        return Result(point: x, value: f, gradient: g, iterations: iteration - 1, converged: true)
      }
      var direction = multiply(inverse, g).map { -$0 }
      var slope = zip(direction, g).reduce(0) { $0 + $1.0 * $1.1 }
      if !(slope < 0) {
        // The curvature estimate went bad: restart from steepest descent.
        inverse = identity(n)
        direction = g.map { -$0 }
        slope = -g.reduce(0) { $0 + $1 * $1 }
      }
      // A long first step in log-parameters can leave the region where the series converge.
      let longest = direction.map(abs).max()!
      var step = longest > maxStep ? maxStep / longest : 1
      var accepted: (x: [Double], f: Double, g: [Double])?
      for _ in 0..<60 {
        let trial = zip(x, direction).map { $0 + step * $1 }
        let (ft, gt) = try objective(trial)
        if ft.isFinite, gt.allSatisfy(\.isFinite), ft <= f + 1e-4 * step * slope {
          accepted = (trial, ft, gt)
          break
        }
        step *= 0.5
      }
      guard let next = accepted else {
        let small = g.map(abs).max()! <= stallTolerance
        return Result(point: x, value: f, gradient: g, iterations: iteration, converged: small)
      }
      let s = zip(next.x, x).map { $0 - $1 }
      let y = zip(next.g, g).map { $0 - $1 }
      let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
      let improvement = f - next.f
      (x, f, g) = next
      if sy > 1e-12 * sqrt(s.reduce(0) { $0 + $1 * $1 } * y.reduce(0) { $0 + $1 * $1 }) {
        if iteration == 1 {
          // Scale the first inverse-Hessian guess to the curvature just seen (N&W 6.20).
          let scale = sy / y.reduce(0) { $0 + $1 * $1 }
          inverse = identity(n).map { $0 * scale }
        }
        update(&inverse, s: s, y: y, sy: sy)
      }
      if improvement <= 1e-15 * max(1, abs(f)) && g.map(abs).max()! <= stallTolerance {
        return Result(point: x, value: f, gradient: g, iterations: iteration, converged: true)
      }
    }
    return Result(point: x, value: f, gradient: g, iterations: maxIterations, converged: g.map(abs).max()! <= gradientTolerance)
  }

  /// The Hessian by central differences of the gradient, made symmetric.
  static func hessian(at x: [Double], step: Double = 1e-4, _ objective: Objective) throws -> [[Double]] {
    let n = x.count
    var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for j in 0..<n {
      var up = x, down = x
      up[j] += step
      down[j] -= step
      let (gu, gd) = (try objective(up).gradient, try objective(down).gradient)
      for i in 0..<n { h[i][j] = (gu[i] - gd[i]) / (2 * step) }
    }
    for i in 0..<n {
      for j in 0..<i {
        let mean = (h[i][j] + h[j][i]) / 2
        h[i][j] = mean
        h[j][i] = mean
      }
    }
    return h
  }

  /// The gradient by central differences, for objectives without an analytic one.
  static func numericalGradient(at x: [Double], step: Double = 1e-6, _ value: ([Double]) throws -> Double) rethrows -> [Double] {
    try x.indices.map { j in
      var up = x, down = x
      up[j] += step
      down[j] -= step
      return (try value(up) - value(down)) / (2 * step)
    }
  }

  private static func identity(_ n: Int) -> [Double] {
    (0..<n * n).map { $0 / n == $0 % n ? 1 : 0 }
  }

  private static func multiply(_ m: [Double], _ v: [Double]) -> [Double] {
    let n = v.count
    return (0..<n).map { i in (0..<n).reduce(0) { $0 + m[i * n + $1] * v[$1] } }
  }

  /// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ.
  private static func update(_ h: inout [Double], s: [Double], y: [Double], sy: Double) {
    let n = s.count
    let rho = 1 / sy
    let hy = multiply(h, y)
    let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
    for i in 0..<n {
      for j in 0..<n {
        h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
      }
    }
  }
}
