/// Turns one column's raw fields into a typed column, inferring the narrowest type that
/// every present value fits: int, double, bool, date, datetime, then text.
struct CSVColumnConverter {
  let bytes: UnsafeBufferPointer<UInt8>
  let chunks: [CSVTokenizer.Chunk]
  let column: Int
  let rowCount: Int
  let naTokens: [[UInt8]]
  let decimal: UInt8
  let encoding: TextEncoding
  let dateFormat: DateParsing.Format?
  /// Maps a row index to its row number in the file (for error messages).
  let fileRow: (Int) -> Int
  let path: String

  /// Visits every field in row order: (row, start, end, quoted, escaped).
  @inline(__always)
  func forEachField(_ body: (Int, Int, Int, Bool, Bool) throws -> Bool) rethrows {
    var row = 0
    for chunk in chunks {
      let starts = chunk.starts[column]
      let ends = chunk.ends[column]
      for k in 0..<starts.count {
        let e = ends[k]
        let ok = try body(
          row, Int(starts[k]), Int(e & CSVTokenizer.offsetMask), e & CSVTokenizer.quotedFlag != 0,
          e & CSVTokenizer.escapedFlag != 0)
        if !ok { return }
        row += 1
      }
    }
  }

  @inline(__always)
  func isNA(_ s: Int, _ e: Int, quoted: Bool) -> Bool {
    if quoted { return false }
    let len = e - s
    for t in naTokens where t.count == len {
      if len == 0 { return true }
      var same = true
      for k in 0..<len where bytes[s + k] != t[k] {
        same = false
        break
      }
      if same { return true }
    }
    return false
  }

  func convert(name: String) throws -> Column {
    try CancellationToken.check()
    var mask = ValidityMask(allValid: rowCount)
    var present = 0
    forEachField { row, s, e, q, _ in
      if isNA(s, e, quoted: q) { mask[row] = false } else { present += 1 }
      return true
    }
    if present == 0 {
      return rowCount == 0
        ? Column(name: name, storage: .string(codes: [], levels: []))
        : Column(name: name, storage: .double(Array(repeating: .nan, count: rowCount)), validity: mask)
    }
    if let v = tryParse(mask, { s, e in NumberParsing.parseInt(bytes, s, e) }) {
      return Column(name: name, storage: .int(v), validity: mask)
    }
    if let v = tryParse(mask, { s, e in NumberParsing.parseDouble(bytes, s, e, decimal: decimal) }) {
      return Column(name: name, storage: .double(v), validity: mask)
    }
    if let v = tryParse(mask, parseBool) { return Column(name: name, storage: .bool(v), validity: mask) }
    if let format = dateFormat, let v = tryParse(mask, { s, e in format.parse(bytes[s..<e]) }) {
      return format.hasTime
        ? Column(name: name, storage: .datetime(v), validity: mask)
        : Column(name: name, storage: .date(v.map { $0 / 86400 }), validity: mask)
    }
    if let v = tryParse(mask, { s, e in DateParsing.parseISODate(bytes[s..<e]) }) {
      return Column(name: name, storage: .date(v), validity: mask)
    }
    if let v = tryParse(mask, { s, e in DateParsing.parseISODateTime(bytes[s..<e]) }) {
      return Column(name: name, storage: .datetime(v), validity: mask)
    }
    return try text(name: name, mask: mask)
  }

  /// Parses every present field with `parse`; nil as soon as one does not fit.
  private func tryParse<T>(_ mask: ValidityMask, _ parse: (Int, Int) -> T?) -> [T]? {
    var out = [T]()
    out.reserveCapacity(rowCount)
    var failed = false
    forEachField { row, s, e, _, escaped in
      if !mask[row] {
        if let last = out.last { out.append(last) }  // a placeholder under a missing value
        return true
      }
      guard !escaped, let v = parse(s, e) else {
        failed = true
        return false
      }
      // Rows before the first value are all missing: give them placeholders now.
      if out.count < row { out.append(contentsOf: repeatElement(v, count: row - out.count)) }
      out.append(v)
      return true
    }
    return failed ? nil : out
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
  private func text(name: String, mask: ValidityMask) throws -> Column {
    var interner = ByteInterner(capacity: 256)
    var codes = [Int32](repeating: 0, count: rowCount)
    var scratch = [UInt8]()
    forEachField { row, s, e, _, escaped in
      guard mask[row] else { return true }
      if escaped {
        scratch.removeAll(keepingCapacity: true)
        var k = s
        while k < e {
          scratch.append(bytes[k])
          k += bytes[k] == CSVTokenizer.quote ? 2 : 1
        }
        codes[row] = scratch.withUnsafeBufferPointer { interner.intern($0) }
      } else {
        codes[row] = interner.intern(UnsafeBufferPointer(rebasing: bytes[s..<e]))
      }
      return true
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

