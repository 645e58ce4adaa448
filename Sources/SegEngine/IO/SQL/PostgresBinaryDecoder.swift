import Foundation

/// Decodes one PostgreSQL type's binary COPY form into seg's values; nil for a type seg does
/// not read (the reader asks for a cast).
enum PostgresBinaryDecoder: Equatable {
  case bool, int2, int4, int8, float4, float8, numeric, text, date, timestamp, timestamptz

  /// Days and seconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
  static let epochDays = 10_957
  static let epochSeconds = 946_684_800

  init?(oid: UInt32) {
    switch oid {
    case 16: self = .bool
    case 21: self = .int2
    case 23, 26: self = .int4  // int4, oid
    case 20: self = .int8
    case 700: self = .float4
    case 701: self = .float8
    case 1700: self = .numeric
    case 25, 1043, 1042, 19, 18: self = .text  // text, varchar, char(n), name, "char"
    case 1082: self = .date
    case 1114: self = .timestamp
    case 1184: self = .timestamptz
    default: return nil
    }
  }

  func decode(_ b: UnsafeBufferPointer<UInt8>, column: String, row: Int, target: String) throws -> Scalar {
    func need(_ n: Int) throws {
      guard b.count == n else { throw EngineError.io(path: target, reason: "row \(row + 1), column \(column): \(b.count) bytes where \(n) were expected") }
    }
    switch self {
    case .bool: try need(1); return .bool(b[0] != 0)
    case .int2: try need(2); return .int(Int(BigEndian.int16(b, 0)))
    case .int4: try need(4); return .int(Int(BigEndian.int32(b, 0)))
    case .int8: try need(8); return .int(Int(BigEndian.int64(b, 0)))
    case .float4:
      try need(4)
      // The float's shortest decimal, as the server prints it and clients such as psycopg read it.
      let f = Float(bitPattern: UInt32(bitPattern: BigEndian.int32(b, 0)))
      return f.isFinite ? .double(Double(f.description) ?? Double(f)) : .missing
    case .float8:
      try need(8)
      let d = Double(bitPattern: UInt64(bitPattern: BigEndian.int64(b, 0)))
      return d.isFinite ? .double(d) : .missing
    case .numeric: return try numeric(b, column: column, row: row, target: target)
    case .text: return .string(String(decoding: b, as: UTF8.self))
    case .date:
      try need(4)
      let days = BigEndian.int32(b, 0)
      guard days != Int32.max && days != Int32.min else { throw infinite(column, row, target) }
      return .date(Int(days) + Self.epochDays)
    case .timestamp, .timestamptz:
      try need(8)
      let micros = BigEndian.int64(b, 0)
      guard micros != Int64.max && micros != Int64.min else { throw infinite(column, row, target) }
      // Whole seconds, rounded down as seg drops fractions of a second everywhere.
      let (q, r) = micros.quotientAndRemainder(dividingBy: 1_000_000)
      return .datetime(Int(q) - (r < 0 ? 1 : 0) + Self.epochSeconds)
    }
  }

  private func infinite(_ column: String, _ row: Int, _ target: String) -> EngineError {
    .io(path: target, reason: "row \(row + 1), column \(column): an infinite date; filter it out in where, or cast it in query=")
  }

  /// NUMERIC's base-10000 digits, written as a decimal and read as the nearest double.
  private func numeric(_ b: UnsafeBufferPointer<UInt8>, column: String, row: Int, target: String) throws -> Scalar {
    guard b.count >= 8 else { throw EngineError.io(path: target, reason: "row \(row + 1), column \(column): a cut NUMERIC value") }
    let ndigits = Int(BigEndian.int16(b, 0))
    let weight = Int(BigEndian.int16(b, 2))
    let sign = UInt16(bitPattern: BigEndian.int16(b, 4))
    guard sign != 0xC000, sign != 0xD000, sign != 0xF000 else { return .missing }  // NaN, ±Infinity
    guard ndigits >= 0, b.count == 8 + 2 * ndigits else { throw EngineError.io(path: target, reason: "row \(row + 1), column \(column): a malformed NUMERIC value") }
    guard ndigits > 0 else { return .double(0) }
    var text = sign == 0x4000 ? "-" : ""
    for k in 0..<ndigits {
      let d = Int(BigEndian.int16(b, 8 + 2 * k))
      let part = String(d)
      text += k == 0 ? part : String(repeating: "0", count: 4 - part.count) + part
    }
    // The first group's value is 10000^weight; the rest follow it.
    text += "e\(4 * (weight - ndigits + 1))"
    return .double(Double(text) ?? .nan)
  }
}
