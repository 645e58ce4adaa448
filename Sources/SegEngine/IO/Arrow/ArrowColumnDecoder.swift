/// Decodes one column of an Arrow record batch from its buffers, each read checked to lie
/// inside them.
struct ArrowColumnDecoder {
  let field: ArrowField
  let rows: Int
  let nullCount: Int
  /// The column's buffers in IPC order: validity, then offsets and values.
  let buffers: [ArraySlice<UInt8>]

  func values() throws -> [Scalar] {
    if case .null = field.type { return Array(repeating: .missing, count: rows) }
    let valid = try validity()
    var out = [Scalar]()
    out.reserveCapacity(rows)
    let data = buffers[buffers.count - 1]
    for row in 0..<rows {
      guard valid?[row] ?? true else {
        out.append(.missing)
        continue
      }
      out.append(try value(row, data))
    }
    return out
  }

  private func value(_ row: Int, _ data: ArraySlice<UInt8>) throws -> Scalar {
    switch field.type {
    case .null: return .missing
    case .int(let bits, let signed):
      let raw = try word(data, row, bytes: bits / 8)
      if signed {
        let shift = UInt64(64 - bits)
        return .int(Int(Int64(bitPattern: raw << shift) >> Int64(shift)))
      }
      guard raw <= UInt64(Int.max) else { throw malformed("row \(row + 1) holds \(raw), past seg's largest whole number") }
      return .int(Int(raw))
    case .floatingPoint(let precision):
      let v = precision == 2 ? Double(bitPattern: try word(data, row, bytes: 8)) : Double(Float(bitPattern: UInt32(try word(data, row, bytes: 4))))
      return v.isNaN ? .missing : .double(v)
    case .bool: return .bool(try bit(data, row))
    case .date(let milliseconds):
      if milliseconds { return .date(Self.floorDivide(Int64(bitPattern: try word(data, row, bytes: 8)), 86_400_000)) }
      return .date(Int(Int32(truncatingIfNeeded: try word(data, row, bytes: 4))))
    case .timestamp(let unitsPerSecond):
      return .datetime(Self.floorDivide(Int64(bitPattern: try word(data, row, bytes: 8)), unitsPerSecond))
    case .decimal(let scale, _):
      let low = try word(data, 2 * row, bytes: 8), high = Int64(bitPattern: try word(data, 2 * row + 1, bytes: 8))
      // Exact when the value fits 64 bits (nearly always), so the division rounds once.
      let fits = (high == 0 && low >> 63 == 0) || (high == -1 && low >> 63 == 1)
      let unscaled = fits ? Double(Int64(bitPattern: low)) : Double(high) * 18_446_744_073_709_551_616 + Double(low)
      return .double(unscaled / Self.powerOfTen(scale))
    case .utf8(let large):
      let offsets = buffers[1], width = large ? 8 : 4
      let start = try signedOffset(offsets, row, width), end = try signedOffset(offsets, row + 1, width)
      guard start >= 0, start <= end, end <= data.count else { throw malformed("text of row \(row + 1) lies outside its buffer") }
      return .string(String(decoding: data[data.startIndex + start..<data.startIndex + end], as: UTF8.self))
    }
  }

  private func validity() throws -> [Bool]? {
    guard nullCount > 0, let bits = buffers.first, !bits.isEmpty else { return nil }
    guard bits.count * 8 >= rows else { throw malformed("the validity of column \"\(field.name)\" is shorter than the batch") }
    return (0..<rows).map { bits[bits.startIndex + $0 >> 3] >> UInt8($0 & 7) & 1 == 1 }
  }

  private func bit(_ data: ArraySlice<UInt8>, _ row: Int) throws -> Bool {
    guard row >> 3 < data.count else { throw malformed("column \"\(field.name)\" is shorter than the batch") }
    return data[data.startIndex + row >> 3] >> UInt8(row & 7) & 1 == 1
  }

  /// The `index`-th little-endian value of `bytes` bytes.
  private func word(_ data: ArraySlice<UInt8>, _ index: Int, bytes: Int) throws -> UInt64 {
    let start = index * bytes
    guard start + bytes <= data.count else { throw malformed("column \"\(field.name)\" is shorter than the batch") }
    var v: UInt64 = 0
    for k in 0..<bytes { v |= UInt64(data[data.startIndex + start + k]) << (8 * UInt64(k)) }
    return v
  }

  private func signedOffset(_ data: ArraySlice<UInt8>, _ index: Int, _ width: Int) throws -> Int {
    let raw = try word(data, index, bytes: width)
    return width == 4 ? Int(Int32(truncatingIfNeeded: raw)) : Int(Int64(bitPattern: raw))
  }

  private static func floorDivide(_ a: Int64, _ b: Int64) -> Int {
    let (q, r) = a.quotientAndRemainder(dividingBy: b)
    return Int(r < 0 ? q - 1 : q)
  }

  private static func powerOfTen(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

  private func malformed(_ reason: String) -> EngineError { FlatBufferTable.malformed(reason) }
}
