import Foundation

/// Decodes one column of a Parquet file, page by page across its row groups, into a seg
/// column: PLAIN and dictionary encodings, data pages v1 and v2, definition levels for missing
/// values. Every offset and count is checked against the bytes, which are untrusted.
struct ParquetColumnDecoder {
  let column: Parquet.SchemaColumn
  let file: UnsafeBufferPointer<UInt8>
  /// The type the values become in seg.
  let kind: DataType

  private var ints: [Int] = []
  private var doubles: [Double] = []
  private var bools: [Bool] = []
  private var codes: [Int32] = []
  private var levels: [String] = []
  private var codeOfText: [String: Int32] = [:]
  /// Per row, whether it has a value (kept only once a row lacks one).
  private var defined: [Bool] = []
  private var rows = 0
  private var anyMissing = false

  /// The dictionary of the chunk being read, decoded as the values are.
  private var dictInts: [Int] = []
  private var dictDoubles: [Double] = []
  private var dictBools: [Bool] = []
  private var dictCodes: [Int32] = []

  init(column: Parquet.SchemaColumn, file: UnsafeBufferPointer<UInt8>) throws {
    self.column = column
    self.file = file
    kind = try Self.kind(of: column)
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
    // Room for the whole chunk once: reserving page by page would copy the column each time.
    switch kind {
    case .bool: bools.reserveCapacity(bools.count + groupRows)
    case .double: doubles.reserveCapacity(doubles.count + groupRows)
    case .string: codes.reserveCapacity(codes.count + groupRows)
    default: ints.reserveCapacity(ints.count + groupRows)
    }
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
        let bytes = try ParquetCodec.decompress(page, codec: chunk.codec, size: header.uncompressedSize)
        try bytes.withUnsafeBufferPointer { b in
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
          try readValues(b, start, b.count, count: present, encoding: header.encoding)
        }
        valuesRead += header.valueCount
      case .dataV2?:
        let levelBytes = header.definitionLength + header.repetitionLength
        guard levelBytes <= page.count, header.repetitionLength == 0 else { throw Parquet.Malformed(reason: "column \(column.name)'s levels do not fit its page") }
        var present = header.valueCount
        if column.optional {
          present = try levelsRead(page, 0, header.definitionLength, count: header.valueCount)
        }
        let rest = UnsafeBufferPointer(rebasing: page[levelBytes...])
        let values = header.compressed
          ? try ParquetCodec.decompress(rest, codec: chunk.codec, size: header.uncompressedSize - levelBytes) : Array(rest)
        try values.withUnsafeBufferPointer { try readValues($0, 0, $0.count, count: present, encoding: header.encoding) }
        valuesRead += header.valueCount
      default:
        continue  // index pages and unknown kinds are skipped, as readers must
      }
    }
    guard valuesRead == groupRows else { throw Parquet.Malformed(reason: "column \(column.name) has \(valuesRead) values in a row group of \(groupRows) rows") }
  }

  /// Reads definition levels (bit width 1 for a flat optional column); returns how many are present.
  private mutating func levelsRead(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, count: Int) throws -> Int {
    var present = 0
    var flags = [Bool](repeating: true, count: count)
    try flags.withUnsafeMutableBufferPointer { f in
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
    if present < count && !anyMissing {
      anyMissing = true
      defined = [Bool](repeating: true, count: rows)
    }
    if anyMissing { defined += flags }
    rows += count
    return present
  }

  private mutating func readDictionary(_ b: UnsafeBufferPointer<UInt8>, count: Int) throws {
    var d = ParquetPlainValues(bytes: b, column: column, kind: kind)
    switch kind {
    case .bool: try d.appendBools(count, into: &dictBools)
    case .double: try d.appendDoubles(count, into: &dictDoubles)
    case .string: dictCodes = try d.texts(count).map { intern($0) }
    default: try d.appendInts(count, into: &dictInts)
    }
  }

  private mutating func readValues(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, count: Int, encoding: Int) throws {
    if !column.optional { rows += count }
    switch Parquet.Encoding(rawValue: encoding) {
    case .plain?:
      var d = ParquetPlainValues(bytes: UnsafeBufferPointer(rebasing: b[start..<end]), column: column, kind: kind)
      switch kind {
      case .bool: try d.appendBools(count, into: &bools)
      case .double: try d.appendDoubles(count, into: &doubles)
      case .string: for text in try d.texts(count) { codes.append(intern(text)) }
      default: try d.appendInts(count, into: &ints)
      }
    case .plainDictionary?, .rleDictionary?:
      guard start < end else {
        guard count == 0 else { throw Parquet.Malformed(reason: "column \(column.name)'s dictionary indices are missing") }
        return
      }
      let width = Int(b[start])
      switch kind {
      case .bool: try Self.gather(b, start + 1, end, width, count, dictBools, into: &bools, column: column.name)
      case .double: try Self.gather(b, start + 1, end, width, count, dictDoubles, into: &doubles, column: column.name)
      case .string: try Self.gather(b, start + 1, end, width, count, dictCodes, into: &codes, column: column.name)
      default: try Self.gather(b, start + 1, end, width, count, dictInts, into: &ints, column: column.name)
      }
    case .rle? where kind == .bool:
      guard end - start >= 4 else { throw Parquet.Malformed(reason: "column \(column.name)'s booleans are cut") }
      bools += try RLEBitPackedHybrid.decode(b, start + 4, end, bitWidth: 1, count: count).map { $0 == 1 }
    default:
      let name = Parquet.Encoding(rawValue: encoding)?.specName ?? "number \(encoding)"
      throw Parquet.Malformed(reason: "column \(column.name) uses the \(name) encoding, which seg does not read; write the file with PLAIN or dictionary encoding (pyarrow's default)")
    }
  }

  /// Dictionary indices to the dictionary's values, appended; an index past it is an error.
  /// Static, so that appending to one of the decoder's arrays does not also read the decoder
  /// (which would copy the array on every page).
  private static func gather<T>(
    _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ width: Int, _ count: Int, _ dictionary: [T], into out: inout [T], column: String
  ) throws {
    guard count > 0 else { return }
    guard let first = dictionary.first else { throw Parquet.Malformed(reason: "column \(column) has indices but no dictionary") }
    let size = dictionary.count
    let past = Parquet.Malformed(reason: "column \(column) points past its dictionary")
    // Grown once and written in place: appending value by value costs a check each.
    let base = out.count
    out.append(contentsOf: repeatElement(first, count: count))
    try dictionary.withUnsafeBufferPointer { d in
      try out.withUnsafeMutableBufferPointer { o in
        var k = base
        try RLEBitPackedHybrid.decode(b, start, end, bitWidth: width, count: count, run: { index, length in
          guard Int(index) < size else { throw past }
          let value = d[Int(index)]
          for q in k..<(k + length) { o[q] = value }
          k += length
        }, packed: { indices in
          for index in indices {
            guard Int(index) < size else { throw past }
            o[k] = d[Int(index)]
            k += 1
          }
        })
      }
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

  /// The column over all rows read, values spread to the rows that have them.
  func column(rowCount: Int) throws -> Column {
    guard rows == rowCount else { throw Parquet.Malformed(reason: "column \(column.name) has \(rows) rows where the file has \(rowCount)") }
    let mask: ValidityMask? = anyMissing ? ValidityMask(defined) : nil
    func spread<T>(_ values: [T], zero: T) throws -> [T] {
      guard anyMissing else {
        guard values.count == rowCount else { throw Parquet.Malformed(reason: "column \(column.name) has \(values.count) values for \(rowCount) rows") }
        return values
      }
      var out = [T](repeating: zero, count: rowCount)
      var k = 0
      for r in 0..<rowCount where defined[r] {
        guard k < values.count else { throw Parquet.Malformed(reason: "column \(column.name) has fewer values than its levels say") }
        out[r] = values[k]
        k += 1
      }
      return out
    }
    let storage: ColumnStorage
    switch kind {
    case .bool: storage = .bool(try spread(bools, zero: false))
    case .double: storage = .double(try spread(doubles, zero: .nan))
    case .string where levels.isEmpty:
      // No value at all: numeric and missing, as CSV and JSON read such a column.
      return Column(name: column.name, storage: .double([Double](repeating: .nan, count: rowCount)), validity: ValidityMask([Bool](repeating: false, count: rowCount)))
    case .string: storage = .string(codes: try spread(codes, zero: 0), levels: levels)
    case .int: storage = .int(try spread(ints, zero: 0))
    case .date: storage = .date(try spread(ints, zero: 0))
    case .datetime: storage = .datetime(try spread(ints, zero: 0))
    }
    return Column(name: column.name, storage: storage, validity: mask)
  }
}
