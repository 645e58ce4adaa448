import Foundation

/// Writes a frame as a flat Parquet file that pyarrow, Spark and seg read back as the same
/// table: every column OPTIONAL (definition levels for missing values), numbers PLAIN, text
/// dictionary-encoded (seg's own text is a dictionary already), pages compressed with snappy
/// (the common default) or zstd, row groups of 1,048,576 rows. Written atomically.
public enum ParquetWriter {
  public enum Compression: String, Sendable, CaseIterable {
    case snappy, zstd, none

    var codec: Parquet.Codec {
      switch self {
      case .snappy: .snappy
      case .zstd: .zstd
      case .none: .uncompressed
      }
    }
  }

  static let rowGroupRows = 1 << 20
  static let pageRows = 1 << 16

  public static func write(_ frame: DataFrame, to path: String, compression: Compression = .snappy, createdBy: String = "seg") throws {
    try AtomicFile.write(Data(try encode(frame, compression: compression, createdBy: createdBy)), to: path)
  }

  /// The file's bytes; throws only when the export is interrupted.
  public static func encode(_ frame: DataFrame, compression: Compression = .snappy, createdBy: String = "seg") throws -> [UInt8] {
    var out: [UInt8] = Array("PAR1".utf8)
    var groups: [(rows: Int, chunks: [ChunkWritten])] = []
    var start = 0
    repeat {
      let end = min(frame.rowCount, start + rowGroupRows)
      // Columns are encoded on all cores, then laid out one after another.
      let encoded = try Parallel.map(frame.columns.count) { j in
        ColumnChunkWriter(column: frame.columns[j], rows: start..<end, codec: compression.codec).encode()
      }
      let chunks = encoded.map { chunk in
        var placed = chunk
        placed.place(at: out.count)
        out += chunk.bytes
        return placed
      }
      groups.append((end - start, chunks))
      start = end
    } while start < frame.rowCount
    var footer = ThriftWriter()
    footer.i32(1, 2)
    footer.list(2, elementType: 12, [nil] + frame.columns.map { Optional($0) }) { w, column in
      guard let column else {
        w.string(4, "schema")
        w.i32(5, frame.columns.count)
        return
      }
      schemaElement(&w, column)
    }
    footer.i64(3, frame.rowCount)
    footer.list(4, elementType: 12, groups) { w, group in
      w.list(1, elementType: 12, group.chunks) { w, chunk in
        w.i64(2, chunk.offset)
        w.structure(3) { m in
          m.i32(1, chunk.type.rawValue)
          m.list(2, elementType: 5, chunk.encodings.map(\.rawValue)) { $0.element(i32: $1) }
          m.list(3, elementType: 8, [chunk.name]) { $0.element(string: $1) }
          m.i32(4, compression.codec.rawValue)
          m.i64(5, chunk.valueCount)
          m.i64(6, chunk.uncompressedSize)
          m.i64(7, chunk.bytes.count)
          m.i64(9, chunk.dataOffset)
          if let d = chunk.dictionaryOffset { m.i64(11, d) }
        }
      }
      w.i64(2, group.chunks.reduce(0) { $0 + $1.uncompressedSize })
      w.i64(3, group.rows)
    }
    footer.string(6, createdBy)
    footer.stop()
    out += footer.bytes
    let length = UInt32(footer.bytes.count)
    out += (0..<4).map { UInt8((length >> (8 * UInt32($0))) & 0xFF) }
    out += Array("PAR1".utf8)
    return out
  }

  /// The schema entry of a column: physical type, OPTIONAL, and its logical (and legacy) type.
  private static func schemaElement(_ w: inout ThriftWriter, _ column: Column) {
    w.i32(1, ColumnChunkWriter.physicalType(column.type).rawValue)
    w.i32(3, 1)
    w.string(4, column.name)
    switch column.type {
    case .string:
      w.i32(6, 0)  // UTF8
      w.structure(10) { $0.structure(1) { _ in } }
    case .date:
      w.i32(6, 6)  // DATE
      w.structure(10) { $0.structure(6) { _ in } }
    case .datetime:
      // A local time without a zone: not UTC-adjusted, so no legacy converted type.
      w.structure(10) { l in
        l.structure(8) { t in
          t.bool(1, false)
          t.structure(2) { $0.structure(2) { _ in } }
        }
      }
    case .int, .double, .bool: break
    }
  }
}

/// One column chunk as written: its bytes, where they start, and what the footer says of it.
struct ChunkWritten {
  var name: String
  var type: Parquet.PhysicalType
  var bytes: [UInt8]
  /// Offsets in the file once placed (relative to the chunk's start before).
  var offset = 0
  var dataOffset: Int
  var dictionaryOffset: Int?
  var valueCount: Int
  var uncompressedSize: Int
  var encodings: [Parquet.Encoding]

  /// Moves the chunk's offsets to where its bytes start in the file.
  mutating func place(at start: Int) {
    offset = start
    dataOffset += start
    dictionaryOffset = dictionaryOffset.map { $0 + start }
  }
}

/// Encodes the rows of one column into a chunk: a dictionary page for text, then data pages.
struct ColumnChunkWriter {
  let column: Column
  let rows: Range<Int>
  let codec: Parquet.Codec

  static func physicalType(_ type: DataType) -> Parquet.PhysicalType {
    switch type {
    case .int, .datetime: .int64
    case .double: .double
    case .bool: .boolean
    case .string: .byteArray
    case .date: .int32
    }
  }

