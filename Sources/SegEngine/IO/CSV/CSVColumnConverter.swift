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
      let fields = chunk.fields.view.column(column)
      for r in 0..<chunk.rows {
        let f = fields.field(r)
        let ok = try body(row, f.start, f.end, f.flags & CSVTokenizer.quotedFlag != 0, f.flags & CSVTokenizer.escapedFlag != 0)
        if !ok { return }
        row += 1
      }
    }
  }

  @inline(__always)
  func isNA(_ s: Int, _ e: Int, quoted: Bool) -> Bool { naTokens.isMissing(bytes, s, e, quoted: quoted) }

  func convert(name: String) throws -> Column { try convertAndTell(name: name).column }

  /// The column and the type it was given (nil for text, and for a column with no value).
  func convertAndTell(name: String) throws -> (column: Column, kind: CSVValueKind?) {
    try CancellationToken.check()
    // A header without rows gives empty text columns.
    if rowCount == 0 { return (Column(name: name, storage: .string(codes: [], levels: [])), nil) }
    // Only types that fit the first present value are tried, so a text column costs no
    // wasted number buffers; each attempt also finds the missing values.
    var first: (Int, Int)? = nil
    forEachField { _, s, e, quoted, escaped in
      if isNA(s, e, quoted: quoted) { return true }
      first = escaped ? (s, s) : (s, e)
      return false
    }
    guard let (fs, fe) = first else { return (try text(name: name), nil) }  // all missing
    let parse = FieldParsers(bytes: bytes, decimal: decimal, dateFormat: dateFormat)
    for kind in CSVValueKind.allCases {
      let column: Column?
      switch kind {
      case .int:
        column = parse.int(fs, fe) == nil ? nil : tryParse(zero: 0, parse.int).map { Column(name: name, storage: .int($0), validity: $1) }
      case .double:
        column = parse.double(fs, fe) == nil
          ? nil : tryParse(zero: 0.0, parse.double).map { Column(name: name, storage: .double($0), validity: $1) }
      case .bool:
        column = parse.bool(fs, fe) == nil
          ? nil : tryParse(zero: false, parse.bool).map { Column(name: name, storage: .bool($0), validity: $1) }
      case .formatted:
        column = parse.formatted(fs, fe) == nil
          ? nil : tryParse(zero: 0, parse.formatted).map { Column(name: name, storage: parse.formattedStorage($0), validity: $1) }
      case .date:
        column = parse.date(fs, fe) == nil ? nil : tryParse(zero: 0, parse.date).map { Column(name: name, storage: .date($0), validity: $1) }
      case .datetime:
        column = parse.datetime(fs, fe) == nil
          ? nil : tryParse(zero: 0, parse.datetime).map { Column(name: name, storage: .datetime($0), validity: $1) }
      }
      if let column { return (column, kind) }
    }
    return (try text(name: name), nil)
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

  /// Dictionary-encodes text, validating (or converting from Latin-1) each distinct value once.
  private func text(name: String) throws -> Column {
    var text = TextCodes()
    var codes = HugePages.array(repeating: Int32(0), count: rowCount)
    var mask = ValidityMask(allValid: rowCount)
    forEachField { row, s, e, quoted, escaped in
      if isNA(s, e, quoted: quoted) {
        mask[row] = false
      } else {
        codes[row] = text.code(bytes, s, e, escaped: escaped)
      }
      return true
    }
    let interner = text.interner
    if interner.count == 0 {  // nothing but missing values: a numeric column, as pandas makes
      return Column(name: name, storage: .double(Array(repeating: .nan, count: rowCount)), validity: mask)
    }
    var levels = [String]()
    levels.reserveCapacity(interner.count)
    for c in 0..<interner.count {
      guard let level = encoding.decode(interner.bytes(of: c)) else {
        let row = codes.indices.first { mask[$0] && codes[$0] == Int32(c) } ?? 0
        throw EngineError.csv(
          CSVError(
            path: path, row: fileRow(row), problem: "column \"\(name)\" has bytes that are not valid UTF-8",
            hint: "if the file is Latin-1 (ISO-8859-1), load it with encoding=latin1"))
      }
      levels.append(level)
    }
    return Column(name: name, storage: .string(codes: codes, levels: levels), validity: mask)
  }
}
