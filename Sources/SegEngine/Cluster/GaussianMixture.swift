/// Gaussian mixture by expectation-maximisation, as scikit-learn's GaussianMixture: started
/// from k-means labels, covariances regularised by `reg_covar` on the diagonal, iterated
/// until the mean log-likelihood gains less than `tol`, with a last E-step so the labels
/// match the final parameters.
public struct GaussianMixture: SeededClusterer {
  public static let method = "gmm"

  public enum Covariance: String, CaseIterable, Sendable { case full, tied, diag, spherical }

  public var k: Int
  public var covariance = Covariance.full
  public var regCovar = 1e-6
  public var maxIter = 100
  public var tol = 1e-3
  public var seed: UInt64 = 0
  /// Start from these labels instead of a k-means fit (for comparing with other tools).
  public var initialLabels: [Int]?

  public init(k: Int, seed: UInt64 = 0) {
    self.k = k
    self.seed = seed
  }

  public func fit(_ x: FeatureMatrix) throws -> ClusterFit {
    try x.requireRows(atLeast: k, for: "a Gaussian mixture")
    let n = x.rows, d = x.dims
    let start = try initialLabels ?? KMeans(k: k, seed: seed).fit(x).labels
    var responsibilities = [Double](repeating: 0, count: n * k)
    for i in 0..<n { responsibilities[i * k + start[i]] = 1 }
    var params = try mStep(x, responsibilities, normalizeBy: Double(n))
    var lowerBound = -Double.infinity
    var converged = false
    var iterations = 0
    for iteration in 1...max(maxIter, 1) {
      iterations = iteration
      ProgressReporter.report("gmm: EM iteration \(iteration)")
      let previous = lowerBound
      let e = try Self.eStep(x, params, k: k)
      params = try mStep(x, e.responsibilities, normalizeBy: nil)
      lowerBound = e.meanLogLikelihood
      if abs(lowerBound - previous) < tol {
        converged = true
        break
      }
    }
    let final = try Self.eStep(x, params, k: k)
    let labels = Self.mostProbable(final.responsibilities, k: k)
    let model = ClusterModel(method: Self.method, features: x.names, k: k, centers: params.means, parameters: [
      "k": String(k), "covariance": covariance.rawValue, "reg_covar": String(regCovar), "max_iter": String(maxIter),
      "tol": String(tol), "seed": String(seed),
    ], rule: .mixture(params))
    let logLikelihood = final.meanLogLikelihood
    let free = Double(parameterCount(d))
    let measures = MixtureFit(
      logLikelihood: logLikelihood, bic: -2 * logLikelihood * Double(n) + free * log(Double(n)), aic: -2 * logLikelihood * Double(n) + 2 * free,
      probabilities: final.responsibilities.map { exp($0) })
    return ClusterFit(labels: labels, model: model, measures: .mixture(measures), iterations: iterations, converged: converged)
  }

  /// Free parameters, for BIC and AIC.
  func parameterCount(_ d: Int) -> Int {
    let covariances: Int
    switch covariance {
    case .full: covariances = k * d * (d + 1) / 2
    case .tied: covariances = d * (d + 1) / 2
    case .diag: covariances = k * d
    case .spherical: covariances = k
    }
    return covariances + k * d + k - 1
  }

