/// Dictionary-encodes text fields in order of first appearance: short texts through a small
/// cache, the rest through a hash table, and doubled quotes undone.
struct TextCodes {
  private(set) var interner = ByteInterner(capacity: 256)
  private let cache = ShortTextCache()
  private var scratch: [UInt8] = []

  init() {}

  /// Codes that start with these texts, numbered in this order.
  init(levels: [[UInt8]]) {
    for level in levels { _ = level.withUnsafeBufferPointer { interner.intern($0) } }
  }

  /// The code of the field `bytes[s..<e]`; `escaped` when it holds doubled quotes.
  @inline(__always)
  mutating func code(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, escaped: Bool) -> Int32 {
    if escaped {
      scratch.removeAll(keepingCapacity: true)
      var k = s
      while k < e {
        scratch.append(bytes[k])
        k += bytes[k] == CSVTokenizer.quote ? 2 : 1
      }
      return scratch.withUnsafeBufferPointer { interner.intern($0) }
    }
    let key = ShortTextCache.key(bytes, s, e)
    if let key, let code = cache.code(of: key) { return code }
    let code = interner.intern(UnsafeBufferPointer(rebasing: bytes[s..<e]))
    if let key { cache.remember(key, code: code) }
    return code
  }
}
