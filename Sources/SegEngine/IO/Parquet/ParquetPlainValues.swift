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

  @inline(__always)
  private func le<T: FixedWidthInteger>(_ at: Int, as: T.Type) -> T {
    T(littleEndian: UnsafeRawPointer(bytes.baseAddress! + at).loadUnaligned(as: T.self))
  }

  /// Fills `out` with values of width `width` read by `value(offset)` (checked first);
  /// the caller moves past them.
  @inline(__always)
  private func read<T>(width: Int, into out: UnsafeMutableBufferPointer<T>, _ value: (Int) throws -> T) throws {
    try need(out.count, width)
    for k in 0..<out.count { out[k] = try value(i + width * k) }
  }

  /// Fills `out`, as every reader here: one value per slot, from where the last read ended.
  mutating func readBools(into out: UnsafeMutableBufferPointer<Bool>) throws {
    let count = out.count
    guard (count + 7) / 8 <= bytes.count - i else { throw cut() }
    let base = i
    i += (count + 7) / 8
    for k in 0..<count { out[k] = bytes[base + k >> 3] >> UInt8(k & 7) & 1 == 1 }
  }

  /// Whole numbers, dates (days), timestamps (seconds) and INT96 times.
  mutating func readInts(into out: UnsafeMutableBufferPointer<Int>) throws {
    let count = out.count
    switch (column.type, column.meaning) {
    case (.int32, .integer(let bits, false)) where bits <= 32:
      try read(width: 4, into: out) { Int(le($0, as: UInt32.self)) }
    case (.int32, _):
      try read(width: 4, into: out) { Int(le($0, as: Int32.self)) }
    case (.int64, .timestamp(let perSecond)):
      try read(width: 8, into: out) { at in
        let (q, r) = le(at, as: Int64.self).quotientAndRemainder(dividingBy: perSecond)
        return Int(q) - (r < 0 ? 1 : 0)
      }
    case (.int64, .integer(64, false)):
      try read(width: 8, into: out) { at in
        let v = le(at, as: UInt64.self)
        guard let x = Int(exactly: v) else { throw Parquet.Malformed(reason: "column \(column.name) holds \(v), beyond the largest whole number seg keeps") }
        return x
      }
    case (.int64, _):
      try read(width: 8, into: out) { Int(le($0, as: Int64.self)) }
    case (.int96, _):
      // Nanoseconds of the day, then the Julian day: Spark's and Impala's old timestamps.
      try read(width: 12, into: out) { at in
        let (q, r) = le(at, as: Int64.self).quotientAndRemainder(dividingBy: 1_000_000_000)
        return (Int(le(at + 8, as: Int32.self)) - 2_440_588) * 86_400 + Int(q) - (r < 0 ? 1 : 0)
      }
    default:
      throw Parquet.Malformed(reason: "column \(column.name) is \(column.type), not whole numbers")
    }
    i += count * (column.type == .int32 ? 4 : column.type == .int96 ? 12 : 8)
  }

  mutating func readDoubles(into out: UnsafeMutableBufferPointer<Double>) throws {
    let count = out.count
    if case .decimal(let scale) = column.meaning {
      _ = out.update(fromContentsOf: try decimals(count, scale: scale))
      return
    }
    switch column.type {
    case .double: try read(width: 8, into: out) { Double(bitPattern: le($0, as: UInt64.self)) }
    case .float: try read(width: 4, into: out) { Double(Float(bitPattern: le($0, as: UInt32.self))) }
    default: throw Parquet.Malformed(reason: "column \(column.name) is \(column.type), not decimals")
    }
    i += count * (column.type == .double ? 8 : 4)
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