  /// Weights, means and precision factors from responsibilities (plain, not log).
  func mStep(_ x: FeatureMatrix, _ logOrPlain: [Double], normalizeBy n: Double?) throws -> MixtureParameters {
    let d = x.dims, rows = x.rows
    var resp = logOrPlain
    if n == nil {
      let all = RowChunks.ranges(resp.count)
      try resp.withUnsafeMutableBufferPointer { r in
        _ = try Parallel.map(all.count) { ch in for i in all[ch] { r[i] = exp(r[i]) } }
      }
    }
    let chunks = RowChunks.ranges(rows)
    // Pass 1: weights and means.
    let firstParts = try Parallel.map(chunks.count) { ch -> [Double] in
      try CancellationToken.check()
      var acc = [Double](repeating: 0, count: k * (d + 1))
      for i in chunks[ch] {
        for c in 0..<k {
          let r = resp[i * k + c]
          acc[c * (d + 1)] += r
          for j in 0..<d { acc[c * (d + 1) + 1 + j] += r * x.values[i * d + j] }
        }
      }
      return acc
    }
    var acc = [Double](repeating: 0, count: k * (d + 1))
    for p in firstParts { for t in acc.indices { acc[t] += p[t] } }
    let nk = (0..<k).map { acc[$0 * (d + 1)] + 10 * Double.ulpOfOne }
    var means = [Double](repeating: 0, count: k * d)
    for c in 0..<k { for j in 0..<d { means[c * d + j] = acc[c * (d + 1) + 1 + j] / nk[c] } }
    // Pass 2: scatter about the new means (full and tied), or per-feature (diag, spherical).
    let full = covariance == .full || covariance == .tied
    let width = full ? d * d : d
    let secondParts = try Parallel.map(chunks.count) { ch -> [Double] in
      try CancellationToken.check()
      var s = [Double](repeating: 0, count: k * width)
      var diff = [Double](repeating: 0, count: d)
      for i in chunks[ch] {
        for c in 0..<k {
          let r = resp[i * k + c]
          for j in 0..<d { diff[j] = x.values[i * d + j] - means[c * d + j] }
          if full {
            for a in 0..<d {
              let ra = r * diff[a]
              for b in a..<d { s[c * width + a * d + b] += ra * diff[b] }
            }
          } else {
            for j in 0..<d { s[c * width + j] += r * diff[j] * diff[j] }
          }
        }
      }
      return s
    }
    var scatter = [Double](repeating: 0, count: k * width)
    for p in secondParts { for t in scatter.indices { scatter[t] += p[t] } }
    var factors: [Double] = []
    switch covariance {
    case .full:
      for c in 0..<k {
        var cov = [Double](repeating: 0, count: d * d)
        for a in 0..<d { for b in a..<d { cov[a * d + b] = scatter[c * width + a * d + b] / nk[c]; cov[b * d + a] = cov[a * d + b] } }
        for a in 0..<d { cov[a * d + a] += regCovar }
        factors += try precisionCholesky(cov, d)
      }
    case .tied:
      var cov = [Double](repeating: 0, count: d * d)
      let total = nk.reduce(0, +)
      for c in 0..<k { for a in 0..<d { for b in a..<d { cov[a * d + b] += scatter[c * width + a * d + b] } } }
      for a in 0..<d { for b in a..<d { cov[a * d + b] /= total; cov[b * d + a] = cov[a * d + b] } }
      for a in 0..<d { cov[a * d + a] += regCovar }
      factors = try precisionCholesky(cov, d)
    case .diag, .spherical:
      for c in 0..<k {
        let variances = (0..<d).map { scatter[c * width + $0] / nk[c] + regCovar }
        if covariance == .diag {
          factors += variances.map { 1 / $0.squareRoot() }
        } else {
          factors.append(1 / Statistics.mean(variances).squareRoot())
        }
      }
    }
    let total = n ?? nk.reduce(0, +)
    return MixtureParameters(covariance: covariance.rawValue, weights: nk.map { $0 / total }, means: means, precisionsCholesky: factors)
  }

  /// The upper-triangular factor U with precision = U Uᵀ, from a covariance matrix.
  private func precisionCholesky(_ cov: [Double], _ d: Int) throws -> [Double] {
    guard let l = Cholesky.factor(cov, d) else {
      throw EngineError.invalidParameter(name: "reg_covar", value: String(regCovar),
        reason: "a component's covariance is singular (too few or identical rows); raise reg_covar, use fewer clusters, or covariance=diag")
    }
    // Solve L X = I for X = L⁻¹ (lower); the factor is its transpose.
    var inv = [Double](repeating: 0, count: d * d)
    for col in 0..<d {
      for i in 0..<d {
        var s = i == col ? 1.0 : 0.0
        for t in 0..<i { s -= l[i * d + t] * inv[t * d + col] }
        inv[i * d + col] = s / l[i * d + i]
      }
    }
    var upper = [Double](repeating: 0, count: d * d)
    for i in 0..<d { for j in 0..<d { upper[i * d + j] = inv[j * d + i] } }
    return upper
  }

