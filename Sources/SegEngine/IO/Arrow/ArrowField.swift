/// One column of an Arrow schema: its name and the Arrow type seg reads it as.
struct ArrowField: Equatable {
  let name: String
  let type: ArrowType

  init(name: String, type: ArrowType) {
    self.name = name
    self.type = type
  }

  /// Reads a `Field` table of the schema message.
  init(_ table: FlatBufferTable) throws {
    name = try table.string(0) ?? ""
    type = try Self.type(table, name: name)
    guard type.isSupported else {
      throw EngineError.unsupported("column \"\(name)\" has an Arrow type seg does not read (\(type)); cast it to a number, text or date first")
    }
  }

  private static func type(_ field: FlatBufferTable, name: String) throws -> ArrowType {
    let table = try field.table(3)
    func t() throws -> FlatBufferTable {
      guard let table else { throw FlatBufferTable.malformed("column \"\(name)\" has no type") }
      return table
    }
    switch try field.uint8(2) {
    case 1: return .null
    case 2: return .int(bits: Int(try t().int32(0)), signed: try t().bool(1))
    case 3: return .floatingPoint(precision: Int(try t().int16(0)))
    case 5: return .utf8(large: false)
    case 20: return .utf8(large: true)
    case 6: return .bool
    case 7: return .decimal(scale: Int(try t().int32(1)), bits: Int(try t().int32(2, default: 128)))
    case 8: return .date(milliseconds: try t().int16(0, default: 1) == 1)
    case 10: return .timestamp(unitsPerSecond: try unitsPerSecond(try t().int16(0)))
    case let other:
      throw EngineError.unsupported("column \"\(name)\" has an Arrow type seg does not read (type \(other)); cast it to a number, text or date first")
    }
  }

  private static func unitsPerSecond(_ unit: Int16) throws -> Int64 {
    switch unit {
    case 0: 1
    case 1: 1_000
    case 2: 1_000_000
    case 3: 1_000_000_000
    default: throw FlatBufferTable.malformed("unknown time unit \(unit)")
    }
  }
}

/// The Arrow types seg reads, with what decoding them needs.
enum ArrowType: Equatable {
  case null
  case int(bits: Int, signed: Bool)
  /// 0 half, 1 single, 2 double precision.
  case floatingPoint(precision: Int)
  case utf8(large: Bool)
  case bool
  case decimal(scale: Int, bits: Int)
  /// Days (date32), or milliseconds (date64).
  case date(milliseconds: Bool)
  /// Time since the epoch, in UTC when the field names a zone.
  case timestamp(unitsPerSecond: Int64)

  var isSupported: Bool {
    switch self {
    case .int(let bits, _): [8, 16, 32, 64].contains(bits)
    case .floatingPoint(let precision): precision == 1 || precision == 2
    case .decimal(let scale, let bits): bits == 128 && (0...38).contains(scale)
    default: true
    }
  }

  /// Validity, offsets and values as Arrow's IPC format lays them out (a null column has none).
  var bufferCount: Int {
    switch self {
    case .null: 0
    case .utf8: 3
    default: 2
    }
  }

  /// The type of the seg column it becomes.
  var frameType: DataType {
    switch self {
    case .int: .int
    case .floatingPoint, .decimal, .null: .double
    case .utf8: .string
    case .bool: .bool
    case .date: .date
    case .timestamp: .datetime
    }
  }
}
