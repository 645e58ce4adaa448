import CSQLite
import Foundation
@testable import SegEngine

/// A small in-memory SQLite database for tests: frames go in as tables, queries come back as
/// rows of cells normalised like `SQLCell.of(_:)` normalises a frame's values.
final class InMemorySQLite {
  private var db: OpaquePointer?

  init() throws {
    guard sqlite3_open(":memory:", &db) == SQLITE_OK else { throw SQLiteError.failed("open") }
  }

  deinit { sqlite3_close(db) }

  /// Creates `name` with the frame's columns and rows (dates as ISO text, bools as 0/1).
  func insert(_ frame: DataFrame, as name: String) throws {
    let quoted = frame.columnNames.map { "\"\($0)\"" }
    try execute("CREATE TABLE \"\(name)\" (\(quoted.joined(separator: ", ")))")
    try execute("BEGIN")
    var statement: OpaquePointer?
    let sql = "INSERT INTO \"\(name)\" VALUES (\(Array(repeating: "?", count: frame.columns.count).joined(separator: ", ")))"
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw SQLiteError.failed(message) }
    defer { sqlite3_finalize(statement) }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    for row in 0..<frame.rowCount {
      sqlite3_reset(statement)
      for (j, column) in frame.columns.enumerated() {
        let index = Int32(j + 1)
        switch column.value(at: row) {
        case .missing: sqlite3_bind_null(statement, index)
        case .int(let v): sqlite3_bind_int64(statement, index, Int64(v))
        case .double(let v): v.isNaN ? sqlite3_bind_null(statement, index) : sqlite3_bind_double(statement, index, v)
        case .bool(let b): sqlite3_bind_int64(statement, index, b ? 1 : 0)
        case .string(let s): sqlite3_bind_text(statement, index, s, -1, transient)
        case .date(let d): sqlite3_bind_text(statement, index, CivilDate.format(days: d), -1, transient)
        case .datetime(let t): sqlite3_bind_text(statement, index, CivilDate.format(seconds: t), -1, transient)
        }
      }
      guard sqlite3_step(statement) == SQLITE_DONE else { throw SQLiteError.failed(message) }
    }
    try execute("COMMIT")
  }

  func execute(_ sql: String) throws {
    guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw SQLiteError.failed("\(message) in \(sql)") }
  }

  func query(_ sql: String) throws -> [[SQLCell]] {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw SQLiteError.failed("\(message) in \(sql)") }
    defer { sqlite3_finalize(statement) }
    var rows: [[SQLCell]] = []
    while true {
      let step = sqlite3_step(statement)
      guard step == SQLITE_ROW else {
        guard step == SQLITE_DONE else { throw SQLiteError.failed(message) }
        return rows
      }
      rows.append((0..<sqlite3_column_count(statement)).map { j in
        switch sqlite3_column_type(statement, j) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER, SQLITE_FLOAT: return .number(sqlite3_column_double(statement, j))
        default: return .text(String(cString: sqlite3_column_text(statement, j)))
        }
      })
    }
  }

  private var message: String { String(cString: sqlite3_errmsg(db)) }
}

enum SQLiteError: Error { case failed(String) }

/// One cell, compared across engines: numbers (bools as 0/1) within a relative 1e-9.
enum SQLCell: Equatable, CustomStringConvertible {
  case null, number(Double), text(String)

  static func of(_ value: Scalar) -> SQLCell {
    switch value {
    case .missing: .null
    case .int(let v): .number(Double(v))
    case .double(let v): v.isNaN ? .null : .number(v)
    case .bool(let b): .number(b ? 1 : 0)
    case .string(let s): .text(s)
    case .date(let d): .text(CivilDate.format(days: d))
    case .datetime(let t): .text(CivilDate.format(seconds: t))
    }
  }

  static func rows(_ frame: DataFrame) -> [[SQLCell]] {
    (0..<frame.rowCount).map { r in frame.columns.map { of($0.value(at: r)) } }
  }

  static func == (a: SQLCell, b: SQLCell) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case (.number(let x), .number(let y)): x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
    case (.text(let x), .text(let y)): x == y
    default: false
    }
  }

  var description: String {
    switch self {
    case .null: "NULL"
    case .number(let v): "\(v)"
    case .text(let s): "'\(s)'"
    }
  }
}
