/// Labels a stream of customers with a saved segmentation a chunk of records at a time, so
/// memory stays flat however long the stream is (`seg assign MODEL.json`): CSV with a header
/// line, or NDJSON, in; the customer key (or the row number), the label and the segment name
/// out, in the same format. Each chunk is labelled exactly as `assign` labels a whole frame:
/// the model's steps replay what they learned, row by row.
public struct StreamingAssignment {
  public enum Format: String, Sendable { case csv, ndjson }

  public let model: SegmentationModel
  /// The column written beside each label; nil: the input's customer key, else the row number.
  public var key: String?
  /// Records per chunk: memory grows with it, not with the stream.
  public var chunkRows = 50_000
  /// The longest record read: a stream that never ends a record is refused, not held whole.
  public var maxRecordBytes = 1 << 28
  /// How error messages name the input.
  public var inputName = "<stdin>"

  public init(model: SegmentationModel, key: String? = nil) {
    self.model = model
    self.key = key
  }

  /// Reads blocks from `read` (nil at the end) until the stream ends, writing labelled records
  /// to `write`; returns how many customers were labelled. The format is the stream's: NDJSON
  /// when its first byte is `{`, CSV otherwise.
  public func run(read: () throws -> [UInt8]?, write: ([UInt8]) throws -> Void) throws -> Int {
    var pending: [UInt8] = []
    // Where the records held in `pending` end, found as the bytes arrive (each byte looked at once).
    var ends: [Int] = []
    var scanned = 0
    var inQuotes = false
    var header: [UInt8]? = nil
    var format: Format? = nil
    var state = StreamState()
    var records = 0
    var labelled = 0
    var ended = false
    while !ended {
      if let block = try read() { pending += block } else { ended = true }
      if format == nil, let first = pending.first(where: { !Self.isSpace($0) }) { format = first == UInt8(ascii: "{") ? .ndjson : .csv }
      guard let format else { continue }
      Self.recordEnds(in: pending, from: scanned, quotes: format == .csv, inQuotes: &inQuotes, into: &ends)
      scanned = pending.count
      let tailStart = ends.last ?? 0
      if ended && !inQuotes && !pending[tailStart...].allSatisfy(Self.isSpace) { ends.append(pending.count) }
      if pending.count - tailStart > maxRecordBytes || ended && inQuotes {
        throw EngineError.csv(CSVError(path: inputName, row: records + ends.count + (header == nil ? 1 : 2),
          problem: inQuotes ? "a quoted field is never closed" : "a record runs past \(ValueFormatter.grouped(maxRecordBytes)) bytes without ending",
          hint: inQuotes ? "close the quote, or check the row's quoting" : "check that the input is one customer a line"))
      }
      if format == .csv && header == nil {
        guard let end = ends.first else { continue }
        header = Array(pending[..<end])
        pending.removeFirst(end)
        ends = ends.dropFirst().map { $0 - end }
        scanned -= end
      }
      var start = 0
      var count = 0
      for end in ends {
        count += 1
        if count == chunkRows || end == ends.last! && ended {
          labelled += try label(Array(pending[start..<end]), header: header, format: format, before: records, state: &state, write: write)
          records += count
          start = end
          count = 0
        }
      }
      // Chunks are cut only at chunkRows records or the end, so a short tail waits for more.
      if start > 0 {
        pending.removeFirst(start)
        ends = ends.filter { $0 > start }.map { $0 - start }
        scanned -= start
      }
    }
    if labelled == 0, format == .csv || format == nil { try write(Self.headerLine(key: key ?? "row", label: model.label, named: !model.segmentNames.isEmpty)) }
    return labelled
  }

  /// What carries over between chunks: whether the header went out, the key column chosen.
  struct StreamState {
    var wroteHeader = false
    var key: String?
  }

