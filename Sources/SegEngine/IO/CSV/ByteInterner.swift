/// Assigns dense codes to distinct byte strings (for dictionary-encoding text columns)
/// without creating a Swift String per field.
struct ByteInterner {
  private var slots: [Int32]
  private var mask: Int
  private(set) var arena: [UInt8] = []
  private(set) var offsets: [Int] = [0]
  private var hashes: [UInt64] = []

  init(capacity: Int = 64) {
    var size = 64
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: -1, count: size)
    mask = size - 1
  }

  var count: Int { hashes.count }

  func bytes(of code: Int) -> ArraySlice<UInt8> { arena[offsets[code]..<offsets[code + 1]] }

  @inline(__always)
  static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(p.count)
    var i = 0
    let raw = UnsafeRawBufferPointer(p)
    while i + 8 <= p.count {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < p.count {
      tail |= UInt64(p[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
  }

  /// The code of these bytes, adding them if new.
  @inline(__always)
  mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
    let h = Self.hash(p)
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let code = slots[slot]
      if code < 0 { break }
      let c = Int(code)
      if hashes[c] == h && offsets[c + 1] - offsets[c] == p.count {
        let same = arena.withUnsafeBufferPointer { a in Self.equal(a.baseAddress! + offsets[c], p) }
        if same { return code }
      }
      slot = (slot + 1) & mask
    }
    let code = Int32(hashes.count)
    slots[slot] = code
    hashes.append(h)
    arena.append(contentsOf: p)
    offsets.append(arena.count)
    if hashes.count * 2 > slots.count { grow() }
    return code
  }

  /// Byte equality; short strings (the usual category) compare inline, without a call.
  @inline(__always)
  private static func equal(_ a: UnsafePointer<UInt8>, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = p.count
    if n > 16 { return memcmp(a, p.baseAddress!, n) == 0 }
    for k in 0..<n where a[k] != p[k] { return false }
    return true
  }

  private mutating func grow() {
    slots = Array(repeating: -1, count: slots.count * 2)
    mask = slots.count - 1
    for (c, h) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: h) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(c)
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
