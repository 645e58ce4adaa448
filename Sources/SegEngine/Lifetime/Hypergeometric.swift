import Foundation

/// Gauss's hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, as the buy-till-you-die
/// models need it. Callers pass the Euler-transformed form whose terms stay small, so the
/// plain series is accurate; its tail is bounded by a geometric series.
enum Hypergeometric {
  /// The most terms summed: reached only for z within about 1e-5 of 1.
  static let termLimit = 20_000_000

  /// ₂F₁(a, b; c; z) by its power series; NaN if z is outside [0, 1) or the series does not settle.
  static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
    guard z >= 0, z < 1, c > 0 else { return z == 0 ? 1 : .nan }
    if z == 0 { return 1 }
    var sum = 1.0
    var term = 1.0
    var n = 0.0
    for _ in 0..<termLimit {
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
}
