import Foundation

/// Decodes one column of a Parquet file, page by page across its row groups, into a seg
/// column: PLAIN and dictionary encodings, data pages v1 and v2, definition levels for missing
/// values. Every offset and count is checked against the bytes, which are untrusted.
struct ParquetColumnDecoder {
  let column: Parquet.SchemaColumn
  let file: UnsafeBufferPointer<UInt8>
  /// The type the values become in seg.
  let kind: DataType

  /// The file's rows: the column's values are written straight to their rows, in arrays
  /// made once, so a column with missing values is not spread out again at the end.
  let rowCount: Int
  private var ints: [Int] = []
  private var doubles: [Double] = []
  private var bools: [Bool] = []
  private var codes: [Int32] = []
  /// The present values of a page where some rows have none, before they go to their rows.
  private var pageInts: [Int] = []
  private var pageDoubles: [Double] = []
  private var pageBools: [Bool] = []
  private var pageCodes: [Int32] = []
  /// The page's definition levels: whether each of its rows has a value.
  private var pageDefined: [Bool] = []
  private var levels: [String] = []
  private var codeOfText: [String: Int32] = [:]
  /// Per row, whether it has a value (made only once a row lacks one).
  private var defined: [Bool] = []
  /// Rows read so far.
  private var rows = 0
  private var anyMissing = false

  /// The dictionary of the chunk being read, decoded as the values are.
  private var dictInts: [Int] = []
  private var dictDoubles: [Double] = []
  private var dictBools: [Bool] = []
  private var dictCodes: [Int32] = []

  init(column: Parquet.SchemaColumn, file: UnsafeBufferPointer<UInt8>, rowCount: Int) throws {
    self.column = column
    self.file = file
    self.rowCount = rowCount
    kind = try Self.kind(of: column)
    switch kind {
    case .bool: bools = [Bool](repeating: false, count: rowCount)
    case .double: doubles = [Double](repeating: .nan, count: rowCount)
    case .string: codes = [Int32](repeating: 0, count: rowCount)
    default: ints = [Int](repeating: 0, count: rowCount)
    }
  }

  static func kind(of c: Parquet.SchemaColumn) throws -> DataType {
    func refuse(_ what: String) -> Parquet.Malformed {
      Parquet.Malformed(reason: "column \(c.name) holds \(what), which seg does not read; leave it out, or cast it when writing the file")
    }
    if case .unsupported(let what) = c.meaning { throw refuse(what) }
    switch (c.type, c.meaning) {
    case (.boolean, _): return .bool
    case (.int32, .date): return .date
    case (.int64, .timestamp), (.int96, _): return .datetime
    case (_, .decimal): return .double
    case (.int64, .integer(64, false)): return .int  // values past Int64.max are refused where they are
    case (.int32, _), (.int64, _): return .int
    case (.float, _), (.double, _): return .double
    case (.byteArray, _): return .string
    case (.fixedLenByteArray, _): throw refuse("fixed-length binary")
    }
  }

  // MARK: Chunks and pages

