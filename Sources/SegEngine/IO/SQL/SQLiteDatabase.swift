import CSQLite

/// An open SQLite database file, through the system's libsqlite3. Errors name the file and
/// say what SQLite said.
final class SQLiteDatabase {
  let path: String
  private(set) var handle: OpaquePointer?

  /// Opens `path`: read-only for loading (a missing file is an error, never created), or
  /// read-write, created when missing, for exporting.
  init(path: String, writable: Bool) throws {
    self.path = path
    let flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY
    let status = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
    guard status == SQLITE_OK else {
      let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      sqlite3_close(handle)
      handle = nil
      throw EngineError.io(path: path, reason: "cannot open as an SQLite database: \(reason)")
    }
    sqlite3_busy_timeout(handle, 5_000)
    // A file that is not a database (or is corrupt) opens fine; the first read finds out.
    try check(sqlite3_exec(handle, "SELECT count(*) FROM sqlite_master", nil, nil, nil), doing: "read its tables")
  }

  deinit { sqlite3_close_v2(handle) }

  func execute(_ sql: String) throws {
    try check(sqlite3_exec(handle, sql, nil, nil, nil), doing: "run \(sql)")
  }

  func prepare(_ sql: String) throws -> SQLiteStatement {
    var statement: OpaquePointer?
    let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard status == SQLITE_OK, let statement else {
      throw EngineError.io(path: path, reason: "the query failed: \(message)")
    }
    return SQLiteStatement(statement, database: self)
  }

  /// The tables of the database, for "did you mean" and for checking a name.
  func tableNames() throws -> [String] {
    let s = try prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
    var names: [String] = []
    while try s.step() { names.append(s.text(0) ?? "") }
    return names
  }

  var message: String { String(cString: sqlite3_errmsg(handle)) }

  func check(_ status: Int32, doing what: String) throws {
    guard status != SQLITE_OK else { return }
    let code = status & 0xFF
    if code == SQLITE_NOTADB || code == SQLITE_CORRUPT {
      throw EngineError.io(path: path, reason: "is not an SQLite database, or is damaged (\(message)); check the file, or restore it from a backup")
    }
    throw EngineError.io(path: path, reason: "could not \(what): \(message)")
  }
}

/// A prepared statement: bind, step, read the columns of the current row.
final class SQLiteStatement {
  let handle: OpaquePointer
  let database: SQLiteDatabase

  init(_ handle: OpaquePointer, database: SQLiteDatabase) {
    self.handle = handle
    self.database = database
  }

  deinit { sqlite3_finalize(handle) }

  /// Moves to the next row; false when there is none.
  func step() throws -> Bool {
    switch sqlite3_step(handle) {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    case let status: try database.check(status, doing: "read the rows"); return false
    }
  }

  func reset() { sqlite3_reset(handle) }

  var columnCount: Int { Int(sqlite3_column_count(handle)) }
  func name(_ j: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(j))) }
  /// The declared type of a column read straight from a table; nil for an expression.
  func declaredType(_ j: Int) -> String? { sqlite3_column_decltype(handle, Int32(j)).map { String(cString: $0) } }
  func storageClass(_ j: Int) -> Int32 { sqlite3_column_type(handle, Int32(j)) }
  func int(_ j: Int) -> Int { Int(sqlite3_column_int64(handle, Int32(j))) }
  func double(_ j: Int) -> Double { sqlite3_column_double(handle, Int32(j)) }
  func text(_ j: Int) -> String? {
    guard let p = sqlite3_column_text(handle, Int32(j)) else { return nil }
    return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, Int32(j)))), as: UTF8.self)
  }

  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  func bind(_ value: Scalar, at j: Int) {
    let index = Int32(j + 1)
    switch value {
    case .missing: sqlite3_bind_null(handle, index)
    case .int(let v): sqlite3_bind_int64(handle, index, Int64(v))
    case .double(let v): v.isNaN ? sqlite3_bind_null(handle, index) : sqlite3_bind_double(handle, index, v)
    case .bool(let b): sqlite3_bind_int64(handle, index, b ? 1 : 0)
    case .string(let s): sqlite3_bind_text(handle, index, s, -1, Self.transient)
    case .date(let d): sqlite3_bind_text(handle, index, CivilDate.format(days: d), -1, Self.transient)
    case .datetime(let t): sqlite3_bind_text(handle, index, CivilDate.format(seconds: t), -1, Self.transient)
    }
  }
}
