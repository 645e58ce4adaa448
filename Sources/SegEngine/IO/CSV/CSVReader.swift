/// Reads CSV files into frames: sniffs the delimiter, infers column types, and parses large
/// files on all cores. Errors name the file and row and say what to do.
public enum CSVReader {
  public static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> TableReadResult {
    try FileBytes.withContents(path) { try read(buffer: $0, path: path, options: options) }
  }

  public static func read(bytes: [UInt8], path: String, options: CSVReadOptions = CSVReadOptions()) throws
    -> TableReadResult
  {
    try bytes.withUnsafeBufferPointer { try read(buffer: $0, path: path, options: options) }
  }

  static func read(buffer whole: UnsafeBufferPointer<UInt8>, path: String, options: CSVReadOptions) throws
    -> TableReadResult
  {
    guard whole.count <= CSVTokenizer.maxBytes else {
      throw EngineError.csv(CSVError(path: path, row: nil, problem: "the file is larger than 1 GiB", hint: "split it into smaller files"))
    }
    // Lines ended by CR alone (Excel's "CSV (Macintosh)"): read as LF, as pandas does.
    let head = UnsafeBufferPointer(rebasing: whole.prefix(1 << 20))
    if !head.contains(CSVTokenizer.newline) && head.contains(CSVTokenizer.cr) {
      let lines = whole.map { $0 == CSVTokenizer.cr ? CSVTokenizer.newline : $0 }
      return try lines.withUnsafeBufferPointer { try read(buffer: $0, path: path, options: options) }
    }
    var begin = FileFormat.afterByteOrderMarks(whole)
    let b = whole
    func fail(_ row: Int?, _ problem: String, _ hint: String) -> EngineError {
      .csv(CSVError(path: path, row: row, problem: problem, hint: hint))
    }
    while begin < b.count && (b[begin] == CSVTokenizer.newline || b[begin] == CSVTokenizer.cr) { begin += 1 }
    guard begin < b.count else { throw fail(nil, "the file is empty", "check that this is the file you meant") }
    let format = FileFormat.sniff(b, from: begin)
    guard format == .csv else {
      let hint = switch format {
      case .zip: "unzip it, or save the sheet as CSV, and load that"
      case .sqlite: "read a table of it with load sqlite \"\(path)\" table=name"
      default: "load reads CSV, JSON and SQLite; export the data as one of those"
      }
      throw fail(nil, "this file holds \(format.described), not CSV", hint)
    }
    let delimiter = options.delimiter ?? DelimiterSniffer.sniff(b, from: begin)
    let width = CSVTokenizer(delimiter: delimiter, columnCount: 1).countFields(b, from: begin)
    guard width > 0 else { throw fail(1, "the first row has no fields", "check the file and the delimiter") }
    let tokenizer = CSVTokenizer(delimiter: delimiter, columnCount: width)
    var notes: [String] = []
    var names: [String]
    var dataStart = begin
    if options.header {
      let head = tokenizer.parse(b, from: begin, limit: b.count, maxRecords: 1)
      if head.unterminatedRecord != nil {
        throw fail(1, "a quoted header field never closes", "add the missing closing quote (\")")
      }
      if let bad = head.badRecords.first, head.rows == 0 {
        throw fail(bad.record + 1, "the header row: \(bad.problem)", "fix the header, or load with header=false")
      }
      names = (0..<width).map { j -> String in
        let f = head.fields.view.column(j).field(0)
        let raw = UnsafeBufferPointer(rebasing: b[f.start..<f.end])
        let text = options.encoding == .latin1
          ? String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
          : String(decoding: raw, as: UTF8.self)
        return f.flags & CSVTokenizer.escapedFlag != 0 ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
      }
      dataStart = head.end
    } else {
      names = (1...width).map { "column_\($0)" }
    }
    names = HeaderNames.uniquify(names, notes: &notes)
    let dateFormat = try options.dateFormat.map { try DateParsing.Format($0) }
    let naTokens = MissingTokens(options.naTokens, matchQuoted: options.quotedMissing)
    let parse = FieldParsers(bytes: b, decimal: options.decimalComma ? UInt8(ascii: ",") : UInt8(ascii: "."), dateFormat: dateFormat)

    ProgressReporter.report("load: reading \(b.count / 1_048_576) MB")
    if options.blockReader, let columns = try CSVBlockLoader(
      bytes: b, tokenizer: tokenizer, dataStart: dataStart, names: names, parse: parse, naTokens: naTokens,
      encoding: options.encoding, shape: options.blockShape
    ).load() {
      return TableReadResult(frame: try DataFrame(columns: columns), skippedRows: [], notes: notes, onePass: true)
    }
    ProgressReporter.report("load: splitting \(b.count / 1_048_576) MB into fields")
    let chunks = try tokenize(b, from: dataStart, tokenizer: tokenizer)
    let headerRows = options.header ? 1 : 0
    var recordBase = [Int]()
    var base = leadingBlankLines(b, begin) + headerRows
    for c in chunks {
      recordBase.append(base)
      base += c.records
    }
    var skipped: [Int] = []
    for (k, c) in chunks.enumerated() {
      if let r = c.unterminatedRecord {
        throw fail(recordBase[k] + r + 1, "a quoted field never closes", "add the missing closing quote (\"), or check the quoting of this row")
      }
      for bad in c.badRecords {
        let row = recordBase[k] + bad.record + 1
        if options.onBadRows == .error {
          throw fail(row, bad.problem, "fix the row, or load with on_bad_rows=skip to skip such rows")
        }
        skipped.append(row)
      }
    }
    let rowCount = chunks.reduce(0) { $0 + $1.rows }
    var chunkOfRow: [(first: Int, chunk: Int)] = []
    var first = 0
    for (k, c) in chunks.enumerated() {
      chunkOfRow.append((first, k))
      first += c.rows
    }
    let fileRow: (Int) -> Int = { row in
      let entry = chunkOfRow.last { $0.first <= row } ?? (0, 0)
      let c = chunks[entry.chunk]
      return recordBase[entry.chunk] + Int(c.recordOfRow[row - entry.first]) + 1
    }
    ProgressReporter.report("load: typing \(width) columns")
    let columns = try Parallel.map(width) { j in
      try CSVColumnConverter(
        bytes: b, chunks: chunks, column: j, rowCount: rowCount, naTokens: naTokens, decimal: parse.decimal,
        encoding: options.encoding, dateFormat: dateFormat, fileRow: fileRow, path: path
      ).convert(name: names[j])
    }
    return TableReadResult(frame: try DataFrame(columns: columns), skippedRows: skipped, notes: notes)
  }

