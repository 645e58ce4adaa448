/// What an export does when the table is already there.
public enum SQLWriteMode: String, Sendable, CaseIterable {
  /// Make the table; refuse when it exists, so nothing is overwritten by accident.
  case create
  /// Drop the table and make it anew, in the same transaction as the rows.
  case replace
  /// Add the rows to the table, whose columns must take the frame's.
  case append
}

extension SQLWriteMode {
  /// The statements that ready `table` for the frame's rows: none to append to it, a
  /// CREATE (after a DROP, to replace it); or the refusal to overwrite it by accident.
  func statements(for frame: DataFrame, table: String, exists: Bool, dialect: SQLDialect, target: String) throws -> [String] {
    let q = dialect.quote
    let create = "CREATE TABLE \(dialect.quoteTable(table)) (\(frame.columns.map { "\(q($0.name)) \(SQLTypeMapping.declared($0.type, dialect: dialect))" }.joined(separator: ", ")))"
    switch (self, exists) {
    case (.create, true):
      throw EngineError.io(path: target, reason: "already has a table \"\(table)\"; export with mode=replace to overwrite it or mode=append to add rows")
    case (.replace, true): return ["DROP TABLE \(dialect.quoteTable(table))", create]
    case (.append, true): return []
    case (_, false): return [create]
    }
  }
}
