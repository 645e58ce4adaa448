import CKernels
import Synchronization

/// Reads the common CSV file in one pass: the column types are guessed from the first rows,
/// then each part of the file is split into fields a block of rows at a time and converted
/// straight into the final column arrays, so no field table of the whole file is built and
/// the block's bytes are still in cache when they are converted.
///
/// It gives up (nil) at the first thing it does not handle: a bad row, a quoted newline at a
/// part boundary, a value that fits no guessed type (a whole-number column meeting a decimal
/// is widened instead), text that is not valid UTF-8, a very wide file. The general reader
/// then reads the file, so the frame and the errors never depend on which reader ran: when
/// this one finishes, every present value fitted the type the general reader would give.
struct CSVBlockLoader {
  let bytes: UnsafeBufferPointer<UInt8>
  let tokenizer: CSVTokenizer
  let dataStart: Int
  let names: [String]
  let parse: FieldParsers
  let naTokens: MissingTokens
  let encoding: TextEncoding
  let shape: Shape

  /// How the file is cut up (tests shrink it, to make many parts and blocks of small inputs).
  struct Shape: Sendable {
    /// Records whose types are guessed; the general reader's rules pick them.
    var sampleRows = 1000
    /// Records tokenized and converted at a time: about 256 KiB of a typical file.
    var blockRows = 4096
    /// Files smaller than this are read as one part.
    var splitBytes = 1 << 20
    /// Parts of a larger file; nil for two per core.
    var parts: Int? = nil
    /// Wider files go to the general reader (the final arrays are opened one inside the other).
    var maxColumns = 256
  }

  func load() throws -> [Column]? {
    guard names.count <= shape.maxColumns, let kinds = guessKinds() else { return nil }
    let parts = partition()
    // A part holds at most one record per newline (plus an unterminated last line).
    let capacities = try Parallel.map(parts.count) { k in
      Int(seg_count_byte(bytes.baseAddress! + parts[k].lowerBound, Int64(parts[k].count), CSVTokenizer.newline))
        + (k == parts.count - 1 ? 1 : 0)
    }
    let bases = capacities.indices.map { capacities[..<$0].reduce(0, +) }
    let gaveUp = GiveUpFlag()
    let tokensLookLikeValues = naTokens.lookLikeValues(decimal: parse.decimal, dateFormat: parse.dateFormat)
    var results: [PartResult?] = []
    var textLevels: [ByteInterner] = []
    let arrays = try OpenArrays.run(kinds.map(\.storage), capacity: capacities.reduce(0, +)) { pointers in
      results = try Parallel.map(parts.count) { k in
        let out = pointers.indices.map { pointers[$0] + bases[k] * kinds[$0].storage.width }
        return try loadPart(parts[k], kinds: kinds, out: out, capacity: capacities[k], tokensLookLikeValues: tokensLookLikeValues, gaveUp: gaveUp)
      }
      guard !gaveUp.isSet, results.indices.allSatisfy({ results[$0]?.end == parts[$0].upperBound }) else { return nil }
      let finished = results.map { $0! }
      compact(pointers, kinds: kinds, bases: bases, rows: finished.map(\.rows))
      textLevels = try Parallel.map(names.count) { j in
        guard case .text = kinds[j] else { return ByteInterner() }
        return renumber(pointers[j].assumingMemoryBound(to: Int32.self), pieces: finished.map { $0.columns[j] })
      }
      return finished.reduce(0) { $0 + $1.rows }
    }
    guard let arrays else { return nil }
    let finished = results.map { $0! }
    var columns: [Column] = []
    for j in names.indices {
      let pieces = finished.map { $0.columns[j] }
      guard let column = try finish(name: names[j], kind: kinds[j], array: arrays[j], pieces: pieces, levels: textLevels[j])
      else { return nil }
      columns.append(column)
    }
    return columns
  }

  // MARK: Guessing the types

