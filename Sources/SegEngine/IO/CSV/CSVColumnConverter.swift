/// Turns one column's raw fields into a typed column, inferring the narrowest type that
/// every present value fits: int, double, bool, date, datetime, then text.
struct CSVColumnConverter {
  let bytes: UnsafeBufferPointer<UInt8>
  let chunks: [CSVTokenizer.Chunk]
  let column: Int
  let rowCount: Int
  let naTokens: MissingTokens
  let decimal: UInt8
  let encoding: TextEncoding
  let dateFormat: DateParsing.Format?
  /// Maps a row index to its row number in the file (for error messages).
  let fileRow: (Int) -> Int
  let path: String

  /// Visits every field in row order: (row, start, end, quoted, escaped); stops on false.
  @inline(__always)
  func forEachField(_ body: (Int, Int, Int, Bool, Bool) throws -> Bool) rethrows {
    var row = 0
    for chunk in chunks {
      let table = chunk.fields
      for r in 0..<table.rows {
        let f = table.field(row: r, column: column)
        let ok = try body(row, f.start, f.end, f.flags & CSVTokenizer.quotedFlag != 0, f.flags & CSVTokenizer.escapedFlag != 0)
        if !ok { return }
        row += 1
      }
    }
  }

  @inline(__always)
  func isNA(_ s: Int, _ e: Int, quoted: Bool) -> Bool {
    if quoted && !naTokens.matchQuoted { return false }
    let len = e - s
    if len == 0 { return naTokens.includesEmpty }
    if len > naTokens.longest || !naTokens.firstBytes[Int(bytes[s])] { return false }
    for t in naTokens.tokens where t.count == len {
      var same = true
      for k in 0..<len where bytes[s + k] != t[k] {
        same = false
        break
      }
      if same { return true }
    }
    return false
  }


  /// The types a column may have, narrowest first.
  private enum Candidate: CaseIterable { case int, double, bool, formatted, date, datetime }

  func convert(name: String) throws -> Column {
    try CancellationToken.check()
    // A header without rows gives empty text columns.
    if rowCount == 0 { return Column(name: name, storage: .string(codes: [], levels: [])) }
    // Only types that fit the first present value are tried, so a text column costs no
    // wasted number buffers; each attempt also finds the missing values.
    var first: (Int, Int)? = nil
    forEachField { _, s, e, quoted, escaped in
      if isNA(s, e, quoted: quoted) { return true }
      first = escaped ? (s, s) : (s, e)
      return false
    }
    guard let (fs, fe) = first else { return try text(name: name) }  // all missing
    let int = { (s: Int, e: Int) in NumberParsing.parseInt(bytes, s, e) }
    let double = { (s: Int, e: Int) in NumberParsing.parseDouble(bytes, s, e, decimal: decimal) }
    let date = { (s: Int, e: Int) in DateParsing.parseISODate(UnsafeBufferPointer(rebasing: bytes[s..<e])) }
    let datetime = { (s: Int, e: Int) in DateParsing.parseISODateTime(UnsafeBufferPointer(rebasing: bytes[s..<e])) }
    let formatted = { (s: Int, e: Int) in dateFormat?.parse(UnsafeBufferPointer(rebasing: bytes[s..<e])) }
    for candidate in Candidate.allCases {
      switch candidate {
      case .int:
        if int(fs, fe) != nil, let (v, mask) = tryParse(zero: 0, int) { return Column(name: name, storage: .int(v), validity: mask) }
      case .double:
        if double(fs, fe) != nil, let (v, mask) = tryParse(zero: 0.0, double) {
          return Column(name: name, storage: .double(v), validity: mask)
        }
      case .bool:
        if parseBool(fs, fe) != nil, let (v, mask) = tryParse(zero: false, parseBool) {
          return Column(name: name, storage: .bool(v), validity: mask)
        }
      case .formatted:
        if let format = dateFormat, formatted(fs, fe) != nil, let (v, mask) = tryParse(zero: 0, { formatted($0, $1) }) {
          return format.hasTime
            ? Column(name: name, storage: .datetime(v), validity: mask)
            : Column(name: name, storage: .date(v.map { $0 / 86400 }), validity: mask)
        }
      case .date:
        if date(fs, fe) != nil, let (v, mask) = tryParse(zero: 0, date) { return Column(name: name, storage: .date(v), validity: mask) }
      case .datetime:
        if datetime(fs, fe) != nil, let (v, mask) = tryParse(zero: 0, datetime) {
          return Column(name: name, storage: .datetime(v), validity: mask)
        }
      }
    }
    return try text(name: name)
  }

  /// Parses every present field with `parse`, noting missing ones; nil as soon as a value
  /// does not fit, or when every value is missing (text handles that). Missing rows hold `zero`.
  private func tryParse<T: BitwiseCopyable>(zero: T, _ parse: (Int, Int) -> T?) -> ([T], ValidityMask)? {
    var mask = ValidityMask(allValid: rowCount)
    var failed = false
    var present = 0
    // Every row is written (missing ones with zero) unless parsing fails, and then the
    // array is dropped.
    let out = HugePages.array(count: rowCount) { (buf: UnsafeMutableBufferPointer<T>) in
      forEachField { row, s, e, quoted, escaped in
        if isNA(s, e, quoted: quoted) {
          mask[row] = false
          buf[row] = zero
          return true
        }
        guard !escaped, let v = parse(s, e) else {
          failed = true
          return false
        }
        buf[row] = v
        present += 1
        return true
      }
    }
    return failed || present == 0 ? nil : (out, mask)
  }

