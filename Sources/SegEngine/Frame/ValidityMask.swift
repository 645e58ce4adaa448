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
    self.init(allValid: flags.count)
    for (i, f) in flags.enumerated() where !f { self[i] = false }
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
