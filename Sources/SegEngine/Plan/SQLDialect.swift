/// The SQL a plan is printed in: how identifiers are quoted and the spellings that differ.
public enum SQLDialect: String, Sendable, CaseIterable {
  case postgres, sqlite, spark

  /// `"name"`, or `` `name` `` for Spark, with the quote doubled inside.
  public func quote(_ identifier: String) -> String {
    let q = self == .spark ? "`" : "\""
    return q + identifier.replacingOccurrences(of: q, with: q + q) + q
  }

  /// A table name, `schema.table` quoted part by part in PostgreSQL and Spark (SQLite
  /// names one database per file, so a dot there is part of the name).
  public func quoteTable(_ name: String) -> String {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    guard self != .sqlite, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return quote(name) }
    return parts.map { quote(String($0)) }.joined(separator: ".")
  }

  /// ISO weekday, Monday 1 … Sunday 7, as seg's weekday().
  func weekday(_ x: String) -> String {
    switch self {
    case .postgres: "CAST(EXTRACT(ISODOW FROM \(x)) AS INTEGER)"
    case .sqlite: "((CAST(strftime('%w', \(x)) AS INTEGER) + 6) % 7 + 1)"
    case .spark: "(weekday(\(x)) + 1)"
    }
  }

  func datePart(_ part: String, _ x: String) -> String {
    switch self {
    case .sqlite: "CAST(strftime('\(part == "year" ? "%Y" : "%m")', \(x)) AS INTEGER)"
    case .postgres, .spark: "CAST(EXTRACT(\(part.uppercased()) FROM \(x)) AS INTEGER)"
    }
  }

  /// Whole days from `a` to `b`.
  func daysBetween(_ a: String, _ b: String) -> String {
    switch self {
    case .postgres: "(\(b) - \(a))"
    case .sqlite: "CAST(julianday(\(b)) - julianday(\(a)) AS INTEGER)"
    // Floored, as seg counts: 10:00 on one day to midnight eleven days later is 10 days.
    case .spark: "CAST(FLOOR((unix_timestamp(\(b)) - unix_timestamp(\(a))) / 86400) AS BIGINT)"
    }
  }

  /// The median of a group.
  func median(_ x: String) throws -> String {
    switch self {
    case .postgres: return "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY \(x))"
    case .sqlite: throw EngineError.unsupported("SQLite has no median(); aggregate in seg")
    case .spark: return "percentile(\(x), 0.5)"
    }
  }

  /// The sample standard deviation (n - 1) of a group.
  func standardDeviation(_ x: String) throws -> String {
    guard self != .sqlite else { throw EngineError.unsupported("SQLite has no standard deviation; aggregate in seg") }
    return "STDDEV_SAMP(\(x))"
  }

  func least(_ isMin: Bool) -> String {
    switch self {
    case .sqlite: isMin ? "min" : "max"  // SQLite's scalar min/max, but it returns NULL if any argument is NULL
    case .postgres, .spark: isMin ? "LEAST" : "GREATEST"
    }
  }

  /// A date or time literal; SQLite keeps them as ISO text.
  func typed(_ type: String, _ iso: String) -> String { self == .sqlite ? "'\(iso)'" : "\(type) '\(iso)'" }

  var doubleType: String { self == .spark ? "DOUBLE" : "DOUBLE PRECISION" }
  var integerType: String { self == .sqlite ? "INTEGER" : "BIGINT" }
}