  mutating func read(_ chunk: Parquet.ColumnChunk, rows groupRows: Int) throws {
    if groupRows == 0 && chunk.valueCount == 0 { return }
    guard chunk.type == column.type else { throw Parquet.Malformed(reason: "column \(column.name)'s chunk has another type than its schema") }
    guard chunk.start >= 4, chunk.compressedSize >= 0, chunk.start <= file.count - 8, chunk.compressedSize <= file.count - 8 - chunk.start else {
      throw Parquet.Malformed(reason: "column \(column.name)'s data lies outside the file (is it cut short?)")
    }
    let end = chunk.start + chunk.compressedSize
    var position = chunk.start
    var valuesRead = 0
    dictInts = []; dictDoubles = []; dictBools = []; dictCodes = []
    var dictionaryRead = false
    while valuesRead < chunk.valueCount {
      guard position < end else { throw Parquet.Malformed(reason: "column \(column.name) ends before its \(chunk.valueCount) values") }
      var reader = ThriftReader(file, from: position, to: end)
      let header = try Parquet.pageHeader(try reader.readStruct())
      let dataStart = reader.position
      guard header.compressedSize <= end - dataStart else { throw Parquet.Malformed(reason: "a page of column \(column.name) runs past its chunk") }
      let page = UnsafeBufferPointer(rebasing: file[dataStart..<(dataStart + header.compressedSize)])
      position = dataStart + header.compressedSize
      switch header.type {
      case .dictionary?:
        guard !dictionaryRead else { throw Parquet.Malformed(reason: "column \(column.name) has two dictionary pages in one chunk") }
        let bytes = try ParquetCodec.decompress(page, codec: chunk.codec, size: header.uncompressedSize)
        try bytes.withUnsafeBufferPointer { try readDictionary($0, count: header.valueCount) }
        dictionaryRead = true
      case .data?:
        try startPage(rows: header.valueCount)
        let bytes = try ParquetCodec.decompress(page, codec: chunk.codec, size: header.uncompressedSize)
        let present = try bytes.withUnsafeBufferPointer { b in
          var start = 0
          var present = header.valueCount
          if column.optional {
            guard b.count >= 4, header.definitionEncoding == Parquet.Encoding.rle.rawValue else {
              throw Parquet.Malformed(reason: "column \(column.name)'s definition levels use an encoding seg does not read")
            }
            let length = Int(UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24)
            guard length <= b.count - 4 else { throw Parquet.Malformed(reason: "column \(column.name)'s definition levels run past the page") }
            present = try levelsRead(b, 4, 4 + length, count: header.valueCount)
            start = 4 + length
          }
          try readValues(b, start, b.count, count: present, pageRows: header.valueCount, encoding: header.encoding)
          return present
        }
        endPage(rows: header.valueCount, present: present)
        valuesRead += header.valueCount
      case .dataV2?:
        let levelBytes = header.definitionLength + header.repetitionLength
        guard levelBytes <= page.count, header.repetitionLength == 0 else { throw Parquet.Malformed(reason: "column \(column.name)'s levels do not fit its page") }
        try startPage(rows: header.valueCount)
        var present = header.valueCount
        if column.optional {
          present = try levelsRead(page, 0, header.definitionLength, count: header.valueCount)
        }
        let rest = UnsafeBufferPointer(rebasing: page[levelBytes...])
        let values = header.compressed
          ? try ParquetCodec.decompress(rest, codec: chunk.codec, size: header.uncompressedSize - levelBytes) : Array(rest)
        try values.withUnsafeBufferPointer { try readValues($0, 0, $0.count, count: present, pageRows: header.valueCount, encoding: header.encoding) }
        endPage(rows: header.valueCount, present: present)
        valuesRead += header.valueCount
      default:
        continue  // index pages and unknown kinds are skipped, as readers must
      }
    }
    guard valuesRead == groupRows else { throw Parquet.Malformed(reason: "column \(column.name) has \(valuesRead) values in a row group of \(groupRows) rows") }
  }

  /// Before a data page of `count` rows: its rows must fit the file's.
  private mutating func startPage(rows count: Int) throws {
    guard count >= 0, count <= rowCount - rows else {
      throw Parquet.Malformed(reason: "column \(column.name) has more values than the file's \(rowCount) rows")
    }
  }

  /// After a data page: where some rows had no value, the values read go to those that have one.
  private mutating func endPage(rows count: Int, present: Int) {
    if present < count {
      switch kind {
      case .bool: Self.spread(pageBools, over: pageDefined, at: rows, into: &bools)
      case .double: Self.spread(pageDoubles, over: pageDefined, at: rows, into: &doubles)
      case .string: Self.spread(pageCodes, over: pageDefined, at: rows, into: &codes)
      default: Self.spread(pageInts, over: pageDefined, at: rows, into: &ints)
      }
    }
    rows += count
  }

  /// A page's values to the rows from `start` on that have one (`defined`). Static, so the
  /// column is not copied (see `gather`).
  private static func spread<T>(_ values: [T], over defined: [Bool], at start: Int, into out: inout [T]) {
    out.withUnsafeMutableBufferPointer { o in
      values.withUnsafeBufferPointer { v in
        guard let last = v.indices.last else { return }
        // Without a branch per row: a row without a value keeps the column's zero.
        var k = 0
        for (q, has) in defined.enumerated() {
          let value = v[min(k, last)]
          o[start + q] = has ? value : o[start + q]
          k &+= has ? 1 : 0
        }
      }
    }
  }

