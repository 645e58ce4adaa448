import Foundation

/// Reads values in Parquet's PLAIN encoding (little-endian numbers, length-prefixed byte
/// arrays, bit-packed booleans) and gives them seg's meaning: dates as days, timestamps as
/// whole seconds, decimals as the nearest double.
struct ParquetPlainValues {
  let bytes: UnsafeBufferPointer<UInt8>
  let column: Parquet.SchemaColumn
  let kind: DataType
  private var i = 0

  init(bytes: UnsafeBufferPointer<UInt8>, column: Parquet.SchemaColumn, kind: DataType) {
    self.bytes = bytes
    self.column = column
    self.kind = kind
  }

  private func cut() -> Parquet.Malformed { Parquet.Malformed(reason: "column \(column.name)'s values run past their page") }

  private func need(_ count: Int, _ width: Int) throws {
    guard count >= 0, width == 0 || count <= (bytes.count - i) / width else { throw cut() }
  }

  private func le<T: FixedWidthInteger>(_ at: Int, as: T.Type) -> T {
    var v: T = 0
    for k in 0..<MemoryLayout<T>.size { v |= T(truncatingIfNeeded: bytes[at + k]) << (8 * k) }
    return v
  }

  mutating func bools(_ count: Int) throws -> [Bool] {
    guard count >= 0, (count + 7) / 8 <= bytes.count - i else { throw cut() }
    let base = i
    i += (count + 7) / 8
    return (0..<count).map { bytes[base + $0 / 8] >> UInt8($0 % 8) & 1 == 1 }
  }

  /// Whole numbers, dates (days), timestamps (seconds) and INT96 times.
  mutating func ints(_ count: Int) throws -> [Int] {
    switch column.type {
    case .int32:
      try need(count, 4)
      defer { i += 4 * count }
      let base = i
      if case .integer(let bits, false) = column.meaning, bits <= 32 {
        return (0..<count).map { Int(le(base + 4 * $0, as: UInt32.self)) }
      }
      return (0..<count).map { Int(le(base + 4 * $0, as: Int32.self)) }
    case .int64:
      try need(count, 8)
      defer { i += 8 * count }
      let base = i
      if case .timestamp(let perSecond) = column.meaning {
        return (0..<count).map { k in
          let v = le(base + 8 * k, as: Int64.self)
          let (q, r) = v.quotientAndRemainder(dividingBy: perSecond)
          return Int(q) - (r < 0 ? 1 : 0)
        }
      }
      if case .integer(64, false) = column.meaning {
        var out: [Int] = []
        out.reserveCapacity(count)
        for k in 0..<count {
          let v = le(base + 8 * k, as: UInt64.self)
          guard let x = Int(exactly: v) else { throw Parquet.Malformed(reason: "column \(column.name) holds \(v), beyond the largest whole number seg keeps") }
          out.append(x)
        }
        return out
      }
      return (0..<count).map { Int(le(base + 8 * $0, as: Int64.self)) }
    case .int96:
      // Nanoseconds of the day, then the Julian day: Spark's and Impala's old timestamps.
      try need(count, 12)
      defer { i += 12 * count }
      let base = i
      return (0..<count).map { k in
        let nanos = le(base + 12 * k, as: Int64.self)
        let julian = Int(le(base + 12 * k + 8, as: Int32.self))
        let (q, r) = nanos.quotientAndRemainder(dividingBy: 1_000_000_000)
        return (julian - 2_440_588) * 86_400 + Int(q) - (r < 0 ? 1 : 0)
      }
    default:
      throw Parquet.Malformed(reason: "column \(column.name) is \(column.type), not whole numbers")
    }
  }

  mutating func doubles(_ count: Int) throws -> [Double] {
    if case .decimal(let scale) = column.meaning { return try decimals(count, scale: scale) }
    switch column.type {
    case .double:
      try need(count, 8)
      defer { i += 8 * count }
      let base = i
      return (0..<count).map { Double(bitPattern: le(base + 8 * $0, as: UInt64.self)) }
    case .float:
      try need(count, 4)
      defer { i += 4 * count }
      let base = i
      return (0..<count).map { Double(Float(bitPattern: le(base + 4 * $0, as: UInt32.self))) }
    default:
      throw Parquet.Malformed(reason: "column \(column.name) is \(column.type), not decimals")
    }
  }

  /// DECIMAL: the unscaled integer (int32, int64, or big-endian two's complement bytes)
  /// over 10^scale, rounded once to the nearest double.
  private mutating func decimals(_ count: Int, scale: Int) throws -> [Double] {
    func value(_ unscaled: String) -> Double { Double("\(unscaled)e\(-scale)") ?? .nan }
    switch column.type {
    case .int32:
      try need(count, 4)
      defer { i += 4 * count }
      let base = i
      return (0..<count).map { value(String(le(base + 4 * $0, as: Int32.self))) }
    case .int64:
      try need(count, 8)
      defer { i += 8 * count }
      let base = i
      return (0..<count).map { value(String(le(base + 8 * $0, as: Int64.self))) }
    case .fixedLenByteArray, .byteArray:
      var out: [Double] = []
      out.reserveCapacity(count)
      for _ in 0..<count {
        let raw = try nextBytes()
        guard raw.count <= 16 else { throw Parquet.Malformed(reason: "column \(column.name) holds a decimal wider than 128 bits") }
        var magnitude = [UInt8](raw)
        let negative = (magnitude.first ?? 0) & 0x80 != 0
        if negative {
          // Two's complement: invert and add one for the magnitude.
          var carry = 1
          for k in stride(from: magnitude.count - 1, through: 0, by: -1) {
            let v = Int(~magnitude[k]) + carry
            magnitude[k] = UInt8(v & 0xFF)
            carry = v >> 8
          }
        }
        out.append(value((negative ? "-" : "") + Self.decimalDigits(magnitude)))
      }
      return out
    default:
      throw Parquet.Malformed(reason: "column \(column.name) is a decimal stored as \(column.type)")
    }
  }

  /// A big-endian unsigned integer of up to 16 bytes, in decimal.
  static func decimalDigits(_ bytes: [UInt8]) -> String {
    var value: UInt128 = 0
    for b in bytes { value = value << 8 | UInt128(b) }
    return String(value)
  }

  mutating func texts(_ count: Int) throws -> [String] {
    var out: [String] = []
    out.reserveCapacity(min(count, bytes.count / 4 + 1))
    for _ in 0..<count { out.append(String(decoding: try nextBytes(), as: UTF8.self)) }
    return out
  }

  private mutating func nextBytes() throws -> UnsafeBufferPointer<UInt8> {
    let length: Int
    if column.type == .fixedLenByteArray {
      length = column.typeLength
    } else {
      guard bytes.count - i >= 4 else { throw cut() }
      length = Int(le(i, as: UInt32.self))
      i += 4
    }
    guard length >= 0, length <= bytes.count - i else { throw cut() }
    defer { i += length }
    return UnsafeBufferPointer(rebasing: bytes[i..<(i + length)])
  }
}
