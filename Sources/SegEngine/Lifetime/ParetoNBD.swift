import Foundation

/// The Pareto/NBD model (Schmittlein, Morrison and Colombo 1987): purchases at gamma (r, α)
/// distributed Poisson rates while alive, lifetimes exponential with gamma (s, β) distributed
/// dropout rates. The likelihood and its A₀ term as lifetimes' ParetoNBDFitter and Fader,
/// Hardie and Lee's note; its gradient is taken by central differences.
struct ParetoNBD: PurchaseProcess {
  static let parameterNames = ["r", "alpha", "s", "beta"]
  static let timeScaled = [false, true, false, true]
  let r, alpha, s, beta: Double
  private var termLimit = Hypergeometric.termLimit

  init(_ p: [Double]) { (r, alpha, s, beta) = (p[0], p[1], p[2], p[3]) }

  /// Series terms a likelihood evaluation may spend per customer: beyond it (one rate
  /// thousands of times the other, where fits run off along a ridge) the point counts as
  /// outside the domain, so a fit stops there instead of crawling.
  static let fittingTermLimit = 5_000

  static func logLikelihood(_ p: [Double], _ data: PurchasePatterns) throws -> (value: Double, gradient: [Double]) {
    let value = { (logP: [Double]) throws -> Double in try negativeMeanLogLikelihood(logP.map(exp), data) }
    let logP = p.map(log)
    // Each series costs more than the whole BG/NBD likelihood: one evaluation per side.
    return (try value(logP), try QuasiNewton.numericalGradient(at: logP, step: 1e-6, value))
  }

  private static func negativeMeanLogLikelihood(_ p: [Double], _ data: PurchasePatterns) throws -> Double {
    var m = ParetoNBD(p)
    m.termLimit = fittingTermLimit
    var constant = 0.0
    for (slot, x) in data.distinctFrequencies.enumerated() {
      constant += data.frequencyWeight[slot] * m.frequencyTerm(x)
    }
    let sums = try data.sum(components: 1) { range, acc in
      for i in range {
        acc[0] += data.weight[i] * m.historyTerm(frequency: data.frequency[i], recency: data.recency[i], age: data.age[i])
      }
    }
    return -(constant + sums[0]) / data.customers
  }

  /// The likelihood's part that depends on the frequency alone.
  private func frequencyTerm(_ x: Double) -> Double {
    lgamma(r + x) - lgamma(r) + r * log(alpha) + s * log(beta)
  }

  private func historyTerm(frequency x: Double, recency: Double, age: Double) -> Double {
    let dead = -(r + x) * log(alpha + age) - s * log(beta + age)
    let alive = log(s) + logA0(frequency: x, recency: recency, age: age) - log(r + s + x)
    let top = max(dead, alive)
    return top == -.infinity ? top : top + log(exp(dead - top) + exp(alive - top))
  }

  func logLikelihood(frequency x: Double, recency: Double, age: Double) -> Double {
    frequencyTerm(x) + historyTerm(frequency: x, recency: recency, age: age)
  }

  /// log A₀ = log(F(z₁)/(m + tₓ)^(r+s+x) − F(z₂)/(m + T)^(r+s+x)), m = max(α, β), with
  /// F = ₂F₁(r+s+x, t; r+s+x+1; ·) evaluated through its Euler transform, whose terms are positive.
  private func logA0(frequency x: Double, recency: Double, age: Double) -> Double {
    let (low, high, t) = alpha < beta ? (alpha, beta, r + x) : (beta, alpha, s + 1)
    let rsx = r + s + x
    func logF(_ z: Double) -> Double {
      (1 - t) * log1p(-z) + log(Hypergeometric.unitFirst(rsx + 1 - t, rsx + 1, z, limit: termLimit))
    }
    let u1 = logF((high - low) / (high + recency)) - rsx * log(high + recency)
    let u2 = logF((high - low) / (high + age)) - rsx * log(high + age)
    return u2 < u1 ? u1 + log(-expm1(u2 - u1)) : -.infinity
  }

  func probabilityAlive(frequency x: Double, recency: Double, age: Double) -> Double {
    let logA0 = logA0(frequency: x, recency: recency, age: age)
    return 1 / (1 + exp(log(s) - log(r + s + x) + (r + x) * log(alpha + age) + s * log(beta + age) + logA0))
  }

  func expectedPurchases(in t: Double, frequency x: Double, recency: Double, age: Double) -> Double {
    guard t > 0 else { return 0 }
    let likelihood = logLikelihood(frequency: x, recency: recency, age: age)
    let first = lgamma(r + x) - lgamma(r) + r * log(alpha) + s * log(beta) - (r + x) * log(alpha + age) - s * log(beta + age)
    let second = log(r + x) + log(beta + age) - log(alpha + age)
    let third = log(Self.shrinkage(s, log((beta + age + t) / (beta + age))))
    return exp(first + second + third - likelihood)
  }

  func expectedPurchasesOfNewCustomer(in t: Double) -> Double {
    r * beta / alpha * Self.shrinkage(s, log((beta + t) / beta))
  }

  /// (1 − e^(−(s−1)·u))/(s − 1), which tends to u as s → 1.
  private static func shrinkage(_ s: Double, _ u: Double) -> Double {
    abs(s - 1) < 1e-9 ? u : -expm1(-(s - 1) * u) / (s - 1)
  }
}
