import Foundation
import SegEngine

/// Reading frames from databases and writing them into tables.
extension CommandTable {
  /// `load sqlite|postgres "…" table=… | query=… [columns=…] [where …]`.
  static func loadDatabase(_ inv: Invocation, _ kind: DatabaseKind, _ raw: String) throws {
    try refuse(inv, csvOptions, unless: "CSV files", hint: "a database's columns have their types already")
    let (table, query) = (inv.text("table"), inv.text("query"))
    if table != nil && query != nil {
      throw Diagnostic(message: "give table= or query=, not both", range: inv.arguments.options["query"]!.keyRange, label: "remove one")
    }
    guard let source = table.map(SQLReadRequest.Source.table) ?? query.map(SQLReadRequest.Source.query) else {
      throw Diagnostic(message: "load \(kind.rawValue) needs table= or query=", range: inv.command.range, label: "add table=name",
        help: "for example: load \(kind.rawValue) \"\(kind == .sqlite ? "shop.db" : "postgresql://user@localhost/shop")\" table=orders")
    }
    let condition = try inv.arguments.condition.map(inv.lower)
    let request = SQLReadRequest(source: source, columns: inv.names("columns"), condition: condition, context: inv.context)
    let result: SQLReadResult
    switch kind {
    case .sqlite:
      result = try SQLiteReader.read(path: inv.path(raw), request)
      inv.env.recorder.noteInput(raw, path: inv.path(raw))
    case .postgres:
      result = try PostgresReader.read(try inv.postgres(raw), request)
      inv.env.recorder.noteDatabaseRead("\(ConnectionString.redacted(raw)): \(result.sql)")
    }
    let name = inv.outputName ?? table.map(FrameNames.fromFile) ?? "query"
    inv.storeArrived(result.frame, as: name)
    if inv.bool("explain") == true { inv.message("SQL: \(result.sql)") }
    for note in result.notes { inv.warning(note) }
    inv.message("loaded \(name): \(shape(result.frame))")
  }

  /// `export to sqlite|postgres "…" table=… [mode=…]`: the frame as a table, in one transaction.
  static func exportDatabase(_ inv: Invocation, _ kind: DatabaseKind, _ raw: String, _ frame: DataFrame) throws {
    try refuse(inv, ["format", "split", "delimiter", "decimal", "compression"], unless: "files, not a database table", hint: "a table keeps each column's type")
    guard let table = inv.text("table") else {
      throw Diagnostic(message: "export to \(kind.rawValue) needs table=", range: inv.command.range, label: "add table=name")
    }
    let mode = inv.choice("mode", as: SQLWriteMode.self) ?? .create
    switch kind {
    case .sqlite: try SQLiteWriter.write(frame, to: inv.path(raw), table: table, mode: mode)
    case .postgres: try PostgresWriter.write(frame, to: try inv.postgres(raw), table: table, mode: mode)
    }
    let verb = mode == .append ? "appended" : "wrote"
    inv.message("\(verb) \(shape(frame)) to table \(table) of \(kind == .sqlite ? raw : ConnectionString.redacted(raw))")
  }
}

extension Invocation {
  /// A connection to the PostgreSQL server `raw` names. A password the server asks for comes
  /// from PGPASSWORD or ~/.pgpass (libpq reads both), or from the person at the prompt, once
  /// per session and server; it is never written anywhere.
  func postgres(_ raw: String) throws -> PostgresConnection {
    let shown = ConnectionString.redacted(raw)
    do {
      return try PostgresConnection(raw, password: env.databasePasswords[shown])
    } catch is DatabasePasswordNeeded {
      guard let ask = env.askSecret, let password = ask("password for \(shown): "), !password.isEmpty else {
        throw EngineError.io(path: shown, reason: "the server asks for a password; set PGPASSWORD, or add the server to ~/.pgpass (seg asks for it at the prompt)")
      }
      let connection = try PostgresConnection(raw, password: password)
      env.databasePasswords[shown] = password
      return connection
    }
  }
}
