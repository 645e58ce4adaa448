import Foundation

/// The MBG/NBD model (Batislam, Denizel and Filiztekin 2007): BG/NBD in which a customer may
/// also drop out at time zero, so customers without repeat purchases can be inactive.
/// Formulas as lifetimes' ModifiedBetaGeoFitter.
struct ModifiedBetaGeometricNBD: PurchaseProcess {
  static let parameterNames = ["r", "alpha", "a", "b"]
  static let timeScaled = [false, true, false, false]
  let r, alpha, a, b: Double

  init(_ p: [Double]) { (r, alpha, a, b) = (p[0], p[1], p[2], p[3]) }

  static func logLikelihood(_ p: [Double], _ data: PurchasePatterns) throws -> (value: Double, gradient: [Double]) {
    let m = ModifiedBetaGeometricNBD(p)
    let (r, alpha, a, b) = (m.r, m.alpha, m.a, m.b)
    let (constant, dConstant) = BetaGeometricNBD.frequencyTerms(p, data, shift: 1)
    let logA = log(a)
    let sums = try data.sum(components: 5) { range, acc in
      for i in range {
        let x = data.frequency[i], w = data.weight[i]
        let ageTerm = alpha + data.age[i], recencyTerm = alpha + data.recency[i]
        let logAge = log(ageTerm), logRecency = log(recencyTerm)
        let a4 = logA - log(b + x) + (r + x) * (logAge - logRecency)
        // log(1 + e^a4) without overflow, and its derivative σ(a4).
        let softplus = a4 > 0 ? a4 + log1p(exp(-a4)) : log1p(exp(a4))
        let sigma = 1 / (1 + exp(-a4))
        acc[0] += w * (-(r + x) * logAge + softplus)
        acc[1] += w * (-logAge + sigma * (logAge - logRecency))
        acc[2] += w * (-(r + x) / ageTerm + sigma * (r + x) * (1 / ageTerm - 1 / recencyTerm))
        acc[3] += w * sigma / a
        acc[4] -= w * sigma / (b + x)
      }
    }
    let n = data.customers
    let gradient = (0..<4).map { k in -(dConstant[k] + sums[k + 1]) * p[k] / n }
    return (-(constant + sums[0]) / n, gradient)
  }

  func probabilityAlive(frequency x: Double, recency: Double, age: Double) -> Double {
    1 / (1 + exp(log(a / (b + x)) + (r + x) * log((alpha + age) / (alpha + recency))))
  }

  func expectedPurchases(in t: Double, frequency x: Double, recency: Double, age: Double) -> Double {
    guard t > 0 else { return 0 }
    let z = t / (alpha + age + t)
    let g = Hypergeometric.series(a + b - r, a - 1, a + b + x, z)
    let unseen = -expm1((a - 1) * log1p(-z) + log(g))
    let alive = 1 + a / (b + x) * exp((r + x) * log((alpha + age) / (alpha + recency)))
    return (a + b + x) / (a - 1) * unseen / alive
  }

  func expectedPurchasesOfNewCustomer(in t: Double) -> Double {
    expectedPurchases(in: t, frequency: 0, recency: 0, age: 0)
  }
}
