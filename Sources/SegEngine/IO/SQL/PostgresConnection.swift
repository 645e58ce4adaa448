import CLibPQ
import Foundation

/// A connection to a PostgreSQL server through libpq. The password is never part of the
/// connection string: libpq reads PGPASSWORD and ~/.pgpass itself, and a password asked for
/// at the prompt is passed on its own. Messages show the redacted connection string.
public final class PostgresConnection {
  let handle: OpaquePointer
  /// The connection string as it may be shown.
  public let shown: String

  /// Connects, or throws `DatabasePasswordNeeded` when the server wants a password that
  /// neither the environment, ~/.pgpass nor `password` gave.
  public init(_ connection: String, password: String? = nil) throws {
    shown = ConnectionString.redacted(connection)
    guard !ConnectionString.hasPassword(connection) else {
      throw EngineError.io(path: shown, reason: "a password in the connection string would be kept in the script, the history and the report; remove it, and set PGPASSWORD, add the server to ~/.pgpass, or type it when seg asks at the prompt")
    }
    var keys = ["dbname", "connect_timeout", "application_name"]
    var values = [connection, "10", "seg"]
    if let password {
      keys.append("password")
      values.append(password)
    }
    let conn: OpaquePointer? = withCStrings(keys) { k in withCStrings(values) { v in PQconnectdbParams(k, v, 1) } }
    guard let conn else { throw EngineError.io(path: shown, reason: "cannot start a connection (out of memory)") }
    guard PQstatus(conn) == CONNECTION_OK else {
      defer { PQfinish(conn) }
      if PQconnectionNeedsPassword(conn) != 0 && password == nil { throw DatabasePasswordNeeded(target: shown) }
      let reason = Self.clean(String(cString: PQerrorMessage(conn)))
      throw EngineError.io(path: shown, reason: "cannot connect: \(reason)")
    }
    handle = conn
    try execute("SET client_encoding TO 'UTF8'; SET DateStyle TO 'ISO'; SET extra_float_digits TO 3")
  }

  deinit { PQfinish(handle) }

