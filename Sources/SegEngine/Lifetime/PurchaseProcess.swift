/// A buy-till-you-die model of repeat purchases: its likelihood for fitting and what it
/// predicts for a customer with a given history.
protocol PurchaseProcess {
  static var parameterNames: [String] { get }
  /// Which parameters are rates per unit of time (rescaled with the times while fitting).
  static var timeScaled: [Bool] { get }
  init(_ parameters: [Double])
  /// The negative mean log-likelihood of the patterns and its gradient in log-parameters.
  static func logLikelihood(_ parameters: [Double], _ data: PurchasePatterns) throws -> (value: Double, gradient: [Double])
  func probabilityAlive(frequency: Double, recency: Double, age: Double) -> Double
  /// Expected repeat purchases in the next `t` units of a customer with this history.
  func expectedPurchases(in t: Double, frequency: Double, recency: Double, age: Double) -> Double
  /// Expected repeat purchases in the first `t` units after a first purchase.
  func expectedPurchasesOfNewCustomer(in t: Double) -> Double
}

/// The repeat-purchase models `lifetime model=` fits.
public enum PurchaseModelKind: String, CaseIterable, Sendable, Codable {
  case bgnbd, paretonbd, mbgnbd

  var process: any PurchaseProcess.Type {
    switch self {
    case .bgnbd: BetaGeometricNBD.self
    case .paretonbd: ParetoNBD.self
    case .mbgnbd: ModifiedBetaGeometricNBD.self
    }
  }

  /// The name the literature gives it.
  public var title: String {
    switch self {
    case .bgnbd: "BG/NBD"
    case .paretonbd: "Pareto/NBD"
    case .mbgnbd: "MBG/NBD"
    }
  }
}
