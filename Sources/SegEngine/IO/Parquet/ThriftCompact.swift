/// A value of Thrift's compact protocol, the encoding of Parquet's metadata: read whole
/// into a tree (structs by field id), then picked apart by `ParquetMetadata`.
indirect enum ThriftValue {
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case binary([UInt8])
  case list([ThriftValue])
  case map([(ThriftValue, ThriftValue)])
  case structure([Int16: ThriftValue])

  var int: Int? { if case .int(let v) = self { return Int(v) } else { return nil } }
  var bool: Bool? { if case .bool(let v) = self { return v } else { return nil } }
  var string: String? { if case .binary(let b) = self { return String(decoding: b, as: UTF8.self) } else { return nil } }
  var list: [ThriftValue]? { if case .list(let v) = self { return v } else { return nil } }
  var fields: [Int16: ThriftValue]? { if case .structure(let v) = self { return v } else { return nil } }
}

/// Reads compact-protocol structs from untrusted bytes: every length is checked against
/// the bytes left and nesting is bounded, so a hostile file gives an error, never a trap.
struct ThriftReader {
  enum Failure: Error { case malformed(String) }

  let bytes: UnsafeBufferPointer<UInt8>
  private(set) var position: Int
  private let end: Int
  private static let maxDepth = 32

  init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
    self.bytes = bytes
    position = start
    self.end = min(end ?? bytes.count, bytes.count)
  }

  mutating func readStruct() throws -> [Int16: ThriftValue] { try structure(depth: 0) }

  private mutating func byte() throws -> UInt8 {
    guard position < end else { throw Failure.malformed("the metadata ends early") }
    defer { position += 1 }
    return bytes[position]
  }

  private mutating func varint() throws -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let b = try byte()
      guard shift < 64 else { throw Failure.malformed("a number is too long") }
      result |= UInt64(b & 0x7F) << shift
      if b & 0x80 == 0 { return result }
      shift += 7
    }
  }

  private mutating func zigzag() throws -> Int64 {
    let v = try varint()
    return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
  }

  private mutating func structure(depth: Int) throws -> [Int16: ThriftValue] {
    guard depth < Self.maxDepth else { throw Failure.malformed("the metadata nests too deeply") }
    var fields: [Int16: ThriftValue] = [:]
    var last: Int16 = 0
    while true {
      let header = try byte()
      if header == 0 { return fields }
      let type = header & 0x0F
      let delta = Int16(header >> 4)
      let id: Int16
      if delta == 0 {
        let raw = try zigzag()
        guard let v = Int16(exactly: raw) else { throw Failure.malformed("a field id out of range") }
        id = v
      } else {
        let (sum, overflow) = last.addingReportingOverflow(delta)
        guard !overflow else { throw Failure.malformed("a field id out of range") }
        id = sum
      }
      last = id
      fields[id] = try value(type: type, depth: depth + 1)
    }
  }

  private mutating func value(type: UInt8, depth: Int) throws -> ThriftValue {
    switch type {
    case 1: return .bool(true)
    case 2: return .bool(false)
    case 3: return .int(Int64(Int8(bitPattern: try byte())))
    case 4, 5, 6: return .int(try zigzag())
    case 7:
      guard end - position >= 8 else { throw Failure.malformed("a double is cut") }
      var bits: UInt64 = 0
      for k in 0..<8 { bits |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
      position += 8
      return .double(Double(bitPattern: bits))
    case 8:
      let n = try varint()
      guard n <= UInt64(end - position) else { throw Failure.malformed("a string runs past the metadata") }
      defer { position += Int(n) }
      return .binary(Array(bytes[position..<(position + Int(n))]))
    case 9, 10:
      guard depth < Self.maxDepth else { throw Failure.malformed("the metadata nests too deeply") }
      let header = try byte()
      var count = UInt64(header >> 4)
      if count == 15 { count = try varint() }
      // Every element takes at least one byte, except booleans in a list (which take one each too).
      guard count <= UInt64(end - position) else { throw Failure.malformed("a list longer than the metadata") }
      let elementType = header & 0x0F
      var items: [ThriftValue] = []
      items.reserveCapacity(Int(count))
      for _ in 0..<count {
        if elementType == 1 || elementType == 2 {
          items.append(.bool(try byte() == 1))
        } else {
          items.append(try value(type: elementType, depth: depth + 1))
        }
      }
      return .list(items)
    case 11:
      guard depth < Self.maxDepth else { throw Failure.malformed("the metadata nests too deeply") }
      let count = try varint()
      guard count <= UInt64(end - position) else { throw Failure.malformed("a map longer than the metadata") }
      if count == 0 { return .map([]) }
      let types = try byte()
      var pairs: [(ThriftValue, ThriftValue)] = []
      for _ in 0..<count {
        pairs.append((try value(type: types >> 4, depth: depth + 1), try value(type: types & 0x0F, depth: depth + 1)))
      }
      return .map(pairs)
    case 12: return .structure(try structure(depth: depth))
    default: throw Failure.malformed("an unknown field type \(type)")
    }
  }
}

/// Writes compact-protocol structs: the metadata and page headers of files seg writes.
struct ThriftWriter {
  private(set) var bytes: [UInt8] = []
  private var lastField: [Int16] = [0]

  mutating func varint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  private mutating func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

  private mutating func fieldHeader(_ id: Int16, _ type: UInt8) {
    let delta = id - lastField[lastField.count - 1]
    if delta > 0 && delta <= 15 {
      bytes.append(UInt8(delta) << 4 | type)
    } else {
      bytes.append(type)
      zigzag(Int64(id))
    }
    lastField[lastField.count - 1] = id
  }

  mutating func bool(_ id: Int16, _ v: Bool) { fieldHeader(id, v ? 1 : 2) }
  mutating func i32(_ id: Int16, _ v: Int) { fieldHeader(id, 5); zigzag(Int64(v)) }
  mutating func i64(_ id: Int16, _ v: Int) { fieldHeader(id, 6); zigzag(Int64(v)) }
  mutating func string(_ id: Int16, _ v: String) {
    fieldHeader(id, 8)
    varint(UInt64(v.utf8.count))
    bytes += v.utf8
  }

  /// A field holding a struct whose fields `body` writes.
  mutating func structure(_ id: Int16, _ body: (inout ThriftWriter) -> Void) {
    fieldHeader(id, 12)
    lastField.append(0)
    body(&self)
    stop()
  }

  /// A list of i32 (type 5), strings (8) or structs (12); `element` writes each.
  mutating func list<T>(_ id: Int16, elementType: UInt8, _ items: [T], _ element: (inout ThriftWriter, T) -> Void) {
    fieldHeader(id, 9)
    if items.count < 15 {
      bytes.append(UInt8(items.count) << 4 | elementType)
    } else {
      bytes.append(0xF0 | elementType)
      varint(UInt64(items.count))
    }
    for item in items {
      if elementType == 12 {
        lastField.append(0)
        element(&self, item)
        stop()
      } else {
        element(&self, item)
      }
    }
  }

  /// Elements of a list, written without field headers.
  mutating func element(i32 v: Int) { zigzag(Int64(v)) }
  mutating func element(string v: String) {
    varint(UInt64(v.utf8.count))
    bytes += v.utf8
  }

  /// Ends the struct being written.
  mutating func stop() {
    bytes.append(0)
    if lastField.count > 1 { lastField.removeLast() }
  }
}
