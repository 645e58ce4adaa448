/// Writes a frame into a PostgreSQL table with `COPY … FROM STDIN`, in one transaction: all
/// rows or none. Values go in COPY's text form, so the server fits them to whatever types an
/// existing table has (appending to an INTEGER or NUMERIC column works).
public enum PostgresWriter {
  public static func write(_ frame: DataFrame, to connection: PostgresConnection, table: String, mode: SQLWriteMode) throws {
    let q = SQLDialect.postgres.quote
    try connection.execute("BEGIN")
    do {
      // to_regclass finds the table as the server would (search_path, or schema.table).
      let exists = try connection.rows("SELECT to_regclass($1) IS NOT NULL", [SQLDialect.postgres.quoteTable(table)]).first?.first == "t"
      // Appending, the server checks the columns and converts the values, naming any that do not fit.
      for statement in try mode.statements(for: frame, table: table, exists: exists, dialect: .postgres, target: connection.shown) {
        try connection.execute(statement)
      }
      let names = frame.columns.map { q($0.name) }.joined(separator: ", ")
      var row = 0
      try connection.copyIn("COPY \(SQLDialect.postgres.quoteTable(table)) (\(names)) FROM STDIN") {
        guard row < frame.rowCount else { return nil }
        try CancellationToken.check()
        let end = min(frame.rowCount, row + 16_384)
        defer { row = end }
        return CopyText.encode(frame, rows: row..<end)
      }
      try connection.execute("COMMIT")
    } catch {
      try? connection.execute("ROLLBACK")
      throw error
    }
  }
}

/// COPY's text format: tab between fields, `\N` for missing, backslash escapes.
enum CopyText {
  static func encode(_ frame: DataFrame, rows: Range<Int>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(rows.count * frame.columns.count * 8)
    for row in rows {
      for (j, column) in frame.columns.enumerated() {
        if j > 0 { out.append(0x09) }
        switch column.value(at: row) {
        case .missing: out += [0x5C, 0x4E]
        case .int(let v): out += String(v).utf8
        case .double(let v): if v.isFinite { out += "\(v)".utf8 } else { out += [0x5C, 0x4E] }
        case .bool(let b): out.append(b ? 0x74 : 0x66)
        case .date(let d): out += CivilDate.format(days: d).utf8
        case .datetime(let t): out += CivilDate.format(seconds: t).utf8
        case .string(let s):
          for c in s.utf8 {
            switch c {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            default: out.append(c)
            }
          }
        }
      }
      out.append(0x0A)
    }
    return out
  }
}
