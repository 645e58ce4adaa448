/// Writes one FlatBuffers message (the encoding of Arrow's IPC metadata) front to back: a
/// table is laid out with its vtable just before it, and what it points to (strings, vectors,
/// child tables) after it, so every offset points forward as the format wants.
struct FlatBufferBuilder {
  /// A value in a table's slot.
  indirect enum Value {
    case uint8(UInt8), bool(Bool), int16(Int16), int32(Int32), int64(Int64)
    case string(String)
    case table([Int: Value])
    case tables([[Int: Value]])
    /// A vector of structs of whole 64-bit numbers (Arrow's FieldNode and Buffer).
    case int64Structs([[Int64]])
  }

  private(set) var bytes: [UInt8] = [0, 0, 0, 0]

  /// The message whose root table has these slots.
  static func message(_ root: [Int: Value]) -> [UInt8] {
    var builder = FlatBufferBuilder()
    let at = builder.table(root)
    builder.patch(0, to: at)
    return builder.bytes
  }

  /// Writes a table (and then what it points to); where the table starts.
  private mutating func table(_ slots: [Int: Value]) -> Int {
    let count = (slots.keys.max() ?? -1) + 1
    // Inline fields, widest first so each is aligned once the table start is aligned to 8.
    let inline = slots.sorted { (width($0.value), $1.key) > (width($1.value), $0.key) }
    var layout: [(slot: Int, offset: Int)] = []
    var size = 4
    for (slot, value) in inline {
      let w = width(value)
      size = (size + w - 1) / w * w
      layout.append((slot, size))
      size += w
    }
    let vtableSize = 4 + 2 * count
    // The vtable, then the table at the next multiple of 8.
    let vtable = bytes.count
    var tableStart = vtable + vtableSize
    tableStart = (tableStart + 7) / 8 * 8
    var entries = [UInt16](repeating: 0, count: count)
    for (slot, offset) in layout { entries[slot] = UInt16(offset) }
    append16(UInt16(vtableSize))
    append16(UInt16(size))
    for e in entries { append16(e) }
    pad(to: tableStart)
    append32(UInt32(bitPattern: Int32(tableStart - vtable)))
    bytes += [UInt8](repeating: 0, count: size - 4)
    var pointers: [(at: Int, value: Value)] = []
    for (slot, offset) in layout {
      let at = tableStart + offset
      switch slots[slot]! {
      case .uint8(let v): bytes[at] = v
      case .bool(let v): bytes[at] = v ? 1 : 0
      case .int16(let v): put(UInt64(UInt16(bitPattern: v)), at: at, width: 2)
      case .int32(let v): put(UInt64(UInt32(bitPattern: v)), at: at, width: 4)
      case .int64(let v): put(UInt64(bitPattern: v), at: at, width: 8)
      case let other: pointers.append((at, other))
      }
    }
    for (at, value) in pointers { patch(at, to: pointee(value)) }
    return tableStart
  }

  /// Writes what an offset field points to; where it starts.
  private mutating func pointee(_ value: Value) -> Int {
    switch value {
    case .string(let s):
      pad(to: (bytes.count + 3) / 4 * 4)
      let start = bytes.count
      let utf8 = Array(s.utf8)
      append32(UInt32(utf8.count))
      bytes += utf8 + [0]
      return start
    case .table(let slots): return table(slots)
    case .tables(let tables):
      pad(to: (bytes.count + 3) / 4 * 4)
      let start = bytes.count
      append32(UInt32(tables.count))
      let entries = bytes.count
      bytes += [UInt8](repeating: 0, count: 4 * tables.count)
      for (i, t) in tables.enumerated() { patch(entries + 4 * i, to: table(t)) }
      return start
    case .int64Structs(let structs):
      // The elements start at a multiple of 8, so the length just before sits at 4 past one.
      pad(to: (bytes.count + 3) / 8 * 8 + 4)
      let start = bytes.count
      append32(UInt32(structs.count))
      for s in structs { for v in s { bytes.append(contentsOf: withUnsafeBytes(of: v.littleEndian, Array.init)) } }
      return start
    default: preconditionFailure("an inline value is not pointed to")
    }
  }

  private func width(_ value: Value) -> Int {
    switch value {
    case .uint8, .bool: 1
    case .int16: 2
    case .int64: 8
    default: 4  // int32 and offsets
    }
  }

  private mutating func patch(_ at: Int, to target: Int) { put(UInt64(target - at), at: at, width: 4) }

  private mutating func put(_ v: UInt64, at: Int, width: Int) {
    for i in 0..<width { bytes[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) }
  }

  private mutating func append16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
  private mutating func append32(_ v: UInt32) { bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
  private mutating func pad(to position: Int) { if position > bytes.count { bytes += [UInt8](repeating: 0, count: position - bytes.count) } }
}
