import CSQLite
import Foundation

/// Writes a frame into a table of an SQLite database in one transaction: all rows or none.
/// Dates are ISO text in DATE and TIMESTAMP columns, booleans 0/1 in BOOLEAN ones, so
/// `SQLiteReader` reads the table back as the same frame.
public enum SQLiteWriter {
  public static func write(_ frame: DataFrame, to path: String, table: String, mode: SQLWriteMode) throws {
    let existed = FileManager.default.fileExists(atPath: path)
    do {
      try write(frame, into: try SQLiteDatabase(path: path, writable: true), table: table, mode: mode)
    } catch {
      // A database file made for this export goes again, so a failure leaves nothing behind.
      if !existed { try? FileManager.default.removeItem(atPath: path) }
      throw error
    }
  }

  private static func write(_ frame: DataFrame, into db: SQLiteDatabase, table: String, mode: SQLWriteMode) throws {
    let q = SQLDialect.sqlite.quote
    try db.execute("BEGIN IMMEDIATE")
    do {
      let exists = try db.tableNames().contains(table)
      for statement in try mode.statements(for: frame, table: table, exists: exists, dialect: .sqlite, target: db.path) {
        try db.execute(statement)
      }
      if mode == .append && exists { try checkAppend(frame, to: table, in: db) }
      let names = frame.columns.map { q($0.name) }.joined(separator: ", ")
      let marks = Array(repeating: "?", count: frame.columns.count).joined(separator: ", ")
      let insert = try db.prepare("INSERT INTO \(q(table)) (\(names)) VALUES (\(marks))")
      for row in 0..<frame.rowCount {
        if row & 0xFFFF == 0 { try CancellationToken.check() }
        insert.reset()
        for (j, column) in frame.columns.enumerated() { insert.bind(column.value(at: row), at: j) }
        _ = try insert.step()
      }
      try db.execute("COMMIT")
    } catch {
      try? db.execute("ROLLBACK")
      throw error
    }
  }

  /// Appending needs every column of the frame in the table, with a type that holds it.
  private static func checkAppend(_ frame: DataFrame, to table: String, in db: SQLiteDatabase) throws {
    let info = try db.prepare("SELECT name, type FROM pragma_table_info(\(SQLPrinter.stringLiteral(table)))")
    var declared: [String: String] = [:]
    while try info.step() { declared[info.text(0) ?? ""] = info.text(1) ?? "" }
    for column in frame.columns {
      guard let d = declared[column.name] else {
        throw EngineError.io(path: db.path, reason: "table \"\(table)\" has no column \"\(column.name)\" to append to; export with mode=replace, or choose columns= the table has")
      }
      guard let type = SQLTypeMapping.sqlite(d).type else { continue }
      let fits = type == column.type || (type == .double && column.type == .int) || (type == .datetime && column.type == .date)
      guard fits else {
        throw EngineError.io(path: db.path, reason: "column \"\(column.name)\" of table \"\(table)\" is \(d), but the frame's is \(column.type.rawValue); convert it, or export with mode=replace")
      }
    }
  }
}
