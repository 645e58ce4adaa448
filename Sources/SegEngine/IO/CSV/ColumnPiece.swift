/// One column's values from one part of a CSV file, converted a block of records at a time
/// straight into the part's place in the column's final array (see CSVBlockLoader).
struct ColumnPiece {
  let kind: CSVBlockLoader.Kind
  /// The part's first row in the final array.
  let out: UnsafeMutableRawPointer
  private(set) var rows = 0
  private(set) var present = 0
  /// Local rows of the missing values, in order.
  private(set) var missingRows: [Int32] = []
  /// A whole-number column met a decimal: the part's values are now doubles.
  private(set) var widened = false
  /// A whole number was written "-0" (its sign is lost as an integer).
  private(set) var negativeZero = false
  /// The codes of a text column (nil for the other kinds).
  private(set) var text: TextCodes?

  init(kind: CSVBlockLoader.Kind, out: UnsafeMutableRawPointer) {
    self.kind = kind
    self.out = out
    if case .text(let levels) = kind { text = TextCodes(levels: levels) }
  }

  /// Converts column `column` of the block `view`, whose first record is local row `row`;
  /// false when a value does not fit the column's type.
  mutating func take(_ view: FieldView, column: Int, at row: Int, parse: FieldParsers, missing: MissingTokens, missingLookLikeValues: Bool)
    -> Bool
  {
    let reader = BlockReader(
      fields: view.column(column), rows: view.rows, bytes: parse.bytes, missing: missing, missingLookLikeValues: missingLookLikeValues)
    let done: Bool
    switch kind {
    case .value(.int), .pending: done = takeNumbers(reader, at: row, parse: parse)
    case .value(.double): done = fill(reader, at: row, DoubleField(parse: parse))
    case .value(.bool): done = fill(reader, at: row, BoolField(parse: parse))
    case .value(.date): done = fill(reader, at: row, DateField(parse: parse))
    case .value(.datetime): done = fill(reader, at: row, DateTimeField(parse: parse))
    case .value(.formatted): done = fill(reader, at: row, FormattedField(parse: parse))
    case .text: done = takeText(reader, at: row)
    }
    rows = row + view.rows
    return done
  }

  /// Whole numbers until a decimal turns up; then the part's earlier values become decimals
  /// and the rest is read as decimals.
  private mutating func takeNumbers(_ reader: BlockReader, at row: Int, parse: FieldParsers) -> Bool {
    var first = 0
    if !widened {
      var ints = IntField(parse: parse)
      first = fill(reader, at: row, &ints)
      negativeZero = negativeZero || ints.sawNegativeZero
      if first == reader.rows { return true }
      let f = reader.fields.field(first)
      guard f.flags & CSVTokenizer.escapedFlag == 0, parse.double(f.start, f.end) != nil else { return false }
      let values = out.assumingMemoryBound(to: Int.self)
      for r in 0..<(row + first) { values[r] = Int(bitPattern: UInt(Double(values[r]).bitPattern)) }
      widened = true
    }
    return fill(reader, from: first, at: row, DoubleField(parse: parse))
  }

  /// `fill` for parsers that keep no state; whether every value parsed.
  @inline(__always)
  private mutating func fill<P: FieldParser>(_ reader: BlockReader, from first: Int = 0, at row: Int, _ parser: P) -> Bool {
    var parser = parser
    return fill(reader, from: first, at: row, &parser) == reader.rows
  }

  /// Writes the values of the block's records from `first` on; returns the index of the first
  /// that does not parse, or the block's row count.
  @inline(__always)
  private mutating func fill<P: FieldParser>(_ reader: BlockReader, from first: Int = 0, at row: Int, _ parser: inout P) -> Int {
    let values = (out + row * MemoryLayout<P.Value>.stride).assumingMemoryBound(to: P.Value.self)
    var count = 0
    defer { present += count }
    for r in first..<reader.rows {
      let f = reader.fields.field(r)
      let plain = f.flags & CSVTokenizer.escapedFlag == 0
      // A field that parses is no missing token when none of the tokens parses: most fields
      // then skip the comparison with the tokens.
      if plain && !reader.missingLookLikeValues, let v = parser.parse(f.start, f.end) {
        values[r] = v
        count += 1
        continue
      }
      if reader.isMissing(f) {
        values[r] = P.zero
        missingRows.append(Int32(row + r))
        continue
      }
      guard plain, let v = parser.parse(f.start, f.end) else { return r }
      values[r] = v
      count += 1
    }
    return reader.rows
  }

  private mutating func takeText(_ reader: BlockReader, at row: Int) -> Bool {
    let codes = out.assumingMemoryBound(to: Int32.self) + row
    for r in 0..<reader.rows {
      let f = reader.fields.field(r)
      if reader.isMissing(f) {
        codes[r] = 0
        missingRows.append(Int32(row + r))
      } else {
        codes[r] = text!.code(reader.bytes, f.start, f.end, escaped: f.flags & CSVTokenizer.escapedFlag != 0)
        present += 1
      }
    }
    return true
  }

  /// The validity of the pieces' rows, one after the other.
  static func mask(of pieces: [ColumnPiece], rows: Int) -> ValidityMask {
    var mask = ValidityMask(allValid: rows)
    var offset = 0
    for piece in pieces {
      for r in piece.missingRows { mask[offset + Int(r)] = false }
      offset += piece.rows
    }
    return mask
  }
}

/// One column of a block of records, with its missing-value test.
struct BlockReader {
  let fields: FieldColumn
  let rows: Int
  let bytes: UnsafeBufferPointer<UInt8>
  let missing: MissingTokens
  /// Whether a missing token can parse as a value (see MissingTokens.lookLikeValues).
  let missingLookLikeValues: Bool

  @inline(__always)
  func isMissing(_ f: (start: Int, end: Int, flags: UInt32)) -> Bool {
    missing.isMissing(bytes, f.start, f.end, quoted: f.flags & CSVTokenizer.quotedFlag != 0)
  }
}