  /// Runs statements that return no rows.
  public func execute(_ sql: String) throws {
    let result = PQexec(handle, sql)
    defer { PQclear(result) }
    let status = PQresultStatus(result)
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw failure(result, sql: sql) }
  }

  /// The names and type OIDs of the columns a query gives, without running it.
  func describe(_ sql: String) throws -> [(name: String, type: UInt32)] {
    let prepared = PQprepare(handle, "", sql, 0, nil)
    defer { PQclear(prepared) }
    guard PQresultStatus(prepared) == PGRES_COMMAND_OK else { throw failure(prepared, sql: sql) }
    let described = PQdescribePrepared(handle, "")
    defer { PQclear(described) }
    guard PQresultStatus(described) == PGRES_COMMAND_OK else { throw failure(described, sql: sql) }
    return (0..<PQnfields(described)).map { (String(cString: PQfname(described, $0)), PQftype(described, $0)) }
  }

  /// The rows of a query, as text (for small catalogue look-ups).
  func rows(_ sql: String, _ parameters: [String] = []) throws -> [[String?]] {
    let result: OpaquePointer? = withCStrings(parameters) { p in
      PQexecParams(handle, sql, Int32(parameters.count), nil, p, nil, nil, 0)
    }
    defer { PQclear(result) }
    guard PQresultStatus(result) == PGRES_TUPLES_OK else { throw failure(result, sql: sql) }
    return (0..<PQntuples(result)).map { i in
      (0..<PQnfields(result)).map { j in PQgetisnull(result, i, j) != 0 ? nil : String(cString: PQgetvalue(result, i, j)) }
    }
  }

  /// `COPY … TO STDOUT`: hands each chunk the server sends to `body`.
  func copyOut(_ sql: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
    let started = PQexec(handle, sql)
    let status = PQresultStatus(started)
    defer { PQclear(started) }
    guard status == PGRES_COPY_OUT else { throw failure(started, sql: sql) }
    var failed: Error?
    while true {
      var buffer: UnsafeMutablePointer<CChar>?
      let n = PQgetCopyData(handle, &buffer, 0)
      if n == -1 { break }
      guard n >= 0, let buffer else { throw EngineError.io(path: shown, reason: "the server stopped sending rows: \(Self.clean(String(cString: PQerrorMessage(handle))))") }
      defer { PQfreemem(buffer) }
      // After a failure the rest is drained, so the connection stays usable.
      if failed == nil {
        do {
          try buffer.withMemoryRebound(to: UInt8.self, capacity: Int(n)) { try body(UnsafeBufferPointer(start: $0, count: Int(n))) }
        } catch { failed = error }
      }
    }
    try finish(sql: sql)
    if let failed { throw failed }
  }

  /// `COPY … FROM STDIN`: sends what `produce` yields, chunk by chunk, until it returns nil.
  func copyIn(_ sql: String, _ produce: () throws -> [UInt8]?) throws {
    let started = PQexec(handle, sql)
    defer { PQclear(started) }
    guard PQresultStatus(started) == PGRES_COPY_IN else { throw failure(started, sql: sql) }
    do {
      while let chunk = try produce() {
        let sent = chunk.withUnsafeBufferPointer { b in
          b.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { throw EngineError.io(path: shown, reason: "could not send rows: \(Self.clean(String(cString: PQerrorMessage(handle))))") }
      }
    } catch {
      _ = PQputCopyEnd(handle, "seg stopped the export")
      _ = try? finish(sql: sql)
      throw error
    }
    guard PQputCopyEnd(handle, nil) == 1 else { throw EngineError.io(path: shown, reason: "could not end the copy: \(Self.clean(String(cString: PQerrorMessage(handle))))") }
    try finish(sql: sql)
  }

  /// Reads the results that end a command, throwing the first error.
  private func finish(sql: String) throws {
    var error: Error?
    while let result = PQgetResult(handle) {
      let status = PQresultStatus(result)
      if error == nil && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK { error = failure(result, sql: sql) }
      PQclear(result)
    }
    if let error { throw error }
  }

  /// The server's message, its SQLSTATE, and where in the query it points.
  func failure(_ result: OpaquePointer?, sql: String) -> PostgresError {
    func field(_ code: Character) -> String? {
      PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
    }
    let message = field("M") ?? Self.clean(String(cString: PQerrorMessage(handle)))
    return PostgresError(
      target: shown, message: message, sqlState: field("C") ?? "", hint: field("H"),
      position: field("P").flatMap(Int.init), sql: sql)
  }

  static func clean(_ message: String) -> String {
    let lines = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return ConnectionString.redacted(lines.joined(separator: "; "))
  }
}

/// The server said no: its message, SQLSTATE code, and the character of the query it points at.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
  public let target: String
  public let message: String
  public let sqlState: String
  public let hint: String?
  /// 1-based character position in `sql`.
  public let position: Int?
  public let sql: String

  /// The server's words, where in the SQL sent they point, and its hint.
  public var description: String {
    var text = "\(target): the server says: \(message)"
    if let position, position >= 1, position <= sql.count {
      let start = sql.index(sql.startIndex, offsetBy: position - 1)
      let excerpt = sql[start...].prefix(30)
      text += " (at character \(position) of the SQL sent, \"\(excerpt)\(excerpt.count == 30 ? "…" : "")\")"
    }
    if let hint { text += "; \(hint)" }
    return text
  }
}

/// The server asked for a password that PGPASSWORD and ~/.pgpass did not give.
public struct DatabasePasswordNeeded: Error, Sendable {
  public let target: String
}

/// Calls `body` with a C array of C strings that live for the call.
func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> T) rethrows -> T {
  let copies = strings.map { strdup($0) }
  defer { copies.forEach { free($0) } }
  let pointers = copies.map { UnsafePointer($0) } + [nil]
  return try pointers.withUnsafeBufferPointer { try body($0.baseAddress!) }
}
