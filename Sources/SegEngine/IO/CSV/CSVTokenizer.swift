/// Splits CSV bytes into records and fields (RFC 4180: quotes, doubled quotes, embedded
/// delimiters and newlines, CRLF). Fields are stored column by column as byte ranges.
struct CSVTokenizer {
  static let quote = UInt8(ascii: "\"")
  static let newline = UInt8(ascii: "\n")
  static let cr = UInt8(ascii: "\r")
  /// Flag bits kept in a field's end offset.
  static let quotedFlag: UInt32 = 1 << 31
  static let escapedFlag: UInt32 = 1 << 30
  static let offsetMask: UInt32 = (1 << 30) - 1
  static let maxBytes = Int(offsetMask)

  let delimiter: UInt8
  let columnCount: Int

  /// The fields of the records parsed from one byte range.
  struct Chunk: @unchecked Sendable {
    /// Set once parsing is done (a shared empty table until then).
    var fields = FieldTable.empty
    var rows: Int { fields.rows }
    /// Records seen (blank and bad ones included), for numbering rows.
    var records = 0
    /// Local record index of every kept row.
    var recordOfRow: [UInt32] = []
    /// Bad records: local record index, number of fields, what is wrong.
    var badRecords: [(record: Int, fields: Int, problem: String)] = []
    /// Byte offset just after the last record parsed.
    var end = 0
    /// Local record index where a quoted field never closed.
    var unterminatedRecord: Int? = nil
  }

  /// Parses records starting at `start` while a record begins before `limit`,
  /// and at most `maxRecords` of them.
  func parse(_ b: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, maxRecords: Int = .max) -> Chunk {
    let expectedRows = maxRecords == 1 ? 1 : Self.estimateRows(b, from: start, limit: limit)
    var table = FieldTable.Builder(columns: columnCount, expectedRows: expectedRows)
    var chunk = Chunk()
    chunk.recordOfRow.reserveCapacity(expectedRows)
    parseRecords(b, from: start, limit: limit, maxRecords: maxRecords, numberingRows: true, into: &table, &chunk)
    chunk.fields = table.finish()
    return chunk
  }

  /// Parses like `parse` into a builder the caller reuses (emptied first); the chunk's
  /// `fields` stays empty (the records are in `table`) and so does `recordOfRow`: a caller
  /// that reads blocks hands bad rows to the general reader, which numbers them.
  func parse(_ b: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, maxRecords: Int, into table: inout FieldTable.Builder)
    -> Chunk
  {
    table.removeAll()
    var chunk = Chunk()
    parseRecords(b, from: start, limit: limit, maxRecords: maxRecords, numberingRows: false, into: &table, &chunk)
    return chunk
  }