  private static func leadingBlankLines(_ b: UnsafeBufferPointer<UInt8>, _ begin: Int) -> Int {
    (0..<begin).reduce(0) { $0 + (b[$1] == CSVTokenizer.newline ? 1 : 0) }
  }

  /// Parses the data in chunks on all cores. Each chunk after the first guesses that it starts
  /// after a newline; the guess is checked against where the previous chunk really ended
  /// (a quoted field may hold newlines) and the chunk is parsed again when it was wrong.
  private static func tokenize(_ b: UnsafeBufferPointer<UInt8>, from start: Int, tokenizer: CSVTokenizer) throws
    -> [CSVTokenizer.Chunk]
  {
    let size = b.count - start
    let parts = size < (1 << 20) ? 1 : Parallel.coreCount * 2
    let bounds = (0...parts).map { start + size * $0 / parts }
    let starts = (0..<parts).map { k -> Int in
      guard k > 0 else { return start }
      guard let nl = CSVTokenizer.find(CSVTokenizer.newline, in: b, from: max(start, bounds[k] - 1)) else {
        return b.count
      }
      return nl + 1
    }
    var chunks = try Parallel.map(parts) { k in
      try CancellationToken.check()
      return tokenizer.parse(b, from: starts[k], limit: max(starts[k], bounds[k + 1]))
    }
    for k in 1..<max(1, parts) where chunks[k - 1].end != starts[k] {
      if chunks[k - 1].unterminatedRecord != nil { break }
      chunks[k] = tokenizer.parse(b, from: chunks[k - 1].end, limit: max(chunks[k - 1].end, bounds[k + 1]))
    }
    return chunks
  }
}

/// Picks the field separator that splits the first lines most consistently.
enum DelimiterSniffer {
  static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

  static func sniff(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
    var counts = [[Int]](repeating: [], count: candidates.count)
    var line = [Int](repeating: 0, count: candidates.count)
    var inQuotes = false
    var i = start
    var lines = 0
    while i < b.count && lines < 20 {
      let c = b[i]
      if c == CSVTokenizer.quote {
        inQuotes.toggle()
      } else if !inQuotes {
        if c == CSVTokenizer.newline {
          for k in candidates.indices { counts[k].append(line[k]) }
          line = line.map { _ in 0 }
          lines += 1
        } else if let k = candidates.firstIndex(of: c) {
          line[k] += 1
        }
      }
      i += 1
    }
    if lines < 20 && line.contains(where: { $0 > 0 }) { for k in candidates.indices { counts[k].append(line[k]) } }
    var best = candidates[0]
    var bestScore = (0, 0)
    for (k, c) in counts.enumerated() where !c.isEmpty {
      let consistent = c.allSatisfy { $0 == c[0] } && c[0] > 0 ? 1 : 0
      let score = (consistent, c[0])
      if score > bestScore {
        bestScore = score
        best = candidates[k]
      }
    }
    return best
  }
}

/// Makes header names usable: empty names get `column_N`, repeated names get `_2`, `_3`.
enum HeaderNames {
  static func uniquify(_ names: [String], notes: inout [String]) -> [String] {
    var seen = Set<String>()
    var out: [String] = []
    for (j, raw) in names.enumerated() {
      var name = raw.trimmingCharacters(in: .whitespaces).isEmpty ? "column_\(j + 1)" : raw
      if name != raw { notes.append("column \(j + 1) has no name; called it \(name)") }
      if seen.contains(name) {
        var k = 2
        while seen.contains("\(name)_\(k)") { k += 1 }
        notes.append("column \(j + 1) repeats the name \"\(name)\"; called it \(name)_\(k)")
        name = "\(name)_\(k)"
      }
      seen.insert(name)
      out.append(name)
    }
    return out
  }
}

import Foundation