  /// Log responsibilities and the mean log-likelihood per row.
  static func eStep(_ x: FeatureMatrix, _ p: MixtureParameters, k: Int) throws -> (responsibilities: [Double], meanLogLikelihood: Double) {
    let n = x.rows
    var resp = try weightedLogProbabilities(x, p, k: k)
    let chunks = RowChunks.ranges(n)
    // Normalise each row by its log-sum-exp; per-chunk totals are added in chunk order.
    let totals = try resp.withUnsafeMutableBufferPointer { r in
      try Parallel.map(chunks.count) { ch in
        try CancellationToken.check()
        var total = 0.0
        for i in chunks[ch] {
          var top = -Double.infinity
          for c in 0..<k { top = max(top, r[i * k + c]) }
          var s = 0.0
          for c in 0..<k { s += exp(r[i * k + c] - top) }
          let norm = top + log(s)
          total += norm
          for c in 0..<k { r[i * k + c] -= norm }
        }
        return total
      }
    }
    return (resp, totals.reduce(0, +) / Double(n))
  }

  /// Labels and the mean log-likelihood of new rows under fitted parameters.
  static func predict(_ x: FeatureMatrix, _ p: MixtureParameters) throws -> (labels: [Int], meanLogLikelihood: Double) {
    let k = p.weights.count
    let e = try eStep(x, p, k: k)
    return (mostProbable(e.responsibilities, k: k), e.meanLogLikelihood)
  }

  /// Each row's most probable component (ties to the lowest, as NumPy's argmax).
  static func mostProbable(_ responsibilities: [Double], k: Int) -> [Int] {
    (0..<(responsibilities.count / k)).map { i in
      var best = 0
      for c in 1..<max(k, 1) where responsibilities[i * k + c] > responsibilities[i * k + best] { best = c }
      return best
    }
  }

  /// log(weight) + log N(x | mean, covariance) for every row and component.
  static func weightedLogProbabilities(_ x: FeatureMatrix, _ p: MixtureParameters, k: Int) throws -> [Double] {
    let n = x.rows, d = x.dims
    let kind = Covariance(rawValue: p.covariance) ?? .full
    let f = p.precisionsCholesky
    let logDet: [Double] = (0..<k).map { c in
      switch kind {
      case .full: return (0..<d).reduce(0.0) { $0 + log(f[c * d * d + $1 * d + $1]) }
      case .tied: return (0..<d).reduce(0.0) { $0 + log(f[$1 * d + $1]) }
      case .diag: return (0..<d).reduce(0.0) { $0 + log(f[c * d + $1]) }
      case .spherical: return Double(d) * log(f[c])
      }
    }
    let constant = Double(d) * log(2 * Double.pi)
    var out = [Double](repeating: 0, count: n * k)
    let chunks = RowChunks.ranges(n)
    try out.withUnsafeMutableBufferPointer { o in
      _ = try Parallel.map(chunks.count) { ch in
        try CancellationToken.check()
        var diff = [Double](repeating: 0, count: d)
        for i in chunks[ch] {
          for c in 0..<k {
            for j in 0..<d { diff[j] = x.values[i * d + j] - p.means[c * d + j] }
            var q = 0.0
            switch kind {
            case .full, .tied:
              let base = kind == .full ? c * d * d : 0
              for j in 0..<d {
                var y = 0.0
                for a in 0...j { y += diff[a] * f[base + a * d + j] }
                q += y * y
              }
            case .diag:
              for j in 0..<d {
                let y = diff[j] * f[c * d + j]
                q += y * y
              }
            case .spherical:
              for j in 0..<d { q += diff[j] * diff[j] }
              q *= f[c] * f[c]
            }
            o[i * k + c] = -0.5 * (constant + q) + logDet[c] + log(p.weights[c])
          }
        }
      }
    }
    return out
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension GaussianMixture: ConfigurableClusterer {
  public static let parameters = ParameterTable(method, [
    .clusters, .seed,
    Parameter("covariance", .choice(Covariance.allCases.map(\.rawValue)), default: .value(.word("full")), "the shape each cluster may take"),
    Parameter("reg_covar", .number(.nonNegative), default: .value(.number(1e-6)), "added to the variances so no cluster collapses"),
    .maxIter(100), .tol(1e-3, "stop when the mean log-likelihood gains less than this"),
  ])

  public init(_ p: ParameterValues) throws(EngineError) {
    self.init(k: p.int("k") ?? 1, seed: p.seed)
    covariance = p.choice("covariance", as: Covariance.self) ?? covariance
    regCovar = p.number("reg_covar") ?? regCovar
    maxIter = p.int("max_iter") ?? maxIter
    tol = p.number("tol") ?? tol
  }
}
