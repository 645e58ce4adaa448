/// Recency, frequency and monetary value per customer from transactions, with 1–5 scores and
/// named segments: the classic first step of customer segmentation.
public enum RFM {
  /// The day recency is measured from.
  public enum AsOf: Sendable, Equatable {
    /// Midnight of this day (days since 1970-01-01).
    case date(Int)
    /// The last transaction's time plus this many days (`max+1d`, pandas' usual snapshot).
    case afterLast(days: Int)
  }

  /// How monetary value is summarised.
  public enum Monetary: String, Sendable, CaseIterable {
    /// Total spend.
    case sum
    /// Total spend divided by frequency: the average purchase.
    case mean
  }

  public struct Options: Sendable, Equatable {
    public var customer: String
    public var date: String
    /// Distinct invoices count as purchases; without it every row is one.
    public var invoice: String?
    public var asOf: AsOf = .afterLast(days: 1)
    public var monetary: Monetary = .sum
    public var bins = 5
    public init(customer: String, date: String) {
      self.customer = customer
      self.date = date
    }
  }

  /// One row per customer (sorted by customer): recency (whole days since the last purchase),
  /// frequency, monetary, r_score, f_score, m_score (1–bins), rfm (e.g. "545") and segment.
  ///
  /// Scores are quantile bins of ranks, as `pd.qcut(x.rank(method="first"), bins)`: ties are
  /// ranked by customer order. A low recency scores high; high frequency and monetary score high.
  public static func compute(_ tx: DataFrame, amount: Column, options: Options, rules: [RFMRule]) throws -> (frame: DataFrame, read: TransactionsRead) {
    guard options.bins >= 2 else {
      throw EngineError.invalidParameter(name: "bins", value: String(options.bins), reason: "needs at least 2 bins")
    }
    let tx = try Transactions(tx, customer: options.customer, date: options.date, amount: amount, keep: options.invoice)
    let perCustomer = try tx.rows.aggregated(by: [options.customer], [
      AggregateSpec(name: "last", function: .max, input: Column(name: "last", storage: .int(tx.seconds))),
      try tx.purchases(invoice: options.invoice, name: "frequency"),
      AggregateSpec(name: "spend", function: .sum, input: .doubles("spend", tx.amounts)),
    ])
    let order = try perCustomer.sorted(by: [SortKey(options.customer)])
    let last = try order.column("last").doubles()!.map { Int($0) }
    let maxTime = tx.seconds.max()!
    let asOfSeconds: Int =
      switch options.asOf {
      case .date(let d): d * 86400
      case .afterLast(let days): maxTime + days * 86400
      }
    let recency = last.map { floorDiv(asOfSeconds - $0, 86400) }
    let frequency = try order.column("frequency").doubles()!.map { Int($0) }
    let spend = try order.column("spend").doubles()!
    let monetary = options.monetary == .sum ? spend : zip(spend, frequency).map { $0 / Double(max(1, $1)) }
    let r = scores(recency.map(Double.init), bins: options.bins, highIsGood: false)
    let f = scores(frequency.map(Double.init), bins: options.bins, highIsGood: true)
    let m = scores(monetary, bins: options.bins, highIsGood: true)
    let segments = r.indices.map { i in RFMRule.segment(r: r[i], f: f[i], m: m[i], rules: rules) }
    return (try DataFrame(columns: [
      try order.column(options.customer),
      .ints("recency", recency), .ints("frequency", frequency), .doubles("monetary", monetary),
      .ints("r_score", r), .ints("f_score", f), .ints("m_score", m),
      .strings("rfm", r.indices.map { "\(r[$0])\(f[$0])\(m[$0])" }), .strings("segment", segments),
    ]), tx.read)
  }

  /// Quantile-bin scores of ranks (ties ranked by position), as pandas qcut on rank("first").
  static func scores(_ values: [Double], bins: Int, highIsGood: Bool) -> [Int] {
    let n = values.count
    let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
    var rank = [Int](repeating: 0, count: n)
    for (k, i) in order.enumerated() { rank[i] = k + 1 }
    // Bin edges at the linear quantiles of the ranks 1…n (numpy's default), lowest included.
    let edges = (0...bins).map { 1 + Double(n - 1) * (Double($0) / Double(bins)) }
    return rank.map { r in
      var bin = 1
      while bin < bins && Double(r) > edges[bin] { bin += 1 }
      return highIsGood ? bin : bins + 1 - bin
    }
  }
}