  private func label(_ bytes: [UInt8], header: [UInt8]?, format: Format, before: Int, state: inout StreamState,
                     write: ([UInt8]) throws -> Void) throws -> Int {
    let frame: DataFrame
    do {
      switch format {
      case .csv:
        var options = CSVReadOptions()
        options.delimiter = Self.delimiter(header ?? [])
        frame = try CSVReader.read(bytes: (header ?? []) + bytes, path: inputName, options: options).frame
      case .ndjson:
        frame = try JSONReader.read(bytes: bytes, path: inputName, firstLine: before + 1)
      }
    } catch EngineError.csv(var error) {
      // Rows count from the stream's start: the header is row 1, as when loading a file.
      error.row = error.row.map { $0 + before }
      throw EngineError.csv(error)
    }
    guard frame.rowCount > 0 else { return 0 }
    try checkNumbers(frame, before: before + (format == .csv ? 1 : 0))
    if state.key == nil { state.key = key ?? frame.customerKey ?? "row" }
    let keyName = state.key!
    let labelled: DataFrame
    do {
      labelled = try model.label(frame, as: model.label)
    } catch EngineError.missingValues(let column, let count, let firstRow) {
      throw EngineError.missingValues(column: column, count: count, firstRow: firstRow + before + (format == .csv ? 1 : 0))
    }
    var columns: [Column] = []
    if keyName == "row" && frame.index(of: "row") == nil {
      columns.append(.ints("row", (0..<frame.rowCount).map { before + $0 + 1 }))
    } else {
      var key = try frame.column(keyName)
      key.name = keyName
      columns.append(key)
    }
    columns.append(try labelled.column(model.label))
    if let names = try? labelled.column(model.label + "_name") { columns.append(names) }
    let out = try DataFrame(columns: columns)
    switch format {
    case .csv:
      var text = CSVWriter.encode(out)
      if state.wroteHeader, let newline = text.firstIndex(of: UInt8(ascii: "\n")) { text.removeSubrange(...newline) }
      try write(text)
    case .ndjson:
      try write(JSONWriter.encodeLines(out))
    }
    state.wroteHeader = true
    return frame.rowCount
  }

  /// A column the model read as numbers that reads as text in this chunk: the first value
  /// that is not a number, by its row in the stream.
  private func checkNumbers(_ frame: DataFrame, before: Int) throws {
    for feature in model.baseline?.features ?? [] where !feature.isCategorical && feature.type != .date && feature.type != .datetime {
      guard let column = try? frame.column(feature.column), column.type == .string else { continue }
      let texts = column.plainTexts
      let row = texts.firstIndex { $0.map { Double($0) == nil } ?? false } ?? 0
      throw EngineError.csv(CSVError(path: inputName, row: before + row + 1,
        problem: "\(feature.column) is \"\(texts[row] ?? "")\", not a number as when the model was fitted", hint: "fix or leave out the row"))
    }
  }

  static func headerLine(key: String, label: String, named: Bool) -> [UInt8] {
    Array(([key, label] + (named ? [label + "_name"] : [])).joined(separator: ",").utf8) + [UInt8(ascii: "\n")]
  }

  /// The header's most frequent separator among , ; tab and |; a comma when it has none.
  static func delimiter(_ header: [UInt8]) -> UInt8 {
    let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
    let counts = candidates.map { c in header.filter { $0 == c }.count }
    let best = counts.indices.max { counts[$0] < counts[$1] }!
    return counts[best] == 0 ? UInt8(ascii: ",") : candidates[best]
  }

  /// Appends where each record ends (after its newline) in `bytes` from `start` on. A quoted
  /// CSV field may hold newlines; an NDJSON record is one line.
  static func recordEnds(in bytes: [UInt8], from start: Int, quotes: Bool, inQuotes: inout Bool, into ends: inout [Int]) {
    let newline = UInt8(ascii: "\n"), quote = UInt8(ascii: "\"")
    bytes.withUnsafeBufferPointer { b in
      var quoted = inQuotes
      var i = start
      // Most bytes are neither: sixteen at a time are ruled out by one comparison (both sort
      // before every letter, digit and separator but space and tab).
      let low = SIMD16<UInt8>(repeating: quote)
      while i < b.count {
        if i + 16 <= b.count, !any(UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: SIMD16<UInt8>.self) .<= low) {
          i += 16
          continue
        }
        for j in i..<min(i + 16, b.count) {
          if b[j] == quote && quotes { quoted.toggle() } else if b[j] == newline && !quoted { ends.append(j + 1) }
        }
        i += 16
      }
      inQuotes = quoted
    }
  }

  static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}
