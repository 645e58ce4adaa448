/// A lifetime model from a file holds together: the model's own parameters, each positive
/// and finite, and terms a score can use.
extension LifetimeModel {
  func validate() throws {
    try Self.check(parameters, names: kind.process.parameterNames, at: "lifetime.parameters")
    if let spend {
      try Self.check(spend.parameters, names: GammaGamma.parameterNames, at: "lifetime.spend.parameters")
      guard spend.customers >= 0, spend.correlation.isFinite, spend.logLikelihood.isFinite else {
        throw ModelProblem("lifetime.spend has a negative count or a non-finite figure")
      }
    }
    guard logLikelihood.isFinite, customers >= 0, iterations >= 0 else {
      throw ModelProblem("lifetime has a non-finite log-likelihood or a negative count")
    }
    guard (1...1_200).contains(terms.months), terms.discount.isFinite, terms.discount >= 0, terms.discount <= 10,
      terms.margin > 0, terms.margin <= 1 else {
      throw ModelProblem("lifetime.terms must have months 1 to 1,200, a discount from 0 to 1,000% and a margin above 0 up to 100%")
    }
  }

  private static func check(_ parameters: [FittedParameter], names: [String], at path: String) throws {
    guard parameters.map(\.name) == names else {
      throw ModelProblem("\(path) must be \(names.joined(separator: ", ")) in that order")
    }
    for p in parameters {
      guard p.value.isFinite, p.value > 0 else { throw ModelProblem("\(path): \(p.name) must be a positive number") }
      if let se = p.standardError, !(se.isFinite && se >= 0) { throw ModelProblem("\(path): \(p.name)'s standard error must be a number from 0") }
    }
  }
}
