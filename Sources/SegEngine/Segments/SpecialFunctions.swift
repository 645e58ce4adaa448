import Foundation

/// The incomplete beta and gamma functions behind F and chi-squared p-values
/// (continued fractions by Lentz's method, as in Numerical Recipes §6.2–6.4).
enum SpecialFunctions {
  /// The regularized incomplete beta function I_x(a, b).
  static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
    // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
    if x < (a + 1) / (a + b + 2) { return front * betaFraction(x, a, b) / a }
    return 1 - front * betaFraction(1 - x, b, a) / b
  }

  private static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0, d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
      let m = Double(m)
      var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 + num * d; if abs(d) < tiny { d = tiny }
      c = 1 + num / c; if abs(c) < tiny { c = tiny }
      d = 1 / d; h *= d * c
      num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 + num * d; if abs(d) < tiny { d = tiny }
      c = 1 + num / c; if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-15 { break }
    }
    return h
  }

  /// The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x).
  static func upperIncompleteGamma(_ a: Double, _ x: Double) -> Double {
    if x <= 0 { return 1 }
    let front = exp(-x + a * log(x) - lgamma(a))
    if x < a + 1 {
      var sum = 1 / a, term = 1 / a, n = a
      for _ in 0..<10_000 {
        n += 1; term *= x / n; sum += term
        if abs(term) < abs(sum) * 1e-16 { break }
      }
      return 1 - front * sum
    }
    let tiny = 1e-300
    var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
    for i in 1...10_000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b; if abs(d) < tiny { d = tiny }
      c = b + an / c; if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-15 { break }
    }
    return front * h
  }

  /// P(F > f) for an F distribution with (d1, d2) degrees of freedom.
  static func fSurvival(_ f: Double, d1: Double, d2: Double) -> Double {
    guard f.isFinite, f > 0 else { return f.isNaN ? .nan : (f > 0 ? 0 : 1) }
    return incompleteBeta(d2 / (d2 + d1 * f), a: d2 / 2, b: d1 / 2)
  }

  /// P(χ² > x) with `dof` degrees of freedom.
  static func chiSquaredSurvival(_ x: Double, dof: Double) -> Double {
    guard x.isFinite, x > 0 else { return x.isNaN ? .nan : (x > 0 ? 0 : 1) }
    return upperIncompleteGamma(dof / 2, x / 2)
  }
}
