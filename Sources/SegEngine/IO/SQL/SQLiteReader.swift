import CSQLite

/// Reads a table or query of an SQLite database into a frame. Columns take the type their
/// table declares (INTEGER, REAL, NUMERIC as decimals, TEXT, BOOLEAN, DATE, TIMESTAMP);
/// a computed column takes the type of its values. A value that does not fit is an error
/// that names its row and column.
public enum SQLiteReader {
  public static func read(path: String, _ request: SQLReadRequest) throws -> SQLReadResult {
    let db = try SQLiteDatabase(path: path, writable: false)
    if case .table(let name) = request.source {
      let tables = try db.tableNames()
      guard tables.contains(name) else { throw EngineError.tableNotFound(name: name, available: tables, source: path) }
    }
    let probe = try db.prepare(request.probe(.sqlite))
    let sourceColumns = (0..<probe.columnCount).map(probe.name)
    if let unknown = request.columns.first(where: { !sourceColumns.contains($0) }) {
      throw EngineError.columnNotFound(name: unknown, available: sourceColumns)
    }
    let sql = try request.sql(.sqlite, sourceColumns: sourceColumns)
    let statement = try db.prepare(sql)
    let width = statement.columnCount
    let names = (0..<width).map(statement.name)
    let declared = (0..<width).map { SQLTypeMapping.sqlite(statement.declaredType($0)) }
    var builders = (0..<width).map { RecordColumnBuilder(name: names[$0], type: declared[$0].type) }
    var row = 0
    while try statement.step() {
      if row & 0xFFFF == 0 { try CancellationToken.check() }
      for j in 0..<width {
        let value = try scalar(statement, j, declared[j].type, path: path, request: request, row: row, name: names[j])
        if let problem = builders[j].append(value, row: row), let type = value.type {
          throw EngineError.io(path: path, reason: "\(request.described), row \(row + 1), column \(names[j]): \(RecordColumnBuilder.described(type)) but \(problem); cast it in query=, or leave the column out with columns=")
        }
      }
      row += 1
    }
    let frame = try DataFrame(columns: builders.map { $0.column(rows: row, datesFromText: false) })
    let numeric = (0..<width).filter { declared[$0].decimal }.map { names[$0] }
    return SQLReadResult(frame: frame, sql: sql, notes: numeric.isEmpty ? [] : [SQLTypeMapping.decimalNote(numeric)])
  }

  private static func scalar(
    _ s: SQLiteStatement, _ j: Int, _ type: DataType?, path: String, request: SQLReadRequest, row: Int, name: String
  ) throws -> Scalar {
    let storage = s.storageClass(j)
    func refuse(_ what: String) -> EngineError {
      .io(path: path, reason: "\(request.described), row \(row + 1), column \(name): \(what); cast it in query=, or leave the column out with columns=")
    }
    switch storage {
    case SQLITE_NULL: return .missing
    case SQLITE_BLOB: throw refuse("holds binary data (a BLOB), which seg does not read")
    default: break
    }
    switch type {
    case nil:
      switch storage {
      case SQLITE_INTEGER: return .int(s.int(j))
      case SQLITE_FLOAT: return .double(s.double(j))
      default: return .string(s.text(j) ?? "")
      }
    case .int?, .double?:
      switch storage {
      case SQLITE_INTEGER: return type == .int ? .int(s.int(j)) : .double(Double(s.int(j)))
      case SQLITE_FLOAT: return .double(s.double(j))
      default: throw refuse("holds the text \(quoted(s.text(j))) in a numeric column")
      }
    case .bool?:
      if storage == SQLITE_INTEGER, (0...1).contains(s.int(j)) { return .bool(s.int(j) == 1) }
      switch s.text(j)?.lowercased() {
      case "true"?: return .bool(true)
      case "false"?: return .bool(false)
      default: throw refuse("holds \(quoted(s.text(j))) in a BOOLEAN column (seg reads 0, 1, true and false)")
      }
    case .date?, .datetime?:
      guard storage == SQLITE_TEXT, let text = s.text(j) else {
        throw refuse("holds the number \(s.text(j) ?? "") in a \(type == .date ? "DATE" : "TIMESTAMP") column; seg reads dates stored as ISO text (YYYY-MM-DD)")
      }
      let bytes = ArraySlice(text.utf8)
      if type == .date, let d = DateParsing.parseISODate(bytes) { return .date(d) }
      if type == .datetime, let t = DateParsing.parseISODateTime(bytes) ?? DateParsing.parseISODate(bytes).map({ $0 * 86_400 }) { return .datetime(t) }
      throw refuse("holds \(quoted(text)), which is not an ISO \(type == .date ? "date (YYYY-MM-DD)" : "date-time (YYYY-MM-DD HH:MM:SS)")")
    case .string?:
      return .string(s.text(j) ?? "")
    }
  }

  private static func quoted(_ text: String?) -> String {
    let t = text ?? ""
    return "\"" + (t.count > 40 ? String(t.prefix(40)) + "…" : t) + "\""
  }
}

/// What a database read produced: the frame, the SQL that ran, and what to tell the user.
public struct SQLReadResult: Sendable {
  public var frame: DataFrame
  /// The statement sent to the database, with the columns and condition pushed into it.
  public var sql: String
  public var notes: [String]
}
