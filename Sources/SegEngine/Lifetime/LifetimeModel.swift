import Foundation

/// A fitted buy-till-you-die model, optionally with a Gamma-Gamma spend model: what
/// `lifetime` fits, `save model` writes and `predict` scores customer summaries with.
public struct LifetimeModel: Sendable, Equatable, Codable {
  public var kind: PurchaseModelKind
  public var parameters: [FittedParameter]
  /// The log-likelihood of the fitted histories, in the model's unit of time.
  public var logLikelihood: Double
  public var customers: Int
  public var iterations: Int
  /// The unit recency and T are counted in.
  public var unit: PurchaseSummary.Period
  public var spend: SpendModel?
  /// The horizon, discount and margin scores are made with.
  public var terms: ValueTerms

  /// One parameter's estimate and its standard error (nil where the likelihood's curvature
  /// does not give one).
  public struct FittedParameter: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double
    public var standardError: Double?
  }

  /// The Gamma-Gamma model of the repeat buyers' mean spend.
  public struct SpendModel: Sendable, Equatable, Codable {
    public var parameters: [FittedParameter]
    public var logLikelihood: Double
    public var customers: Int
    /// Pearson's correlation of frequency and mean spend over the repeat buyers.
    public var correlation: Double
  }

  public struct Options: Sendable {
    public var kind: PurchaseModelKind
    /// Also fit the Gamma-Gamma spend model (needs monetary values).
    public var spend = false
    /// Gamma-Gamma assumes spend independent of frequency: refuse above this |correlation|.
    public var maxCorrelation = 0.3
    public var terms = ValueTerms()
    public init(kind: PurchaseModelKind) { self.kind = kind }
  }

  /// How far from 1 (in log) a parameter may go, in units of the longest history.
  static let logBound = 12.0

  /// Fits the model to customers' (frequency, recency, T) and, for spend, mean repeat spend.
  public static func fit(frequency: [Double], recency: [Double], age: [Double], monetary: [Double]?,
                         unit: PurchaseSummary.Period, options: Options) throws -> LifetimeModel {
    try LifetimeInput.check(frequency: frequency, recency: recency, age: age)
    guard frequency.contains(where: { $0 > 0 }) else {
      throw EngineError.emptyInput("no customer bought twice: the models learn purchase and dropout rates from repeat purchases; give more history (an earlier start or a later calibration_end)")
    }
    guard let oldest = age.max(), oldest > 0 else {
      throw EngineError.emptyInput("every customer's first purchase is on the last day: there is no history to fit")
    }
    let process = options.kind.process
    // Times in units of the longest history, as lifetimes does: the rates then start near 1.
    let scale = 1 / oldest
    let patterns = PurchasePatterns(frequency: frequency, recency: recency, age: age, scale: scale)
    let exact = options.kind != .paretonbd
    // Parameters beyond e^±12 of the time scale are outside the domain: a fit that runs off
    // along a ridge stops at that wall and is reported, not returned.
    let objective: QuasiNewton.Objective = { logP in
      guard logP.allSatisfy({ abs($0) <= logBound }) else { return (.nan, logP.map { _ in .nan }) }
      return try process.logLikelihood(logP.map(exp), patterns)
    }
    let result = try QuasiNewton.minimize(from: [Double](repeating: 0, count: 4), gradientTolerance: exact ? 1e-9 : 1e-7,
      stallTolerance: exact ? 1e-6 : 1e-5, objective)
    let names = process.parameterNames
    let scaledBack = zip(result.point, process.timeScaled).map { exp($0.0) / ($0.1 ? scale : 1) }
    let runaway = try result.point.indices.filter { i in
      var outward = result.point
      outward[i] += result.point[i] >= 0 ? 1 : -1
      guard abs(result.point[i]) > 3 else { return false }
      return !(try objective(outward).value.isFinite)
    }
    guard result.converged, runaway.isEmpty else {
      let last = zip(names, scaledBack).map { "\($0.0) \(ValueFormatter.number($0.1, significant: 4))" }.joined(separator: ", ")
      let why = runaway.isEmpty
        ? "did not converge after \(result.iterations) steps (last at \(last))"
        : "does not settle: \(runaway.map { names[$0] }.joined(separator: " and ")) keep\(runaway.count == 1 ? "s" : "") growing or shrinking without bound (at \(last)), so the likelihood has no maximum inside the model"
      let tries = unit == .day ? "another model=, more history, or weekly periods (freq=week)" : "another model= or more history"
      throw EngineError.unsupported("the \(options.kind.title) fit \(why); these data do not separate purchase rates from dropout as the model needs — try \(tries)")
    }
    let hessian = try QuasiNewton.hessian(at: result.point, step: exact ? 1e-5 : 1e-4, objective)
    let errors = standardErrors(hessian, values: scaledBack, count: patterns.customers)
    // The likelihood in the caller's units: each repeat purchase time is a density, so times
    // scaled by c lower the log-likelihood by Σx·log c; adding it back needs no second pass.
    let purchases = frequency.reduce(0, +)
    let inOwnUnits = -result.value * patterns.customers + purchases * log(scale)
    var model = LifetimeModel(
      kind: options.kind, parameters: zip(names, zip(scaledBack, errors)).map { FittedParameter(name: $0.0, value: $0.1.0, standardError: $0.1.1) },
      logLikelihood: inOwnUnits, customers: frequency.count, iterations: result.iterations, unit: unit, spend: nil, terms: options.terms)
    if options.spend {
      guard let monetary else {
        throw EngineError.invalidParameter(name: "spend", value: "gammagamma", reason: "needs the purchase values: give amount=")
      }
      model.spend = try fitSpend(frequency: frequency, monetary: monetary, maxCorrelation: options.maxCorrelation)
    }
    return model
  }

  /// The Gamma-Gamma fit over the repeat buyers.
  static func fitSpend(frequency: [Double], monetary: [Double], maxCorrelation: Double) throws -> SpendModel {
    let buyers = frequency.indices.filter { frequency[$0] > 0 }
    guard buyers.count >= 3 else {
      throw EngineError.emptyInput("the spend model needs at least 3 repeat buyers, and there \(buyers.count == 1 ? "is" : "are") \(buyers.count)")
    }
    if let bad = buyers.first(where: { !(monetary[$0] > 0) }) {
      let count = buyers.count { !(monetary[$0] > 0) }
      throw EngineError.invalidParameter(name: "amount", value: ValueFormatter.number(monetary[bad]),
        reason: "\(count) repeat buyer\(count == 1 ? " has" : "s have") a mean repeat purchase value of 0 or less (the first is customer row \(bad + 1) of the summary); Gamma-Gamma needs positive spend: leave out returns with where amount > 0")
    }
    let x = buyers.map { frequency[$0] }, m = buyers.map { monetary[$0] }
    let correlation = Statistics.pearson(x, m)
    guard abs(correlation) <= maxCorrelation else {
      throw EngineError.invalidParameter(name: "max_correlation", value: ValueFormatter.number(maxCorrelation),
        reason: "frequency and mean spend are correlated (Pearson \(ValueFormatter.number(correlation, significant: 3)) over \(buyers.count) repeat buyers) beyond it; Gamma-Gamma assumes spend does not depend on how often a customer buys. Raise max_correlation= to fit anyway, or leave spend= out")
    }
    let data = GammaGamma.Spends(frequency: x, monetary: m)
    let objective: QuasiNewton.Objective = { logP in GammaGamma.logLikelihood(logP.map(exp), data) }
    let result = try QuasiNewton.minimize(from: [0, 0, 0], objective)
    guard result.converged, result.point.allSatisfy({ $0.isFinite && abs($0) < 40 }) else {
      throw EngineError.unsupported("the Gamma-Gamma spend fit did not converge after \(result.iterations) steps; the repeat buyers' spends may be too few or too alike")
    }
    let values = result.point.map(exp)
    let errors = standardErrors(try QuasiNewton.hessian(at: result.point, step: 1e-5, objective), values: values, count: Double(x.count))
    return SpendModel(parameters: zip(GammaGamma.parameterNames, zip(values, errors)).map { FittedParameter(name: $0.0, value: $0.1.0, standardError: $0.1.1) },
      logLikelihood: -result.value * Double(x.count), customers: x.count, correlation: correlation)
  }

  /// θᵢ·sqrt((H⁻¹)ᵢᵢ / n) from the Hessian H of the mean negative log-likelihood in
  /// log-parameters (the delta method, as lifetimes); nil where H is not positive definite.
  static func standardErrors(_ hessian: [[Double]], values: [Double], count: Double) -> [Double?] {
    let n = values.count
    let flat = hessian.flatMap { $0 }
    return (0..<n).map { i in
      var unit = [Double](repeating: 0, count: n)
      unit[i] = 1
      guard let column = Cholesky.solve(flat, unit), column[i] > 0 else { return nil }
      return values[i] * (column[i] / count).squareRoot()
    }
  }

  func parameterValues() -> [Double] { parameters.map(\.value) }

  var process: any PurchaseProcess { kind.process.init(parameterValues()) }

  var spendProcess: GammaGamma? { spend.map { GammaGamma($0.parameters.map(\.value)) } }

  /// Units of the model's time in a month, as lifetimes' customer_lifetime_value counts them.
  public var unitsPerMonth: Double { unit == .day ? 30 : 4.345 }
}
