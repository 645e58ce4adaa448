/// The cells that mean "missing", prepared for fast comparison.
struct MissingTokens {
  let tokens: [[UInt8]]
  let matchQuoted: Bool
  let includesEmpty: Bool
  let longest: Int
  /// Bit b set when some token starts with byte b: most fields are ruled out by one test.
  let firstBytes: (UInt64, UInt64, UInt64, UInt64)

  init(_ strings: [String], matchQuoted: Bool) {
    tokens = strings.map { Array($0.utf8) }
    self.matchQuoted = matchQuoted
    includesEmpty = strings.contains("")
    longest = tokens.map(\.count).max() ?? 0
    var first: [UInt64] = [0, 0, 0, 0]
    for t in tokens where !t.isEmpty { first[Int(t[0]) >> 6] |= 1 << UInt64(t[0] & 63) }
    firstBytes = (first[0], first[1], first[2], first[3])
  }

  /// Whether some token reads as a number, bool or date (`na=-999`): then a field that
  /// parses may still be missing, and must be compared with the tokens first.
  func lookLikeValues(decimal: UInt8, dateFormat: DateParsing.Format?) -> Bool {
    tokens.contains { token in
      let room = token + Array(repeating: 0, count: 16)  // the parsers read 16 bytes at a time where they can
      return room.withUnsafeBufferPointer { b in
        let parse = FieldParsers(bytes: b, decimal: decimal, dateFormat: dateFormat)
        let n = token.count
        return n > 0
          && (parse.int(0, n) != nil || parse.double(0, n) != nil || parse.bool(0, n) != nil || parse.date(0, n) != nil
            || parse.datetime(0, n) != nil || parse.formatted(0, n) != nil)
      }
    }
  }

  /// Whether the field `bytes[s..<e]` is missing.
  @inline(__always)
  func isMissing(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, quoted: Bool) -> Bool {
    if quoted && !matchQuoted { return false }
    let len = e - s
    if len == 0 { return includesEmpty }
    guard len <= longest else { return false }
    let c = bytes[s]
    let word = c < 128 ? (c < 64 ? firstBytes.0 : firstBytes.1) : (c < 192 ? firstBytes.2 : firstBytes.3)
    if (word >> UInt64(c & 63)) & 1 == 0 { return false }
    for t in tokens where t.count == len {
      var same = true
      for k in 0..<len where bytes[s + k] != t[k] {
        same = false
        break
      }
      if same { return true }
    }
    return false
  }
}
