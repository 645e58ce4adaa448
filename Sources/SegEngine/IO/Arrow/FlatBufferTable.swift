/// A table of a FlatBuffers message (the encoding of Arrow's IPC metadata), read with every
/// offset checked against the buffer, since the bytes come from a file or a server.
struct FlatBufferTable {
  let bytes: [UInt8]
  /// Where the table starts in `bytes`.
  let position: Int
  private let vtable: Int
  private let vtableSize: Int

  /// The root table of a buffer that holds one FlatBuffers message.
  init(root bytes: [UInt8]) throws {
    try self.init(bytes: bytes, at: try Self.offsetTarget(bytes, at: 0))
  }

  private init(bytes: [UInt8], at position: Int) throws {
    self.bytes = bytes
    self.position = position
    let vtable = position - Int(try Self.int32(bytes, at: position))
    guard vtable >= 0, vtable + 4 <= bytes.count else { throw Self.malformed("a table's layout lies outside the message") }
    self.vtable = vtable
    vtableSize = Int(try Self.uint16(bytes, at: vtable))
    guard vtableSize >= 4, vtable + vtableSize <= bytes.count else { throw Self.malformed("a table's layout lies outside the message") }
  }

  /// Where field `slot` is stored, or nil when it is absent (it then has its default).
  private func fieldPosition(_ slot: Int) throws -> Int? {
    let entry = 4 + 2 * slot
    guard entry + 2 <= vtableSize else { return nil }
    let offset = Int(try Self.uint16(bytes, at: vtable + entry))
    return offset == 0 ? nil : position + offset
  }

  func int64(_ slot: Int, default value: Int64 = 0) throws -> Int64 {
    guard let at = try fieldPosition(slot) else { return value }
    return try Self.int64(bytes, at: at)
  }

  func int32(_ slot: Int, default value: Int32 = 0) throws -> Int32 {
    guard let at = try fieldPosition(slot) else { return value }
    return try Self.int32(bytes, at: at)
  }

  func int16(_ slot: Int, default value: Int16 = 0) throws -> Int16 {
    guard let at = try fieldPosition(slot) else { return value }
    return Int16(bitPattern: try Self.uint16(bytes, at: at))
  }

  func uint8(_ slot: Int, default value: UInt8 = 0) throws -> UInt8 {
    guard let at = try fieldPosition(slot) else { return value }
    guard at < bytes.count else { throw Self.malformed("a field lies outside the message") }
    return bytes[at]
  }

  func bool(_ slot: Int, default value: Bool = false) throws -> Bool { try uint8(slot, default: value ? 1 : 0) != 0 }

  func table(_ slot: Int) throws -> FlatBufferTable? {
    guard let at = try fieldPosition(slot) else { return nil }
    return try FlatBufferTable(bytes: bytes, at: try Self.offsetTarget(bytes, at: at))
  }

  func string(_ slot: Int) throws -> String? {
    guard let (start, count) = try vector(slot, elementSize: 1) else { return nil }
    return String(decoding: bytes[start..<start + count], as: UTF8.self)
  }

  /// The tables of a vector field, in order.
  func tables(_ slot: Int) throws -> [FlatBufferTable] {
    guard let (start, count) = try vector(slot, elementSize: 4) else { return [] }
    return try (0..<count).map { try FlatBufferTable(bytes: bytes, at: try Self.offsetTarget(bytes, at: start + 4 * $0)) }
  }

  /// A vector of structs made of `int64` fields only (Arrow's FieldNode and Buffer).
  func int64Structs(_ slot: Int, fields: Int) throws -> [[Int64]] {
    guard let (start, count) = try vector(slot, elementSize: 8 * fields) else { return [] }
    return try (0..<count).map { i in try (0..<fields).map { try Self.int64(bytes, at: start + 8 * (i * fields + $0)) } }
  }

  /// The first element and the length of a vector field, checked to lie inside the buffer.
  private func vector(_ slot: Int, elementSize: Int) throws -> (Int, Int)? {
    guard let at = try fieldPosition(slot) else { return nil }
    let header = try Self.offsetTarget(bytes, at: at)
    let count = Int(try Self.uint32(bytes, at: header))
    let (size, overflow) = count.multipliedReportingOverflow(by: elementSize)
    guard !overflow, header + 4 + size <= bytes.count else { throw Self.malformed("a list lies outside the message") }
    return (header + 4, count)
  }

  private static func offsetTarget(_ bytes: [UInt8], at position: Int) throws -> Int {
    let target = position + Int(try uint32(bytes, at: position))
    guard target < bytes.count else { throw malformed("an offset points outside the message") }
    return target
  }

  static func uint16(_ b: [UInt8], at i: Int) throws -> UInt16 {
    guard i >= 0, i + 2 <= b.count else { throw malformed("a field lies outside the message") }
    return UInt16(b[i]) | UInt16(b[i + 1]) << 8
  }

  static func uint32(_ b: [UInt8], at i: Int) throws -> UInt32 {
    guard i >= 0, i + 4 <= b.count else { throw malformed("a field lies outside the message") }
    return (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[i + $1]) << (8 * $1) }
  }

  static func int32(_ b: [UInt8], at i: Int) throws -> Int32 { Int32(bitPattern: try uint32(b, at: i)) }

  static func int64(_ b: [UInt8], at i: Int) throws -> Int64 {
    guard i >= 0, i + 8 <= b.count else { throw malformed("a field lies outside the message") }
    return Int64(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[i + $1]) << (8 * $1) })
  }

  static func malformed(_ reason: String) -> EngineError { .unsupported("malformed Arrow data: \(reason)") }
}