  /// What a column is read as; `pending` columns had no value in the sample and are read as
  /// whole numbers, widened to decimals, or all missing, like the general reader's. Text
  /// starts from the sample's levels, so that every part numbers them alike and the parts'
  /// codes seldom need renumbering.
  enum Kind {
    case value(CSVValueKind), pending, text(levels: [[UInt8]])

    var storage: OpenArrays.Element {
      switch self {
      case .value(.double): .double
      case .value(.bool): .bool
      case .text: .code
      case .value, .pending: .int
      }
    }
  }

  private func guessKinds() -> [Kind]? {
    let sample = tokenizer.parse(bytes, from: dataStart, limit: bytes.count, maxRecords: shape.sampleRows)
    guard sample.rows > 0, sample.badRecords.isEmpty, sample.unterminatedRecord == nil else { return nil }
    let kinds = try? Parallel.map(names.count) { j -> Kind? in
      let converter = CSVColumnConverter(
        bytes: bytes, chunks: [sample], column: j, rowCount: sample.rows, naTokens: naTokens, decimal: parse.decimal,
        encoding: encoding, dateFormat: parse.dateFormat, fileRow: { $0 }, path: "")
      // An error (text that is not UTF-8) is the general reader's to report.
      guard let (column, kind) = try? converter.convertAndTell(name: names[j]) else { return nil }
      if let kind { return .value(kind) }
      guard case .string(_, let levels) = column.storage, !levels.isEmpty else { return .pending }
      return .text(levels: levels.map(encoding.encode))
    }
    guard let kinds, kinds.allSatisfy({ $0 != nil }) else { return nil }
    return kinds.map { $0! }
  }

  // MARK: Splitting the file

  /// Byte ranges of whole lines, one or two per core; a range ends just after a newline.
  private func partition() -> [Range<Int>] {
    let size = bytes.count - dataStart
    let count = size < shape.splitBytes ? 1 : shape.parts ?? Parallel.coreCount * 2
    var starts = [dataStart]
    for k in 1..<max(1, count) {
      let bound = dataStart + size * k / count
      let next = CSVTokenizer.find(CSVTokenizer.newline, in: bytes, from: max(dataStart, bound - 1)).map { $0 + 1 } ?? bytes.count
      if next > starts.last! && next < bytes.count { starts.append(next) }
    }
    starts.append(bytes.count)
    return (0..<(starts.count - 1)).map { starts[$0]..<starts[$0 + 1] }
  }

  // MARK: Reading a part

  struct PartResult {
    var rows: Int
    /// Where the part's last record ended (its range's end unless a quoted newline moved it).
    var end: Int
    var columns: [ColumnPiece]
  }

  private func loadPart(
    _ range: Range<Int>, kinds: [Kind], out: [UnsafeMutableRawPointer], capacity: Int, tokensLookLikeValues: Bool,
    gaveUp: GiveUpFlag
  ) throws -> PartResult? {
    var pieces = kinds.indices.map { ColumnPiece(kind: kinds[$0], out: out[$0]) }
    var table = FieldTable.Builder(columns: names.count, expectedRows: shape.blockRows)
    defer { _ = table.finish() }
    var pos = range.lowerBound
    var rows = 0
    while pos < range.upperBound {
      try CancellationToken.check()
      guard !gaveUp.isSet, rows < capacity else { return gaveUp.set() }
      let block = tokenizer.parse(
        bytes, from: pos, limit: range.upperBound, maxRecords: min(shape.blockRows, capacity - rows), into: &table)
      guard block.badRecords.isEmpty, block.unterminatedRecord == nil else { return gaveUp.set() }
      let view = table.view
      for j in pieces.indices {
        guard pieces[j].take(view, column: j, at: rows, parse: parse, missing: naTokens, missingLookLikeValues: tokensLookLikeValues)
        else { return gaveUp.set() }
      }
      rows += view.rows
      pos = block.end
    }
    return PartResult(rows: rows, end: pos, columns: pieces)
  }