  private func parseBool(_ s: Int, _ e: Int) -> Bool? {
    switch e - s {
    case 4:
      let w = (bytes[s] | 0x20, bytes[s + 1] | 0x20, bytes[s + 2] | 0x20, bytes[s + 3] | 0x20)
      return w == (116, 114, 117, 101) ? true : nil  // "true"
    case 5:
      let w = (bytes[s] | 0x20, bytes[s + 1] | 0x20, bytes[s + 2] | 0x20, bytes[s + 3] | 0x20, bytes[s + 4] | 0x20)
      return w == (102, 97, 108, 115, 101) ? false : nil  // "false"
    default: return nil
    }
  }

  /// Dictionary-encodes text, validating (or converting from Latin-1) each distinct value once.
  private func text(name: String) throws -> Column {
    var interner = ByteInterner(capacity: 256)
    var codes = HugePages.array(repeating: Int32(0), count: rowCount)
    var mask = ValidityMask(allValid: rowCount)
    var scratch = [UInt8]()
    var cache = ShortTextCache()
    forEachField { row, s, e, quoted, escaped in
      if isNA(s, e, quoted: quoted) {
        mask[row] = false
        return true
      }
      let key = escaped ? nil : ShortTextCache.key(bytes, s, e)
      if let key, let code = cache[key] {
        codes[row] = code
      } else if escaped {
        scratch.removeAll(keepingCapacity: true)
        var k = s
        while k < e {
          scratch.append(bytes[k])
          k += bytes[k] == CSVTokenizer.quote ? 2 : 1
        }
        codes[row] = scratch.withUnsafeBufferPointer { interner.intern($0) }
      } else {
        codes[row] = interner.intern(UnsafeBufferPointer(rebasing: bytes[s..<e]))
        if let key { cache[key] = codes[row] }
      }
      return true
    }
    if interner.count == 0 {  // nothing but missing values: a numeric column, as pandas makes
      return Column(name: name, storage: .double(Array(repeating: .nan, count: rowCount)), validity: mask)
    }
    var levels = [String]()
    levels.reserveCapacity(interner.count)
    for c in 0..<interner.count {
      let raw = interner.bytes(of: c)
      switch encoding {
      case .latin1:
        levels.append(String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) })))
      case .utf8:
        guard let s = String(validating: raw, as: UTF8.self) else {
          let row = codes.indices.first { mask[$0] && codes[$0] == Int32(c) } ?? 0
          throw EngineError.csv(
            CSVError(
              path: path, row: fileRow(row), problem: "column \"\(name)\" has bytes that are not valid UTF-8",
              hint: "if the file is Latin-1 (ISO-8859-1), load it with encoding=latin1"))
        }
        levels.append(s)
      }
    }
    return Column(name: name, storage: .string(codes: codes, levels: levels), validity: mask)
  }
}


/// The cells that mean "missing", prepared for fast comparison.
struct MissingTokens {
  let tokens: [[UInt8]]
  let matchQuoted: Bool
  let includesEmpty: Bool
  let longest: Int
  /// Whether some token starts with this byte: most fields are ruled out by one lookup.
  let firstBytes: [Bool]

  init(_ strings: [String], matchQuoted: Bool) {
    tokens = strings.map { Array($0.utf8) }
    self.matchQuoted = matchQuoted
    includesEmpty = strings.contains("")
    longest = tokens.map(\.count).max() ?? 0
    var first = [Bool](repeating: false, count: 256)
    for t in tokens where !t.isEmpty { first[Int(t[0])] = true }
    firstBytes = first
  }
}

/// A small direct-mapped cache from short texts (up to 7 bytes, packed with their length
/// into one word) to their codes: category columns mostly hit it and skip hashing.
struct ShortTextCache {
  private var keys = [UInt64](repeating: 0, count: 256)
  private var codes = [Int32](repeating: -1, count: 256)

  /// The packed key of `b[s..<e]`, or nil when the text is longer than 7 bytes.
  @inline(__always)
  static func key(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64? {
    let n = e - s
    guard n <= 7 else { return nil }
    var w: UInt64 = 0
    if s + 8 <= b.count {
      w = UnsafeRawPointer(b.baseAddress! + s).loadUnaligned(as: UInt64.self)
      w &= n == 0 ? 0 : (UInt64.max >> UInt64(64 - 8 * n))
    } else {
      for k in 0..<n { w |= UInt64(b[s + k]) << UInt64(8 * k) }
    }
    return w | UInt64(n) << 56 | 1 << 63
  }

  @inline(__always)
  subscript(key: UInt64) -> Int32? {
    get {
      let slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> 56)
      return keys[slot] == key ? codes[slot] : nil
    }
    set {
      let slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> 56)
      keys[slot] = key
      codes[slot] = newValue ?? -1
    }
  }
}
