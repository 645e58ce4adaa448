import Foundation

/// Gauss's hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, as the buy-till-you-die
/// models need it. Callers pass the Euler-transformed form whose terms stay small, so the
/// plain series is accurate; its tail is bounded by a geometric series.
enum Hypergeometric {
  /// The most terms summed for a prediction (about 5 ms): fitted models need far fewer (z
  /// within 1e-4 of 1 takes about 400,000); it bounds what a hostile model file can cost.
  static let termLimit = 2_000_000

  /// ₂F₁(a, b; c; z) by its power series; NaN if z is outside [0, 1) or the series does not settle.
  static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double, limit: Int = termLimit) -> Double {
    guard z >= 0, z < 1, c > 0 else { return z == 0 ? 1 : .nan }
    if z == 0 { return 1 }
    var sum = 1.0
    var term = 1.0
    var n = 0.0
    for _ in 0..<limit {
      let ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z
      term *= ratio
      sum += term
      n += 1
      if term == 0 { return sum }
      // The terms' ratio tends to z monotonically, so later ratios stay below the larger of
      // this one and z, and the remainder below |term|·q/(1 − q).
      let q = max(abs(ratio), z)
      if q < 1 && abs(term) * q / (1 - q) <= 1e-17 * abs(sum) { return sum }
    }
    return .nan
  }

  /// ₂F₁(1, b; c; z) for c > 1, 0 ≤ z < 1: the series while it converges fast, else Gauss's
  /// continued fraction for F(a, 1; c; z)/F(a, 0; c − 1; z) (Lentz's method), which needs
  /// about the square root of the series' terms as z nears 1.
  static func unitFirst(_ b: Double, _ c: Double, _ z: Double, limit: Int = termLimit) -> Double {
    if z <= 0.5 { return series(1, b, c, z, limit: limit) }
    guard z < 1, c > 1 else { return .nan }
    // With a = b and c' = c − 1: the partial numerators kᵢz of 1/(1 + k₁z/(1 + k₂z/(1 + …))).
    let a = b, c1 = c - 1
    func k(_ i: Int) -> Double {
      let n = Double((i - 1) / 2)
      return i % 2 == 1
        ? -(a + n) * (c1 + n) / ((c1 + 2 * n) * (c1 + 2 * n + 1))
        : -(n + 1) * (c1 - a + n + 1) / ((c1 + 2 * n + 1) * (c1 + 2 * n + 2))
    }
    let tiny = 1e-300
    var f = 1.0, cc = 1.0, d = 0.0
    for i in 1...limit {
      let term = k(i) * z
      d = 1 + term * d
      if abs(d) < tiny { d = tiny }
      cc = 1 + term / cc
      if abs(cc) < tiny { cc = tiny }
      d = 1 / d
      let delta = cc * d
      f *= delta
      if abs(delta - 1) <= 1e-16 { return 1 / f }
    }
    return .nan
  }
}
