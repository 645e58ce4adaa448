/// Writes a frame in Arrow's IPC stream format (a schema message, one record batch, the end
/// marker): how seg hands a frame of its own to Spark Connect, as a local relation. Whole
/// numbers are 64-bit integers, numbers doubles, text UTF-8, dates days and date-times
/// microseconds in UTC; a missing value is a cleared validity bit.
public enum ArrowStreamWriter {
  public static func stream(_ frame: DataFrame) throws -> [UInt8] {
    var body: [UInt8] = []
    var nodes: [[Int64]] = [], buffers: [[Int64]] = []
    func addBuffer(_ bytes: [UInt8]) {
      buffers.append([Int64(body.count), Int64(bytes.count)])
      body += bytes
      body += [UInt8](repeating: 0, count: (8 - bytes.count % 8) % 8)
    }
    for column in frame.columns {
      try CancellationToken.check()
      let n = column.count
      let values = (0..<n).map(column.value(at:))
      let missing = values.count { $0.isMissing }
      nodes.append([Int64(n), Int64(missing)])
      addBuffer(missing == 0 ? [] : bitmap(values.map { !$0.isMissing }))
      switch column.type {
      case .int: addBuffer(littleEndian(values.map { v -> Int64 in if case .int(let x) = v { return Int64(x) }; return 0 }))
      case .double: addBuffer(littleEndian(values.map { v -> UInt64 in if case .double(let x) = v { return x.bitPattern }; return 0 }))
      case .date:
        addBuffer(littleEndian(try values.map { v -> Int32 in
          guard case .date(let d) = v else { return 0 }
          guard let days = Int32(exactly: d) else { throw EngineError.unsupported("column \"\(column.name)\" has a date too far from 1970 for Arrow's 32-bit days") }
          return days
        }))
      case .datetime:
        let micros = try values.map { v -> Int64 in
          guard case .datetime(let seconds) = v else { return 0 }
          let (product, overflow) = Int64(seconds).multipliedReportingOverflow(by: 1_000_000)
          guard !overflow else { throw EngineError.unsupported("column \"\(column.name)\" has a date-time too far from 1970 for Arrow's microseconds") }
          return product
        }
        addBuffer(littleEndian(micros))
      case .bool: addBuffer(bitmap(values.map { v -> Bool in if case .bool(let b) = v { return b }; return false }))
      case .string:
        var offsets: [Int32] = [0], text: [UInt8] = []
        for v in values {
          if case .string(let s) = v { text += Array(s.utf8) }
          guard text.count <= Int(Int32.max) else { throw EngineError.unsupported("column \"\(column.name)\" holds more than 2 GiB of text, more than one Arrow batch carries") }
          offsets.append(Int32(text.count))
        }
        addBuffer(littleEndian(offsets))
        addBuffer(text)
      }
    }
    let fields = frame.columns.map { c -> [Int: FlatBufferBuilder.Value] in
      let (typeID, type) = arrowType(c.type)
      return [0: .string(c.name), 1: .bool(true), 2: .uint8(typeID), 3: .table(type), 5: .tables([])]
    }
    let schema = message(header: 1, [1: .tables(fields)], bodyLength: 0)
    let batch = message(header: 3, [0: .int64(Int64(frame.rowCount)), 1: .int64Structs(nodes), 2: .int64Structs(buffers)], bodyLength: body.count)
    return framed(schema) + framed(batch) + body + [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
  }

  /// The type's id in Arrow's `Type` union and its table.
  private static func arrowType(_ type: DataType) -> (UInt8, [Int: FlatBufferBuilder.Value]) {
    switch type {
    case .int: (2, [0: .int32(64), 1: .bool(true)])
    case .double: (3, [0: .int16(2)])
    case .string: (5, [:])
    case .bool: (6, [:])
    case .date: (8, [0: .int16(0)])
    case .datetime: (10, [0: .int16(2), 1: .string("UTC")])
    }
  }

  private static func message(header: UInt8, _ slots: [Int: FlatBufferBuilder.Value], bodyLength: Int) -> [UInt8] {
    FlatBufferBuilder.message([0: .int16(4), 1: .uint8(header), 2: .table(slots), 3: .int64(Int64(bodyLength))])
  }

  /// The continuation marker, the metadata's length and the metadata, padded to 8 bytes.
  private static func framed(_ metadata: [UInt8]) -> [UInt8] {
    let padded = metadata + [UInt8](repeating: 0, count: (8 - metadata.count % 8) % 8)
    return [0xFF, 0xFF, 0xFF, 0xFF] + littleEndian([Int32(padded.count)]) + padded
  }

  private static func bitmap(_ bits: [Bool]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
    for (i, b) in bits.enumerated() where b { out[i / 8] |= 1 << UInt8(i % 8) }
    return out
  }

  private static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(values.count * MemoryLayout<T>.size)
    for v in values { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
    return out
  }
}
