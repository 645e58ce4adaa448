import Foundation

/// Reads a table or query of a PostgreSQL server into a frame, through `COPY … TO STDOUT`
/// in the binary format: no text to parse, types exactly as the server has them.
public enum PostgresReader {
  public static func read(_ connection: PostgresConnection, _ request: SQLReadRequest) throws -> SQLReadResult {
    let sourceColumns: [String]
    do {
      sourceColumns = try connection.describe(request.probe(.postgres)).map(\.name)
    } catch let error as PostgresError where error.sqlState == "42P01" {
      if case .table(let name) = request.source {
        let tables = try connection.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false)) ORDER BY 1")
        throw EngineError.tableNotFound(name: name, available: tables.compactMap { $0[0] }, source: connection.shown)
      }
      throw error
    }
    if let unknown = request.columns.first(where: { !sourceColumns.contains($0) }) {
      throw EngineError.columnNotFound(name: unknown, available: sourceColumns)
    }
    let sql = try request.sql(.postgres, sourceColumns: sourceColumns)
    let described = try connection.describe(sql)
    var decoders: [PostgresBinaryDecoder] = []
    var notes: [String] = []
    for (name, oid) in described {
      guard let decoder = PostgresBinaryDecoder(oid: oid) else {
        let type = try connection.rows("SELECT format_type($1::oid, NULL)", [String(oid)]).first?.first ?? nil
        throw EngineError.io(path: connection.shown, reason: "column \(name) is of type \(type ?? "oid \(oid)"), which seg does not read; cast it in query= (for example \(name)::text)")
      }
      decoders.append(decoder)
    }
    let decimals = zip(described, decoders).filter { $0.1 == .numeric }.map(\.0.name)
    if !decimals.isEmpty { notes.append(SQLTypeMapping.decimalNote(decimals)) }
    let zoned = zip(described, decoders).filter { $0.1 == .timestamptz }.map(\.0.name)
    if !zoned.isEmpty { notes.append("\(zoned.joined(separator: ", ")) \(zoned.count == 1 ? "has" : "have") a time zone in the database, read as UTC") }

    var builders = described.map { RecordColumnBuilder(name: $0.name, type: nil) }
    var stream = PostgresCopyStream(width: described.count)
    var row = 0
    try connection.copyOut("COPY (\(sql)) TO STDOUT (FORMAT binary)") { chunk in
      try stream.feed(chunk) { fields in
        if row & 0xFFFF == 0 { try CancellationToken.check() }
        for j in 0..<fields.count {
          let value = try fields[j].map { try decoders[j].decode($0, column: described[j].name, row: row, target: connection.shown) } ?? .missing
          _ = builders[j].append(value, row: row)
        }
        row += 1
      }
    }
    try stream.finish(target: connection.shown)
    let frame = try DataFrame(columns: builders.map { $0.column(rows: row, datesFromText: false) })
    return SQLReadResult(frame: frame, sql: sql, notes: notes)
  }
}

/// Splits the binary COPY stream into rows of fields (nil for NULL). The server sends one
/// row per chunk, the header before the first; a row is never split across chunks.
struct PostgresCopyStream {
  let width: Int
  private var headerRead = false
  private var ended = false

  init(width: Int) { self.width = width }

  mutating func feed(_ b: UnsafeBufferPointer<UInt8>, _ row: ([UnsafeBufferPointer<UInt8>?]) throws -> Void) throws {
    var i = 0
    func corrupt(_ what: String) -> EngineError { .io(path: "PostgreSQL", reason: "the COPY data is malformed (\(what)); report this with the server's version") }
    if !headerRead {
      let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
      guard b.count >= 19, Array(b[0..<11]) == signature else { throw corrupt("no header") }
      let extension_ = Int(BigEndian.int32(b, 15))
      guard extension_ >= 0, 19 + extension_ <= b.count else { throw corrupt("header extension") }
      i = 19 + extension_
      headerRead = true
    }
    var fields = [UnsafeBufferPointer<UInt8>?](repeating: nil, count: width)
    while i < b.count {
      guard i + 2 <= b.count else { throw corrupt("a cut row") }
      let count = Int(BigEndian.int16(b, i))
      i += 2
      if count == -1 {
        ended = true
        continue
      }
      guard count == width else { throw corrupt("\(count) fields where \(width) were described") }
      for j in 0..<width {
        guard i + 4 <= b.count else { throw corrupt("a cut field") }
        let length = Int(BigEndian.int32(b, i))
        i += 4
        if length < 0 {
          fields[j] = nil
          continue
        }
        guard i + length <= b.count else { throw corrupt("a field past the row") }
        fields[j] = UnsafeBufferPointer(rebasing: b[i..<(i + length)])
        i += length
      }
      try row(fields)
    }
  }

  func finish(target: String) throws {
    guard headerRead && ended else { throw EngineError.io(path: target, reason: "the server's rows ended early; try again") }
  }
}

/// Reads network-order integers from bytes.
enum BigEndian {
  static func int16(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int16 { Int16(bitPattern: UInt16(b[i]) << 8 | UInt16(b[i + 1])) }
  static func int32(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int32 {
    Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(b[i + $1]) })
  }
  static func int64(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int64 {
    Int64(bitPattern: (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(b[i + $1]) })
  }
}
