import Foundation

/// The Gamma-Gamma model of spend (Fader, Hardie and Lee 2005, "RFM and CLV"): a customer's
/// purchase values are gamma (p, ν) distributed around a mean whose rate ν is gamma (q, γ)
/// distributed across customers. Fitted on repeat buyers' mean spend, as lifetimes'
/// GammaGammaFitter; `v` is the papers' γ.
struct GammaGamma {
  static let parameterNames = ["p", "q", "v"]
  let p, q, v: Double

  init(_ params: [Double]) { (p, q, v) = (params[0], params[1], params[2]) }

  /// Repeat buyers' frequencies and mean spends, with their logarithms kept for the likelihood.
  struct Spends {
    var frequency: [Double]
    var monetary: [Double]
    var logMonetary: [Double]
    var distinctFrequencies: [Double]
    var frequencySlot: [Int]

    init(frequency: [Double], monetary: [Double]) {
      self.frequency = frequency
      self.monetary = monetary
      logMonetary = monetary.map(log)
      distinctFrequencies = Array(Set(frequency)).sorted()
      let slot = Dictionary(uniqueKeysWithValues: distinctFrequencies.enumerated().map { ($1, $0) })
      frequencySlot = frequency.map { slot[$0]! }
    }
  }

  /// The negative mean log-likelihood and its gradient in log-parameters.
  static func logLikelihood(_ params: [Double], _ data: Spends) -> (value: Double, gradient: [Double]) {
    let (p, q, v) = (params[0], params[1], params[2])
    // lgamma and digamma per distinct frequency, not per customer.
    let gammaTerm = data.distinctFrequencies.map { x in lgamma(p * x + q) - lgamma(p * x) }
    let psiSum = data.distinctFrequencies.map { x in Digamma.value(p * x + q) }
    let psiPX = data.distinctFrequencies.map { x in Digamma.value(p * x) }
    let lgammaQ: Double = lgamma(q)
    let psiQ = Digamma.value(q), logV = log(v)
    var value = 0.0, dp = 0.0, dq = 0.0, dv = 0.0
    for i in data.frequency.indices {
      let x = data.frequency[i], m = data.monetary[i], logM = data.logMonetary[i], slot = data.frequencySlot[i]
      let logTotal = log(x * m + v)
      value += gammaTerm[slot] - lgammaQ + q * logV + (p * x - 1) * logM + p * x * log(x) - (p * x + q) * logTotal
      dp += x * (psiSum[slot] - psiPX[slot] + logM + log(x) - logTotal)
      dq += psiSum[slot] - psiQ + logV - logTotal
      dv += q / v - (p * x + q) / (x * m + v)
    }
    let n = Double(data.frequency.count)
    return (-value / n, [-dp * p / n, -dq * q / n, -dv * v / n])
  }

  /// The expected mean spend of a customer with `frequency` repeat purchases of mean `monetary`.
  func expectedSpend(frequency x: Double, monetary: Double) -> Double {
    let individual = p * x / (p * x + q - 1)
    return (1 - individual) * populationMean + individual * monetary
  }

  /// The mean spend across customers, finite only when q > 1.
  var populationMean: Double { v * p / (q - 1) }
}