  func encode() -> ChunkWritten {
    var bytes: [UInt8] = []
    var uncompressed = 0
    var dictionaryOffset: Int? = nil
    var encodings: [Parquet.Encoding] = [.rle, .plain]
    // Text: the levels used in these rows become the dictionary, the rows its indices.
    var dictionaryIndex: [Int32: UInt32] = [:]
    if case .string(let codes, let levels) = column.storage {
      var used: [Int32] = []
      for r in rows where column.isValid(r) && dictionaryIndex[codes[r]] == nil {
        dictionaryIndex[codes[r]] = UInt32(used.count)
        used.append(codes[r])
      }
      var plain: [UInt8] = []
      for code in used { Self.appendText(levels[Int(code)], to: &plain) }
      dictionaryOffset = 0
      uncompressed += appendPage(&bytes, type: .dictionary, raw: plain, values: used.count, encoding: .plain)
      encodings = [.rle, .plain, .rleDictionary]
    }
    let dataOffset = bytes.count
    var start = rows.lowerBound
    while start < rows.upperBound || (start == rows.lowerBound && rows.isEmpty) {
      let end = min(rows.upperBound, start + ParquetWriter.pageRows)
      uncompressed += appendPage(&bytes, type: .data, raw: dataPage(start..<end, dictionaryIndex: dictionaryIndex), values: end - start,
        encoding: dictionaryOffset == nil ? .plain : .rleDictionary)
      start = end
      if rows.isEmpty { break }
    }
    return ChunkWritten(
      name: column.name, type: Self.physicalType(column.type), bytes: bytes, dataOffset: dataOffset,
      dictionaryOffset: dictionaryOffset, valueCount: rows.count, uncompressedSize: uncompressed, encodings: encodings)
  }

  /// Definition levels (length-prefixed RLE), then the present values.
  private func dataPage(_ range: Range<Int>, dictionaryIndex: [Int32: UInt32]) -> [UInt8] {
    let present = range.map(isPresent)
    let levels = RLEBitPackedHybrid.encode(present.map { $0 ? 1 : 0 }, bitWidth: 1)
    var out: [UInt8] = []
    Self.appendLE(UInt32(levels.count), to: &out)
    out += levels
    let kept = zip(range, present).filter(\.1).map(\.0)
    switch column.storage {
    case .int(let v), .datetime(let v):
      // Timestamps in microseconds, as TIMESTAMP(MICROS) says.
      let scale = column.type == .datetime ? 1_000_000 : 1
      out.reserveCapacity(out.count + 8 * kept.count)
      // Seconds of the years 0–9999 times 10^6 stay far inside 64 bits.
      for r in kept { Self.appendLE(UInt64(bitPattern: Int64(v[r] &* scale)), to: &out) }
    case .date(let v):
      for r in kept { Self.appendLE(UInt32(bitPattern: Int32(truncatingIfNeeded: v[r])), to: &out) }
    case .double(let v):
      out.reserveCapacity(out.count + 8 * kept.count)
      for r in kept { Self.appendLE(v[r].bitPattern, to: &out) }
    case .bool(let v):
      var byte: UInt8 = 0
      for (k, r) in kept.enumerated() {
        if v[r] { byte |= 1 << UInt8(k % 8) }
        if k % 8 == 7 {
          out.append(byte)
          byte = 0
        }
      }
      if kept.count % 8 != 0 { out.append(byte) }
    case .string(let codes, _):
      let width = max(1, UInt32(dictionaryIndex.count).bitWidthNeeded)
      out.append(UInt8(width))
      out += RLEBitPackedHybrid.encode(kept.map { dictionaryIndex[codes[$0]]! }, bitWidth: width)
    }
    return out
  }

  private func isPresent(_ row: Int) -> Bool {
    guard column.isValid(row) else { return false }
    if case .double(let v) = column.storage { return !v[row].isNaN }
    return true
  }

  /// A page header and the page, compressed; returns the uncompressed size it adds.
  private func appendPage(_ out: inout [UInt8], type: Parquet.PageType, raw: [UInt8], values: Int, encoding: Parquet.Encoding) -> Int {
    let compressed = ParquetCodec.compress(raw, codec: codec)
    var header = ThriftWriter()
    header.i32(1, type.rawValue)
    header.i32(2, raw.count)
    header.i32(3, compressed.count)
    if type == .dictionary {
      header.structure(7) { d in
        d.i32(1, values)
        d.i32(2, encoding.rawValue)
      }
    } else {
      header.structure(5) { d in
        d.i32(1, values)
        d.i32(2, encoding.rawValue)
        d.i32(3, Parquet.Encoding.rle.rawValue)
        d.i32(4, Parquet.Encoding.rle.rawValue)
      }
    }
    header.stop()
    out += header.bytes
    out += compressed
    return header.bytes.count + raw.count
  }

  static func appendText(_ s: String, to out: inout [UInt8]) {
    appendLE(UInt32(s.utf8.count), to: &out)
    out += s.utf8
  }

  @inline(__always)
  static func appendLE<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
  }
}

extension UInt32 {
  /// Bits needed to write every index below this count.
  var bitWidthNeeded: Int { self <= 1 ? 0 : 32 - (self - 1).leadingZeroBitCount }
}