  /// Moves each part's rows down to follow the previous part's (a part whose lines were not
  /// all records, such as blank lines, leaves a gap).
  private func compact(_ pointers: [UnsafeMutableRawPointer], kinds: [Kind], bases: [Int], rows: [Int]) {
    var next = 0
    for k in bases.indices {
      if next != bases[k] {
        for (j, p) in pointers.enumerated() {
          let width = kinds[j].storage.width
          (p + next * width).copyMemory(from: p + bases[k] * width, byteCount: rows[k] * width)
        }
      }
      next += rows[k]
    }
  }

  // MARK: Putting the pieces together

  private func finish(name: String, kind: Kind, array: OpenArrays.Storage, pieces: [ColumnPiece], levels: ByteInterner) throws
    -> Column?
  {
    let rows = pieces.reduce(0) { $0 + $1.rows }
    let mask = ColumnPiece.mask(of: pieces, rows: rows)
    switch (kind, array) {
    case (.text, .code(let codes)):
      guard let levels = strings(levels) else { return nil }
      return Column(name: name, storage: .string(codes: codes, levels: levels), validity: mask)
    case (.value(.bool), .bool(let values)):
      return Column(name: name, storage: .bool(values), validity: mask)
    case (.value(.double), .double(let values)):
      return Column(name: name, storage: .double(values), validity: mask)
    case (.value(.int), .int(let values)), (.pending, .int(let values)):
      if pieces.allSatisfy({ $0.present == 0 }) {  // never a value: numeric, as the general reader makes
        return Column(name: name, storage: .double(Array(repeating: .nan, count: rows)), validity: mask)
      }
      guard pieces.contains(where: \.widened) else { return Column(name: name, storage: .int(values), validity: mask) }
      // "-0" read as a whole number lost its sign, which the general reader's decimal keeps.
      guard !pieces.contains(where: \.negativeZero) else { return nil }
      var offset = 0
      var doubles = [Double](repeating: 0, count: rows)
      for piece in pieces {
        for r in offset..<(offset + piece.rows) {
          doubles[r] = piece.widened ? Double(bitPattern: UInt64(UInt(bitPattern: values[r]))) : Double(values[r])
        }
        offset += piece.rows
      }
      return Column(name: name, storage: .double(doubles), validity: mask)
    case (.value(.date), .int(let values)):
      return Column(name: name, storage: .date(values), validity: mask)
    case (.value(.datetime), .int(let values)):
      return Column(name: name, storage: .datetime(values), validity: mask)
    case (.value(.formatted), .int(let values)):
      return Column(name: name, storage: parse.formattedStorage(values), validity: mask)
    default:
      preconditionFailure("column \(name): storage does not match its kind")
    }
  }

  /// The levels of all parts in order of first appearance; the codes of a part that met
  /// them in another order are renumbered.
  private func renumber(_ codes: UnsafeMutablePointer<Int32>, pieces: [ColumnPiece]) -> ByteInterner {
    var all = ByteInterner(capacity: 256)
    var offset = 0
    for piece in pieces {
      defer { offset += piece.rows }
      let local = piece.text!.interner  // renumber is called for text columns only
      let map = (0..<local.count).map { c in local.bytes(of: c).withUnsafeBufferPointer { all.intern($0) } }
      guard map.indices.contains(where: { map[$0] != Int32($0) }) else { continue }
      for r in offset..<(offset + piece.rows) { codes[r] = map[Int(codes[r])] }
      for r in piece.missingRows { codes[offset + Int(r)] = 0 }  // missing rows keep code 0, as the general reader's
    }
    return all
  }

  /// The levels as text; nil when one is not valid UTF-8.
  private func strings(_ levels: ByteInterner) -> [String]? {
    var out: [String] = []
    out.reserveCapacity(levels.count)
    for c in 0..<levels.count {
      guard let level = encoding.decode(levels.bytes(of: c)) else { return nil }
      out.append(level)
    }
    return out
  }
}

/// Set by the first part that gives up, so the others stop too.
final class GiveUpFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  var isSet: Bool { flag.load(ordering: .relaxed) }
  /// Sets the flag; nil, for the part to return.
  func set<T>() -> T? {
    flag.store(true, ordering: .relaxed)
    return nil
  }
}
