import CSQLite
import Foundation
@testable import SegEngine

/// A small in-memory SQLite database for tests: frames go in as tables, queries come back as
/// rows of cells normalised like `SQLCell.of(_:)` normalises a frame's values. Built on the
/// engine's own `SQLiteDatabase`, so values are bound as exports bind them.
final class InMemorySQLite {
  private let db: SQLiteDatabase

  init() throws { db = try SQLiteDatabase(path: ":memory:", writable: true) }

  /// Creates `name` with the frame's columns, undeclared so SQLite keeps each value's own
  /// type (dates as ISO text, bools as 0/1), and its rows.
  func insert(_ frame: DataFrame, as name: String) throws {
    let quoted = frame.columnNames.map { "\"\($0)\"" }
    try execute("CREATE TABLE \"\(name)\" (\(quoted.joined(separator: ", ")))")
    try execute("BEGIN")
    let statement = try db.prepare("INSERT INTO \"\(name)\" VALUES (\(Array(repeating: "?", count: frame.columns.count).joined(separator: ", ")))")
    for row in 0..<frame.rowCount {
      statement.reset()
      for (j, column) in frame.columns.enumerated() { statement.bind(column.value(at: row), at: j) }
      _ = try statement.step()
    }
    try execute("COMMIT")
  }

  func execute(_ sql: String) throws { try db.execute(sql) }

  func query(_ sql: String) throws -> [[SQLCell]] {
    let statement = try db.prepare(sql)
    var rows: [[SQLCell]] = []
    while try statement.step() {
      rows.append((0..<statement.columnCount).map { j in
        switch statement.storageClass(j) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER, SQLITE_FLOAT: .number(statement.double(j))
        default: .text(statement.text(j) ?? "")
        }
      })
    }
    return rows
  }
}

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