  /// Runs `write` on the slots for a page's `count` present values: their rows from `row` on
  /// when every row of the page has one, else the page's own buffer, which `endPage` spreads.
  private static func slots<T>(
    _ count: Int, at row: Int, direct: Bool, column: inout [T], page: inout [T], zero: T, _ write: (UnsafeMutableBufferPointer<T>) throws -> Void
  ) throws {
    if direct {
      try column.withUnsafeMutableBufferPointer { try write(UnsafeMutableBufferPointer(rebasing: $0[row..<(row + count)])) }
    } else {
      page.removeAll(keepingCapacity: true)
      page.append(contentsOf: repeatElement(zero, count: count))
      try page.withUnsafeMutableBufferPointer { try write($0) }
    }
  }

  /// Reads definition levels (bit width 1 for a flat optional column); returns how many are present.
  private mutating func levelsRead(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, count: Int) throws -> Int {
    var present = 0
    pageDefined.removeAll(keepingCapacity: true)
    pageDefined.append(contentsOf: repeatElement(true, count: count))
    try pageDefined.withUnsafeMutableBufferPointer { f in
      var k = 0
      try RLEBitPackedHybrid.decode(b, start, end, bitWidth: 1, count: count, run: { value, length in
        if value == 1 { present += length } else { for q in k..<(k + length) { f[q] = false } }
        k += length
      }, packed: { values in
        for v in values {
          f[k] = v == 1
          present += Int(v & 1)
          k += 1
        }
      })
    }
    // Rows are kept as flags only once one lacks a value: most columns never need them.
    if present < count {
      if !anyMissing {
        anyMissing = true
        defined = [Bool](repeating: true, count: rowCount)
      }
      let base = rows
      defined.withUnsafeMutableBufferPointer { d in
        _ = UnsafeMutableBufferPointer(rebasing: d[base..<(base + count)]).update(fromContentsOf: pageDefined)
      }
    }
    return present
  }

  private mutating func readDictionary(_ b: UnsafeBufferPointer<UInt8>, count: Int) throws {
    // Every value takes at least a bit of the page: a larger count is a lie, not memory to set aside.
    guard count >= 0, count <= b.count * 8 else { throw Parquet.Malformed(reason: "column \(column.name)'s dictionary claims more values than its page holds") }
    var d = ParquetPlainValues(bytes: b, column: column, kind: kind)
    switch kind {
    case .bool: dictBools = try Self.filled(count, zero: false) { try d.readBools(into: $0) }
    case .double: dictDoubles = try Self.filled(count, zero: 0) { try d.readDoubles(into: $0) }
    case .string: dictCodes = try d.texts(count).map { intern($0) }
    default: dictInts = try Self.filled(count, zero: 0) { try d.readInts(into: $0) }
    }
  }

  private static func filled<T>(_ count: Int, zero: T, _ read: (UnsafeMutableBufferPointer<T>) throws -> Void) throws -> [T] {
    var out = [T](repeating: zero, count: count)
    try out.withUnsafeMutableBufferPointer { try read($0) }
    return out
  }

