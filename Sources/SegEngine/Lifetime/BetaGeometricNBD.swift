import Foundation

/// The BG/NBD model (Fader, Hardie and Lee 2005): purchases at Poisson rates that are gamma
/// distributed (r, α) across customers; after each purchase a customer drops out with a
/// probability that is beta distributed (a, b). Formulas as lifetimes' BetaGeoFitter.
struct BetaGeometricNBD: PurchaseProcess {
  static let parameterNames = ["r", "alpha", "a", "b"]
  static let timeScaled = [false, true, false, false]
  let r, alpha, a, b: Double

  init(_ p: [Double]) { (r, alpha, a, b) = (p[0], p[1], p[2], p[3]) }

  static func logLikelihood(_ p: [Double], _ data: PurchasePatterns) throws -> (value: Double, gradient: [Double]) {
    let m = BetaGeometricNBD(p)
    let (r, alpha, a, b) = (m.r, m.alpha, m.a, m.b)
    let (constant, dConstant) = frequencyTerms(p, data, shift: 0)
    let logA = log(a)
    let sums = try data.sum(components: 5) { range, acc in
      for i in range {
        let x = data.frequency[i], w = data.weight[i]
        let ageTerm = alpha + data.age[i]
        let a3 = -(r + x) * log(ageTerm)
        guard x > 0 else {
          acc[0] += w * a3
          acc[1] -= w * log(ageTerm)
          acc[2] -= w * (r + x) / ageTerm
          continue
        }
        let recencyTerm = alpha + data.recency[i]
        let logRecency = log(recencyTerm)
        let a4 = logA - log(b + x - 1) - (r + x) * logRecency
        let top = max(a3, a4)
        acc[0] += w * (top + log(exp(a3 - top) + exp(a4 - top)))
        // The share of the "still alive" branch in the likelihood.
        let w3 = 1 / (1 + exp(a4 - a3))
        let w4 = 1 - w3
        acc[1] -= w * (w3 * log(ageTerm) + w4 * logRecency)
        acc[2] -= w * (r + x) * (w3 / ageTerm + w4 / recencyTerm)
        acc[3] += w * w4 / a
        acc[4] -= w * w4 / (b + x - 1)
      }
    }
    let n = data.customers
    let gradient = (0..<4).map { k in -(dConstant[k] + sums[k + 1]) * p[k] / n }
    return (-(constant + sums[0]) / n, gradient)
  }

  /// The likelihood's terms of the frequency alone (A₁ + A₂ of the note), summed over the
  /// customers, and their derivatives in (r, α, a, b); `shift` 1 gives MBG/NBD's, whose beta
  /// terms count one more purchase (b + x + 1).
  static func frequencyTerms(_ p: [Double], _ data: PurchasePatterns, shift: Double) -> (Double, [Double]) {
    let (r, alpha, a, b) = (p[0], p[1], p[2], p[3])
    var constant = 0.0
    var gradient = [0.0, 0.0, 0.0, 0.0]
    let psiR = Digamma.value(r), psiAB = Digamma.value(a + b), psiB = Digamma.value(b)
    for (slot, x) in data.distinctFrequencies.enumerated() {
      let w = data.frequencyWeight[slot]
      constant += w * (lgamma(r + x) - lgamma(r) + r * log(alpha) + lgamma(a + b) + lgamma(b + x + shift) - lgamma(b) - lgamma(a + b + x + shift))
      let psiABX = Digamma.value(a + b + x + shift)
      gradient[0] += w * (Digamma.value(r + x) - psiR + log(alpha))
      gradient[1] += w * r / alpha
      gradient[2] += w * (psiAB - psiABX)
      gradient[3] += w * (psiAB + Digamma.value(b + x + shift) - psiB - psiABX)
    }
    return (constant, gradient)
  }

  func probabilityAlive(frequency x: Double, recency: Double, age: Double) -> Double {
    guard x > 0 else { return 1 }
    let logRatio = (r + x) * log((alpha + age) / (alpha + recency)) + log(a / (b + x - 1))
    return 1 / (1 + exp(logRatio))
  }

  /// Expected purchases in the next `t`, by the Euler transform of the note's ₂F₁, whose
  /// terms stay small for any frequency.
  func expectedPurchases(in t: Double, frequency x: Double, recency: Double, age: Double) -> Double {
    guard t > 0 else { return 0 }
    let z = t / (alpha + age + t)
    let g = Hypergeometric.series(a + b - 1 - r, a - 1, a + b + x - 1, z)
    let unseen = -expm1((a - 1) * log1p(-z) + log(g))
    let alive = x > 0 ? 1 + a / (b + x - 1) * exp((r + x) * log((alpha + age) / (alpha + recency))) : 1
    return (a + b + x - 1) / (a - 1) * unseen / alive
  }

  func expectedPurchasesOfNewCustomer(in t: Double) -> Double {
    expectedPurchases(in: t, frequency: 0, recency: 0, age: 0)
  }
}
