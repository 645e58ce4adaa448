/// A bit per row saying whether the value is present; missing values never use magic numbers.
public struct ValidityMask: Sendable, Equatable {
  private(set) var words: [UInt64]
  public let count: Int

  /// A mask with every row present.
  public init(allValid count: Int) {
    self.count = count
    words = Array(repeating: ~0, count: (count + 63) / 64)
  }

  public init(_ flags: [Bool]) {
    count = flags.count
    // Eight flags (bytes of 0 or 1) at a time: one multiplication gathers their low bits
    // into the top byte, first flag lowest.
    words = flags.withUnsafeBufferPointer { f in
      let raw = UnsafeRawPointer(f.baseAddress)
      return (0..<((f.count + 63) / 64)).map { w in
        var word: UInt64 = 0
        let start = w * 64
        if start + 64 <= f.count, let raw {
          for byte in 0..<8 {
            let eight = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + byte * 8, as: UInt64.self))
            word |= ((eight &* 0x0102_0408_1020_4080) >> 56) << UInt64(byte * 8)
          }
        } else {
          for b in 0..<(f.count - start) where f[start + b] { word |= 1 << UInt64(b) }
        }
        return word
      }
    }
  }

  @inline(__always)
  public subscript(i: Int) -> Bool {
    get { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
    set {
      if newValue { words[i >> 6] |= 1 << UInt64(i & 63) } else {
        words[i >> 6] &= ~(1 << UInt64(i & 63))
      }
    }
  }

  /// Number of missing rows.
  public var missingCount: Int {
    var present = 0
    let full = count / 64
    for w in 0..<full { present += words[w].nonzeroBitCount }
    for i in (full * 64)..<count where self[i] { present += 1 }
    return count - present
  }

  /// The rows at `indices`, in that order.
  func gather(_ indices: [Int]) -> ValidityMask {
    var out = ValidityMask(allValid: indices.count)
    for (j, i) in indices.enumerated() where !self[i] { out[j] = false }
    return out
  }
}