  private func parseRecords(
    _ b: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, maxRecords: Int, numberingRows: Bool,
    into table: inout FieldTable.Builder, _ chunk: inout Chunk
  ) {
    guard let p = b.baseAddress else { return }
    let count = b.count
    let delim = delimiter
    let columns = columnCount
    var pos = start
    var record = 0
    while pos < limit && pos < count && record < maxRecords {
      table.reserveRecord()
      if maxRecords > 1 {
        // Plain records in bulk; the loop below takes one record the fast path left.
        let before = table.rowCount
        let next = table.takePlainRecords(b, from: pos, limit: limit, delimiter: delim, maxRecords: maxRecords - record)
        if table.rowCount > before {
          if numberingRows { for k in 0..<(table.rowCount - before) { chunk.recordOfRow.append(UInt32(record + k)) } }
          record += table.rowCount - before
          pos = next
          continue
        }
      }
      let recordStart = pos
      var fields = 0
      var problem: String? = nil
      var firstEmpty = false
      var firstQuoted = false
      while true {
        var fs = pos
        var fe: Int
        var flags: UInt32 = 0
        if pos < count && p[pos] == Self.quote {
          flags = Self.quotedFlag
          pos += 1
          fs = pos
          while true {
            guard let q = Self.find(Self.quote, in: b, from: pos) else {
              chunk.unterminatedRecord = record
              chunk.records = record + 1
              chunk.end = count
              return
            }
            if q + 1 < count && p[q + 1] == Self.quote {
              flags |= Self.escapedFlag
              pos = q + 2
              continue
            }
            fe = q
            pos = q + 1
            break
          }
          if pos + 1 < count && p[pos] == Self.cr && p[pos + 1] == Self.newline { pos += 1 }
          if pos < count && p[pos] != delim && p[pos] != Self.newline {
            problem = problem ?? "text after a closing quote"
            while pos < count && p[pos] != delim && p[pos] != Self.newline { pos += 1 }
          }
        } else {
          pos = Self.findStop(p, from: pos, count: count, delimiter: delim)
          fe = pos
          if fe > fs && p[fe - 1] == Self.cr && (pos == count || p[pos] == Self.newline) { fe -= 1 }
        }
        if fields == 0 {
          firstEmpty = fe == fs
          firstQuoted = flags != 0
        }
        if fields < columns { table.set(fields, end: UInt32(fe) | flags) }
        fields += 1
        if pos < count && p[pos] == delim {
          pos += 1
          if pos == count {  // a delimiter at the very end leaves an empty last field
            if fields < columns { table.set(fields, end: UInt32(pos)) }
            fields += 1
            break
          }
        } else {
          pos += 1  // past the newline (or the end)
          break
        }
      }
      defer { record += 1 }
      // Blank lines are skipped, except a quoted empty value in a one-column file.
      if fields == 1 && firstEmpty && !(columns == 1 && firstQuoted) { continue }
      if fields != columns || problem != nil {
        chunk.badRecords.append((record, fields, problem ?? "has \(fields) fields, expected \(columns)"))
        continue
      }
      table.commitRecord(start: recordStart)
      if numberingRows { chunk.recordOfRow.append(UInt32(record)) }
    }
    chunk.records = record
    chunk.end = min(pos, count)
  }

  /// The first delimiter or newline at or after `from` (or `count`), eight bytes at a time:
  /// a byte equal to either turns into a zero byte, found with the classic SWAR test.
  @inline(__always)
  static func findStop(_ p: UnsafePointer<UInt8>, from: Int, count: Int, delimiter: UInt8) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let d = ones &* UInt64(delimiter)
    let n = ones &* UInt64(newline)
    var i = from
    while i + 8 <= count {
      let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
      let x = w ^ d
      let y = w ^ n
      let hits = ((x &- ones) & ~x | (y &- ones) & ~y) & highs
      if hits != 0 { return i + hits.trailingZeroBitCount >> 3 }
      i += 8
    }
    while i < count && p[i] != delimiter && p[i] != newline { i += 1 }
    return i
  }

  /// Rows in `start..<limit`, estimated from the line length of the first 64 KiB (plus 10 %),
  /// so the field table rarely has to grow.
  static func estimateRows(_ b: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Int {
    let sampleEnd = min(limit, start + 65_536, b.count)
    guard sampleEnd > start else { return 16 }
    var lines = 0
    for i in start..<sampleEnd where b[i] == newline { lines += 1 }
    let perLine = Double(sampleEnd - start) / Double(max(1, lines))
    return max(16, Int(Double(limit - start) / perLine * 1.1))
  }

  @inline(__always)
  static func find(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard from < b.count, let base = b.baseAddress else { return nil }
    guard let p = memchr(base + from, Int32(byte), b.count - from) else { return nil }
    return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
  }

  /// Counts the fields of the first record, to size the header.
  func countFields(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    // A one-column parse keeps a one-field record and reports any other as bad, with its count.
    let probe = CSVTokenizer(delimiter: delimiter, columnCount: 1)
    let c = probe.parse(b, from: start, limit: b.count, maxRecords: 1)
    return c.rows == 1 ? 1 : c.badRecords.first?.fields ?? 0
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
