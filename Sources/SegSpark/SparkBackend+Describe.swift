#if Spark
import SegEngine

/// `describe` on Spark: one aggregate query for the counts, extremes, moments and exact
/// quartiles of every column, and one for each column's most frequent value; only a row
/// per query comes back.
extension SparkBackend {
  public func describe(_ plan: LogicalPlan, columns: [String]) throws -> [ColumnSummary] {
    let p = try printer()
    let q = SQLDialect.spark.quote
    let rows = "SELECT * FROM (\(try p.sql(plan))) AS t"
    let types = try schema(of: .project(plan, columns)).map(\.type)
    var aggregates = ["COUNT(*) AS total"], outer = ["total"]
    for (i, (name, type)) in zip(columns, types).enumerated() {
      let c = q(name)
      aggregates += ["COUNT(\(c)) AS n\(i)", "COUNT(DISTINCT \(c)) AS u\(i)", "MIN(\(c)) AS lo\(i)", "MAX(\(c)) AS hi\(i)"]
      outer += ["n\(i)", "u\(i)", "lo\(i)", "hi\(i)"]
      if type.isNumeric {
        let d = "CAST(\(c) AS DOUBLE)"
        // Spark's exact percentile interpolates linearly between ranks, as seg's quantiles do.
        aggregates += ["AVG(\(d)) AS m\(i)", "STDDEV_SAMP(\(d)) AS s\(i)", "percentile(\(d), array(0.25, 0.5, 0.75)) AS p\(i)"]
        outer += ["m\(i)", "s\(i)", "p\(i)[0] AS qa\(i)", "p\(i)[1] AS qb\(i)", "p\(i)[2] AS qc\(i)"]
      }
    }
    let stats = try client.collect(sqlRelation("SELECT \(outer.joined(separator: ", ")) FROM (SELECT \(aggregates.joined(separator: ", ")) FROM (\(rows)) AS r) AS a"))
    // The most frequent value of each column, ties to the one seen first in seg's row order.
    let o = "`\(Self.rowOrder)`"
    let tops = columns.enumerated().map { i, name in
      "(SELECT \(q(name)) AS v\(i), COUNT(*) AS f\(i) FROM (\(rows)) AS r WHERE \(q(name)) IS NOT NULL GROUP BY \(q(name)) ORDER BY f\(i) DESC, MIN(\(o)) LIMIT 1) AS t\(i)"
    }
    // Joined to one row, so a column with no values leaves its top empty, not the others.
    let top = try client.collect(sqlRelation("SELECT * FROM (SELECT 1 AS one) AS b\(tops.map { " LEFT JOIN \($0) ON true" }.joined())"))
    guard stats.rowCount == 1 else { throw EngineError.unsupported("\(description): describe came back with \(stats.rowCount) rows") }
    let value = { (frame: DataFrame, name: String) in try frame.column(name).value(at: 0) }
    let int = { (name: String) -> Int in if case .int(let v) = try value(stats, name) { v } else { 0 } }
    let total = try int("total")
    return try zip(columns, types).enumerated().map { i, column in
      var s = ColumnSummary(name: column.0, type: column.1)
      s.count = try int("n\(i)")
      s.missing = total - s.count
      s.unique = try int("u\(i)")
      s.min = try value(stats, "lo\(i)")
      s.max = try value(stats, "hi\(i)")
      if column.1.isNumeric {
        s.mean = try value(stats, "m\(i)").doubleValue
        s.std = try value(stats, "s\(i)").doubleValue
        (s.q25, s.median, s.q75) = (try value(stats, "qa\(i)").doubleValue, try value(stats, "qb\(i)").doubleValue, try value(stats, "qc\(i)").doubleValue)
      }
      if top.rowCount == 1 {
        s.top = try value(top, "v\(i)")
        if case .int(let n) = try value(top, "f\(i)") { s.topCount = n }
      }
      return s
    }
  }
}
#endif
