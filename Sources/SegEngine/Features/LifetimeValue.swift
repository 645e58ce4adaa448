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
  public static func compute(_ tx: DataFrame, amount: Column, options: Options) throws -> DataFrame {
    guard options.margin > 0, options.margin <= 1 else {
      throw EngineError.invalidParameter(name: "margin", value: String(options.margin), reason: "must be above 0% and at most 100%")
    }
    guard options.horizonDays > 0 else {
      throw EngineError.invalidParameter(name: "horizon", value: String(options.horizonDays), reason: "must be at least 1 day")
    }
    let dateColumn = try tx.column(options.date)
    let days: [Int]
    switch dateColumn.storage {
    case .date(let d): days = d
    case .datetime(let t): days = t.map { floorDiv($0, 86400) }
    default: throw EngineError.typeMismatch(column: options.date, expected: "dates", actual: dateColumn.type.rawValue)
    }
    guard let money = amount.doubles(), amount.type.isNumeric else {
      throw EngineError.typeMismatch(column: "amount", expected: "numbers for the order value", actual: amount.type.rawValue)
    }
    let customer = try tx.column(options.customer)
    let usable = (0..<tx.rowCount).filter { customer.isValid($0) && dateColumn.isValid($0) && !money[$0].isNaN }
    guard !usable.isEmpty else { throw EngineError.emptyInput("no transactions have a customer, a date and an amount") }
    let rows = tx.gather(usable)
    let dayColumn = Column.dates("day", usable.map { days[$0] })
    let per = try rows.aggregated(by: [options.customer], [
      AggregateSpec(name: "orders", function: options.invoice == nil ? .count : .nunique, input: try options.invoice.map { try rows.column($0) }),
      AggregateSpec(name: "revenue", function: .sum, input: .doubles("revenue", usable.map { money[$0] })),
      AggregateSpec(name: "first", function: .min, input: dayColumn),
      AggregateSpec(name: "last", function: .max, input: dayColumn),
    ]).sorted(by: [SortKey(options.customer)])
    let asOf = options.asOf ?? (usable.map { days[$0] }.max()! + 1)
    let orders = try per.column("orders").doubles()!
    let revenue = try per.column("revenue").doubles()!
    guard case .date(let first) = try per.column("first").storage else { throw EngineError.emptyInput("no first purchase") }
    let observed = first.map { max(options.minimumDays, asOf - $0) }
    let aov = zip(revenue, orders).map { $0 / $1 }
    let perYear = zip(orders, observed).map { $0 / Double($1) * 365.25 }
    let years = Double(options.horizonDays) / 365.25
    let clv = aov.indices.map { aov[$0] * perYear[$0] * options.margin * years }
    return try DataFrame(columns: [
      try per.column(options.customer), .ints("orders", orders.map { Int($0) }), .doubles("revenue", revenue),
      .doubles("aov", aov), try per.column("first"), try per.column("last"), .ints("observed_days", observed),
      .doubles("orders_per_year", perYear), .doubles("clv", clv),
    ])
  }
}
