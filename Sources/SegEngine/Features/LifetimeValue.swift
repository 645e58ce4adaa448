/// Historical customer lifetime value: average order value × purchases per year × margin ×
/// horizon in years. A simple, explainable estimate; probabilistic models come later.
public enum LifetimeValue {
  public struct Options: Sendable {
    public var customer: String
    public var date: String
    /// Distinct invoices count as orders; without it every row is one.
    public var invoice: String?
    /// The share of revenue that is profit (1 = revenue-based value).
    public var margin = 1.0
    /// How far ahead the value is projected, in days.
    public var horizonDays = 365
    /// The end of the observed period (days since 1970-01-01); nil: the day after the last purchase.
    public var asOf: Int? = nil
    /// Customers observed for less than this many days are treated as observed this long,
    /// so one recent order does not project to hundreds a year.
    public var minimumDays = 30
    public init(customer: String, date: String) {
      self.customer = customer
      self.date = date
    }
  }

  /// Per customer (sorted): orders, revenue, aov, first and last purchase, observed_days
  /// (first purchase to as-of, at least `minimumDays`), orders_per_year and clv.
  public static func compute(_ tx: DataFrame, amount: Column, options: Options) throws -> (frame: DataFrame, read: TransactionsRead) {
    guard options.margin > 0, options.margin <= 1 else {
      throw EngineError.invalidParameter(name: "margin", value: String(options.margin), reason: "must be above 0% and at most 100%")
    }
    guard options.horizonDays > 0 else {
      throw EngineError.invalidParameter(name: "horizon", value: String(options.horizonDays), reason: "must be at least 1 day")
    }
    let tx = try Transactions(tx, customer: options.customer, date: options.date, amount: amount, keep: options.invoice)
    let days = tx.seconds.map { floorDiv($0, 86400) }
    let dayColumn = Column.dates("day", days)
    let per = try tx.rows.aggregated(by: [options.customer], [
      try tx.purchases(invoice: options.invoice, name: "orders"),
      AggregateSpec(name: "revenue", function: .sum, input: .doubles("revenue", tx.amounts)),
      AggregateSpec(name: "first", function: .min, input: dayColumn),
      AggregateSpec(name: "last", function: .max, input: dayColumn),
    ]).sorted(by: [SortKey(options.customer)])
    let asOf = options.asOf ?? (days.max()! + 1)
    let orders = try per.column("orders").doubles()!
    let revenue = try per.column("revenue").doubles()!
    guard case .date(let first) = try per.column("first").storage else { throw EngineError.emptyInput("no first purchase") }
    let observed = first.map { max(options.minimumDays, asOf - $0) }
    let aov = zip(revenue, orders).map { $0 / $1 }
    let perYear = zip(orders, observed).map { $0 / Double($1) * 365.25 }
    let years = Double(options.horizonDays) / 365.25
    let clv = aov.indices.map { aov[$0] * perYear[$0] * options.margin * years }
    return (try DataFrame(columns: [
      try per.column(options.customer), .ints("orders", orders.map { Int($0) }), .doubles("revenue", revenue),
      .doubles("aov", aov), try per.column("first"), try per.column("last"), .ints("observed_days", observed),
      .doubles("orders_per_year", perYear), .doubles("clv", clv),
    ]), tx.read)
  }
}
