/// What to read from a database: a table or a query, and the columns and rows wanted. The
/// columns and the condition are printed into the SQL, so only they leave the database.
public struct SQLReadRequest: Sendable {
  public enum Source: Sendable, Equatable {
    case table(String)
    case query(String)
  }

  public var source: Source
  /// The columns to read, in this order; empty for all.
  public var columns: [String]
  /// The rows to read (seg's semantics, printed as SQL); nil for all.
  public var condition: ColumnExpr?
  public var context: EvaluationContext

  public init(source: Source, columns: [String] = [], condition: ColumnExpr? = nil, context: EvaluationContext) {
    self.source = source
    self.columns = columns
    self.condition = condition
    self.context = context
  }

  /// The statement that lists the source's columns without reading its rows.
  func probe(_ dialect: SQLDialect) -> String {
    switch source {
    case .table(let name): "SELECT * FROM \(dialect.quoteTable(name))"
    case .query(let sql): "SELECT * FROM (\(Self.trimmed(sql))) AS q"
    }
  }

  /// The statement that reads what was asked, given the columns the source has: one SELECT
  /// with the columns and the condition (printed by the plan's SQL printer) in it.
  func sql(_ dialect: SQLDialect, sourceColumns: [String]) throws -> String {
    let from: String
    switch source {
    case .table(let table): from = dialect.quoteTable(table)
    case .query(let sql):
      // Nothing to push down: the query as it is, so its order is the database's own.
      if columns.isEmpty && condition == nil { return Self.trimmed(sql) }
      from = "(\(Self.trimmed(sql))) AS q"
    }
    let list = (columns.isEmpty ? sourceColumns : columns).map(dialect.quote).joined(separator: ", ")
    let printer = SQLPrinter(dialect: dialect, schemas: [:], context: context)
    return "SELECT \(list) FROM \(from)" + (try condition.map { " WHERE \(try printer.sql($0))" } ?? "")
  }

  /// A query without the semicolon people end SQL with, so it can be nested.
  static func trimmed(_ sql: String) -> String {
    var s = Substring(sql)
    while let last = s.last, last == ";" || last.isWhitespace { s = s.dropLast() }
    return String(s)
  }

  /// How the request is named in messages.
  var described: String {
    switch source {
    case .table(let name): "table \(name)"
    case .query: "the query"
    }
  }
}
