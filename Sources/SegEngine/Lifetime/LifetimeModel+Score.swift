import Foundation

extension LifetimeModel {
  /// What the model predicts per customer.
  public struct Scores: Sendable {
    public var probabilityAlive: [Double]
    /// Expected repeat purchases over the horizon.
    public var expectedPurchases: [Double]
    /// Gamma-Gamma's expected mean spend, with a spend model.
    public var expectedSpend: [Double]?
    /// Discounted expected spend × margin over the horizon, with a spend model.
    public var value: [Double]?
  }

  /// The horizon and money terms of lifetime value, as lifetimes' customer_lifetime_value.
  public struct ValueTerms: Sendable, Equatable, Codable {
    public var months = 12
    /// Discount rate per month.
    public var discount = 0.01
    public var margin = 1.0
    public init() {}
  }

  /// Scores customers' histories: P(alive), expected purchases over `terms.months` and,
  /// with a spend model, expected spend and lifetime value: the sum over months of spend ×
  /// margin × the month's expected purchases, discounted by (1 + discount)^month.
  public func score(frequency: [Double], recency: [Double], age: [Double], monetary: [Double]?) throws -> Scores {
    try LifetimeInput.check(frequency: frequency, recency: recency, age: age)
    let spendModel = spendProcess
    if spendModel != nil && monetary == nil {
      throw EngineError.columnNotFound(name: "monetary_value", available: ["frequency", "recency", "T"])
    }
    if let spendModel, !(spendModel.q > 1) {
      throw EngineError.unsupported("the spend model's q is \(ValueFormatter.number(spendModel.q, significant: 4)), not above 1, so its mean spend is infinite; fit without spend=")
    }
    let process = self.process
    let month = unitsPerMonth
    let months = terms.months
    let rows = try Self.perCustomer(frequency.count) { i -> (Double, Double, Double, Double) in
      let (x, t, big) = (frequency[i], recency[i], age[i])
      let alive = process.probabilityAlive(frequency: x, recency: t, age: big)
      guard let spendModel, let monetary else {
        return (alive, process.expectedPurchases(in: Double(months) * month, frequency: x, recency: t, age: big), .nan, .nan)
      }
      let spend = spendModel.expectedSpend(frequency: x, monetary: x > 0 ? monetary[i] : 0)
      var value = 0.0
      var before = 0.0
      var purchases = 0.0
      for m in stride(from: 1, through: months, by: 1) {
        purchases = process.expectedPurchases(in: Double(m) * month, frequency: x, recency: t, age: big)
        value += spend * terms.margin * (purchases - before) / pow(1 + terms.discount, Double(m))
        before = purchases
      }
      return (alive, purchases, spend, value)
    }
    if let bad = rows.firstIndex(where: { !$0.0.isFinite || !$0.1.isFinite }) {
      throw EngineError.unsupported("the model cannot evaluate customer row \(bad + 1) (frequency \(ValueFormatter.number(frequency[bad])), recency \(ValueFormatter.number(recency[bad])), T \(ValueFormatter.number(age[bad]))): its series does not converge at these parameters")
    }
    return Scores(probabilityAlive: rows.map(\.0), expectedPurchases: rows.map(\.1),
      expectedSpend: spendModel == nil ? nil : rows.map(\.2), value: spendModel == nil ? nil : rows.map(\.3))
  }

  /// Expected repeat purchases of each customer in the next `t` units.
  public func expectedPurchases(in t: Double, frequency: [Double], recency: [Double], age: [Double]) throws -> [Double] {
    try LifetimeInput.check(frequency: frequency, recency: recency, age: age)
    let process = self.process
    return try Self.perCustomer(frequency.count) { i in
      process.expectedPurchases(in: t, frequency: frequency[i], recency: recency[i], age: age[i])
    }
  }

  /// `body` for every customer, in chunks on all cores, in customer order.
  private static func perCustomer<T>(_ count: Int, _ body: (Int) -> T) throws -> [T] {
    let chunk = 4_096
    return try Parallel.map((count + chunk - 1) / chunk) { c in
      try CancellationToken.check()
      return (c * chunk..<min(count, (c + 1) * chunk)).map(body)
    }.flatMap { $0 }
  }
}
