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
  struct Chunk {
    var starts: [[UInt32]]
    var ends: [[UInt32]]
    var rows = 0
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
    var chunk = Chunk(
      starts: Array(repeating: [], count: columnCount), ends: Array(repeating: [], count: columnCount))
    let expectedRows = max(16, (limit - start) / max(1, 8 * columnCount))
    for j in 0..<columnCount {
      chunk.starts[j].reserveCapacity(expectedRows)
      chunk.ends[j].reserveCapacity(expectedRows)
    }
    var fieldStarts = [UInt32](repeating: 0, count: columnCount + 1)
    var fieldEnds = [UInt32](repeating: 0, count: columnCount + 1)
    let count = b.count
    let delim = delimiter
    var pos = start
    while pos < limit && pos < count && chunk.records < maxRecords {
      var fields = 0
      var problem: String? = nil
      var atRecordEnd = false
      while !atRecordEnd {
        var fs = pos
        var fe = pos
        var flags: UInt32 = 0
        if pos < count && b[pos] == Self.quote {
          flags = Self.quotedFlag
          pos += 1
          fs = pos
          while true {
            guard let q = Self.find(Self.quote, in: b, from: pos) else {
              chunk.unterminatedRecord = chunk.records
              chunk.end = count
              return chunk
            }
            if q + 1 < count && b[q + 1] == Self.quote {
              flags |= Self.escapedFlag
              pos = q + 2
              continue
            }
            fe = q
            pos = q + 1
            break
          }
          if pos < count && b[pos] == Self.cr && pos + 1 < count && b[pos + 1] == Self.newline { pos += 1 }
          if pos < count && b[pos] != delim && b[pos] != Self.newline {
            problem = problem ?? "text after a closing quote"
            while pos < count && b[pos] != delim && b[pos] != Self.newline { pos += 1 }
          }
        } else {
          while pos < count {
            let c = b[pos]
            if c == delim || c == Self.newline { break }
            pos += 1
          }
          fe = pos
          if fe > fs && (pos == count || b[pos] == Self.newline) && b[fe - 1] == Self.cr { fe -= 1 }
        }
        if fields <= columnCount {
          fieldStarts[fields] = UInt32(fs)
          fieldEnds[fields] = UInt32(fe) | flags
        }
        fields += 1
        if pos < count && b[pos] == delim {
          pos += 1
          if pos == count {  // a trailing delimiter at end of file ends an empty last field
            if fields <= columnCount {
              fieldStarts[fields] = UInt32(pos)
              fieldEnds[fields] = UInt32(pos)
            }
            fields += 1
            atRecordEnd = true
          }
        } else {
          pos += 1  // past the newline (or the end)
          atRecordEnd = true
        }
      }
      let record = chunk.records
      chunk.records += 1
      let blank = fields == 1 && fieldEnds[0] == fieldStarts[0]
      if blank && columnCount != 1 || blank && columnCount == 1 && fieldEnds[0] & Self.quotedFlag == 0 {
        continue
      }
      if fields != columnCount || problem != nil {
        chunk.badRecords.append((record, fields, problem ?? "has \(fields) fields, expected \(columnCount)"))
        continue
      }
      for j in 0..<columnCount {
        chunk.starts[j].append(fieldStarts[j])
        chunk.ends[j].append(fieldEnds[j])
      }
      chunk.recordOfRow.append(UInt32(record))
      chunk.rows += 1
    }
    chunk.end = min(pos, count)
    return chunk
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
