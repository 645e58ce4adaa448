/// `rfm` as SQL: one aggregation per customer, then ranks and quantile bins computed with the
/// same arithmetic as `RFM.scores`, so a cluster gives the scores seg gives. Spark only: it
/// needs window functions and `unix_timestamp`.
extension SQLPrinter {
  func rfm(_ inner: (text: String, columns: [String]), _ step: RFMStep) throws -> (text: String, columns: [String]) {
    guard dialect == .spark else { throw EngineError.unsupported("rfm runs in seg or on Spark, not in \(dialect.rawValue)") }
    let o = step.options
    for name in [o.customer, o.date] + (o.invoice.map { [$0] } ?? []) where !inner.columns.contains(name) {
      throw EngineError.columnNotFound(name: name, available: inner.columns.filter { $0 != orderColumn })
    }
    let amount = "CAST(\(try sql(step.amount)) AS DOUBLE)"
    // The transactions that count: a customer, a date and an amount.
    let tx = "SELECT \(q(o.customer)) AS c, unix_timestamp(\(q(o.date))) AS s, \(amount) AS a\(o.invoice.map { ", \(q($0)) AS i" } ?? "") "
      + "FROM (\(inner.text)) AS t WHERE \(q(o.customer)) IS NOT NULL AND \(q(o.date)) IS NOT NULL AND \(amount) IS NOT NULL AND NOT isnan(\(amount))"
    let perCustomer = "SELECT c, MAX(s) AS last, \(o.invoice == nil ? "COUNT(*)" : "COUNT(DISTINCT i)") AS frequency, SUM(a) AS spend FROM (\(tx)) AS x GROUP BY c"
    let asOf: String
    switch o.asOf {
    case .date(let day): asOf = "CAST(\(day) AS BIGINT) * 86400"
    // The last transaction of all is the last of the customers' last ones.
    case .afterLast(let days): asOf = "(MAX(last) OVER () + \(days) * 86400)"
    }
    let monetary = o.monetary == .sum ? "spend" : "spend / GREATEST(1, frequency)"
    let values = "SELECT c, CAST(FLOOR((\(asOf) - last) / 86400) AS BIGINT) AS recency, frequency, \(monetary) AS monetary FROM (\(perCustomer)) AS p"
    // Ties are ranked by customer, as RFM.scores ranks them by position in customer order.
    let ranked = "SELECT *, ROW_NUMBER() OVER (ORDER BY recency, c) AS rr, ROW_NUMBER() OVER (ORDER BY frequency, c) AS rf, "
      + "ROW_NUMBER() OVER (ORDER BY monetary, c) AS rm, COUNT(*) OVER () AS n FROM (\(values)) AS v"
    // The bin of a rank: one more for each inner edge it is above, edges as RFM.scores computes them.
    func bin(_ rank: String) -> String {
      "(1" + (1..<o.bins).map { " + CASE WHEN \(rank) > 1 + CAST(n - 1 AS DOUBLE) * (CAST(\($0) AS DOUBLE) / CAST(\(o.bins) AS DOUBLE)) THEN 1 ELSE 0 END" }.joined() + ")"
    }
    let scored = "SELECT c, recency, frequency, monetary, \(o.bins + 1) - \(bin("rr")) AS r_score, \(bin("rf")) AS f_score, \(bin("rm")) AS m_score FROM (\(ranked)) AS r"
    let whens = step.rules.map { rule in
      "WHEN r_score BETWEEN \(rule.recency.lowerBound) AND \(rule.recency.upperBound) AND f_score BETWEEN \(rule.frequency.lowerBound) AND \(rule.frequency.upperBound) "
        + "AND m_score BETWEEN \(rule.monetary.lowerBound) AND \(rule.monetary.upperBound) THEN \(Self.stringLiteral(rule.segment))"
    }.joined(separator: " ")
    let segment = whens.isEmpty ? "'Other'" : "CASE \(whens) ELSE 'Other' END"
    var items = ["c AS \(q(o.customer))", "recency", "frequency", "monetary", "r_score", "f_score", "m_score",
      "concat(CAST(r_score AS STRING), CAST(f_score AS STRING), CAST(m_score AS STRING)) AS rfm", "\(segment) AS segment"]
    var columns = [o.customer, "recency", "frequency", "monetary", "r_score", "f_score", "m_score", "rfm", "segment"]
    if let order = orderColumn {
      // seg's rfm lists customers in key order: the key orders them.
      items.append("c AS \(q(order))")
      columns.append(order)
    }
    return ("SELECT \(items.joined(separator: ", ")) FROM (\(scored)) AS f", columns)
  }
}