  /// Reads a page's `count` present values of its `pageRows` rows.
  private mutating func readValues(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, count: Int, pageRows: Int, encoding: Int) throws {
    let (row, direct, name) = (rows, count == pageRows, column.name)
    switch Parquet.Encoding(rawValue: encoding) {
    case .plain?:
      var d = ParquetPlainValues(bytes: UnsafeBufferPointer(rebasing: b[start..<end]), column: column, kind: kind)
      switch kind {
      case .bool: try Self.slots(count, at: row, direct: direct, column: &bools, page: &pageBools, zero: false) { try d.readBools(into: $0) }
      case .double: try Self.slots(count, at: row, direct: direct, column: &doubles, page: &pageDoubles, zero: 0) { try d.readDoubles(into: $0) }
      case .string:
        let texts = try d.texts(count).map { intern($0) }
        try Self.slots(count, at: row, direct: direct, column: &codes, page: &pageCodes, zero: 0) { _ = $0.update(fromContentsOf: texts) }
      default: try Self.slots(count, at: row, direct: direct, column: &ints, page: &pageInts, zero: 0) { try d.readInts(into: $0) }
      }
    case .plainDictionary?, .rleDictionary?:
      guard start < end else {
        guard count == 0 else { throw Parquet.Malformed(reason: "column \(name)'s dictionary indices are missing") }
        return
      }
      let width = Int(b[start])
      switch kind {
      case .bool:
        let dictionary = dictBools
        try Self.slots(count, at: row, direct: direct, column: &bools, page: &pageBools, zero: false) { try Self.gather(b, start + 1, end, width, dictionary, into: $0, column: name) }
      case .double:
        let dictionary = dictDoubles
        try Self.slots(count, at: row, direct: direct, column: &doubles, page: &pageDoubles, zero: 0) { try Self.gather(b, start + 1, end, width, dictionary, into: $0, column: name) }
      case .string:
        let dictionary = dictCodes
        try Self.slots(count, at: row, direct: direct, column: &codes, page: &pageCodes, zero: 0) { try Self.gather(b, start + 1, end, width, dictionary, into: $0, column: name) }
      default:
        let dictionary = dictInts
        try Self.slots(count, at: row, direct: direct, column: &ints, page: &pageInts, zero: 0) { try Self.gather(b, start + 1, end, width, dictionary, into: $0, column: name) }
      }
    case .rle? where kind == .bool:
      guard end - start >= 4 else { throw Parquet.Malformed(reason: "column \(name)'s booleans are cut") }
      let flags = try RLEBitPackedHybrid.decode(b, start + 4, end, bitWidth: 1, count: count).map { $0 == 1 }
      try Self.slots(count, at: row, direct: direct, column: &bools, page: &pageBools, zero: false) { _ = $0.update(fromContentsOf: flags) }
    default:
      let encodingName = Parquet.Encoding(rawValue: encoding)?.specName ?? "number \(encoding)"
      throw Parquet.Malformed(reason: "column \(name) uses the \(encodingName) encoding, which seg does not read; write the file with PLAIN or dictionary encoding (pyarrow's default)")
    }
  }

  /// Dictionary indices to the dictionary's values, one per slot of `out`; an index past
  /// the dictionary is an error. Static, so that writing to one of the decoder's arrays does
  /// not also read the decoder (which would copy the array on every page).
  private static func gather<T>(
    _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ width: Int, _ dictionary: [T], into o: UnsafeMutableBufferPointer<T>, column: String
  ) throws {
    guard !o.isEmpty else { return }
    guard !dictionary.isEmpty else { throw Parquet.Malformed(reason: "column \(column) has indices but no dictionary") }
    let size = dictionary.count
    let past = Parquet.Malformed(reason: "column \(column) points past its dictionary")
    try dictionary.withUnsafeBufferPointer { d in
      var k = 0
      try RLEBitPackedHybrid.decode(b, start, end, bitWidth: width, count: o.count, run: { index, length in
        guard Int(index) < size else { throw past }
        let value = d[Int(index)]
        for q in k..<(k + length) { o[q] = value }
        k += length
      }, packed: { indices in
        // One check of the batch's largest index, then the values without a branch each.
        var largest: UInt32 = 0
        for index in indices { largest = max(largest, index) }
        guard Int(largest) < size else { throw past }
        for index in indices {
          o[k] = d[Int(index)]
          k += 1
        }
      })
    }
  }

  private mutating func intern(_ text: String) -> Int32 {
    if let c = codeOfText[text] { return c }
    let c = Int32(levels.count)
    codeOfText[text] = c
    levels.append(text)
    return c
  }

  // MARK: The column

  /// The column over all rows read.
  func decodedColumn() throws -> Column {
    guard rows == rowCount else { throw Parquet.Malformed(reason: "column \(column.name) has \(rows) rows where the file has \(rowCount)") }
    let mask: ValidityMask? = anyMissing ? ValidityMask(defined) : nil
    let storage: ColumnStorage
    switch kind {
    case .bool: storage = .bool(bools)
    case .double: storage = .double(doubles)
    case .string where levels.isEmpty:
      // No value at all: numeric and missing, as CSV and JSON read such a column.
      return Column(name: column.name, storage: .double([Double](repeating: .nan, count: rowCount)), validity: ValidityMask([Bool](repeating: false, count: rowCount)))
    case .string: storage = .string(codes: codes, levels: levels)
    case .int: storage = .int(ints)
    case .date: storage = .date(ints)
    case .datetime: storage = .datetime(ints)
    }
    return Column(name: column.name, storage: storage, validity: mask)
  }
}
