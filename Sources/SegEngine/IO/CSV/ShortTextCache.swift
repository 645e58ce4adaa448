/// A small direct-mapped cache from short texts (up to 15 bytes, packed with their length
/// into two words) to their codes: category columns mostly hit it and skip hashing.
final class ShortTextCache {
  private static let slots = 1024
  private let keys = UnsafeMutablePointer<Key>.allocate(capacity: slots)
  private let codes = UnsafeMutablePointer<Int32>.allocate(capacity: slots)

  struct Key: Equatable {
    var low: UInt64
    /// Bytes 8 to 14, the length and a set top bit (so no key is all zeros).
    var high: UInt64
  }

  init() {
    keys.initialize(repeating: Key(low: 0, high: 0), count: Self.slots)
    codes.initialize(repeating: -1, count: Self.slots)
  }

  deinit {
    keys.deallocate()
    codes.deallocate()
  }

  /// The packed key of `b[s..<e]`, or nil when the text is longer than 15 bytes.
  @inline(__always)
  static func key(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Key? {
    let n = e - s
    guard n <= 15 else { return nil }
    var low: UInt64 = 0
    var high: UInt64 = 0
    if s + 16 <= b.count {
      // Masks by shifts, not branches: text lengths in a column vary unpredictably.
      let raw = UnsafeRawPointer(b.baseAddress! + s)
      low = raw.loadUnaligned(as: UInt64.self) & (UInt64.max >> UInt64(64 - 8 * min(n, 8)))
      high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & (UInt64.max >> UInt64(64 - 8 * max(n - 8, 0)))
    } else {
      for k in 0..<n {
        if k < 8 { low |= UInt64(b[s + k]) << UInt64(8 * k) } else { high |= UInt64(b[s + k]) << UInt64(8 * (k - 8)) }
      }
    }
    return Key(low: low, high: high | UInt64(n) << 56 | 1 << 63)
  }

  /// Two neighbouring slots (a pair) may hold a key, so that two texts whose slots collide
  /// do not keep evicting each other.
  @inline(__always)
  private static func slot(_ key: Key) -> Int {
    var h = key.low &* 0x9E37_79B9_7F4A_7C15 ^ key.high &* 0xC2B2_AE3D_27D4_EB4F
    h ^= h >> 32
    return Int(truncatingIfNeeded: h) & (slots - 2)
  }

  @inline(__always)
  func code(of key: Key) -> Int32? {
    let slot = Self.slot(key)
    if keys[slot] == key { return codes[slot] }
    return keys[slot + 1] == key ? codes[slot + 1] : nil
  }

  @inline(__always)
  func remember(_ key: Key, code: Int32) {
    let slot = Self.slot(key)
    let way = keys[slot].high == 0 ? slot : slot + 1
    keys[way] = key
    codes[way] = code
  }
}
