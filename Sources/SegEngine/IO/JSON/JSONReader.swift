/// Reads customer records from JSON: an array of flat objects (what `export format=json`
/// writes) or NDJSON, one object per line. Values keep their JSON type (a quoted "00123"
/// stays text); text columns whose every value is an ISO date or date-time become dates, as
/// in CSV. Errors say line:column and what to do.
public enum JSONReader {
  /// Larger files are refused before any work: the records' columns would not fit memory comfortably.
  static let maxBytes = 1 << 30

  public static func read(path: String) throws -> DataFrame {
    try FileBytes.withContents(path) { try read(buffer: $0, path: path) }
  }

  /// - Parameter firstLine: the line the bytes start at, for errors in a part of a stream.
  public static func read(bytes: [UInt8], path: String, firstLine: Int = 1) throws -> DataFrame {
    try bytes.withUnsafeBufferPointer { try read(buffer: $0, path: path, firstLine: firstLine) }
  }

  static func read(buffer: UnsafeBufferPointer<UInt8>, path: String, firstLine: Int = 1) throws -> DataFrame {
    guard buffer.count <= maxBytes else {
      throw EngineError.io(path: path, reason: "the file is larger than 1 GiB; split it, or write it as Parquet")
    }
    var parser = JSONRecordParser(bytes: buffer, path: path)
    parser.firstLine = firstLine
    return try parser.frame()
  }
}

/// The parser behind `JSONReader`: walks the bytes once, filling one builder per key.
struct JSONRecordParser {
  let b: UnsafeBufferPointer<UInt8>
  let path: String
  var i = 0
  var columns: [RecordColumnBuilder] = []
  var indexOfKey: [String: Int] = [:]
  var rows = 0
  /// The line the bytes start at (1 for a whole file).
  var firstLine = 1

  init(bytes: UnsafeBufferPointer<UInt8>, path: String) {
    self.b = bytes
    self.path = path
  }

  mutating func frame() throws -> DataFrame {
    i = FileFormat.afterByteOrderMarks(b)
    skipSpace()
    guard i < b.count else { throw fail(i, "the file is empty", "check that this is the file you meant") }
    switch b[i] {
    case UInt8(ascii: "["):
      i += 1
      skipSpace()
      if peek(UInt8(ascii: "]")) {
        i += 1
      } else {
        while true {
          skipSpace()
          guard peek(UInt8(ascii: "{")) else {
            throw fail(i, "element \(rows + 1) of the array is \(describeValue(at: i)), not an object", "seg reads an array of objects, one per record")
          }
          try object()
          skipSpace()
          if peek(UInt8(ascii: ",")) { i += 1; continue }
          guard peek(UInt8(ascii: "]")) else { throw fail(i, "expected , or ] after a record, found \(describeByte(at: i))", "check the punctuation between records") }
          i += 1
          break
        }
      }
      skipSpace()
      guard i == b.count else { throw fail(i, "more data after the closing ]", "a JSON file holds one array; for one record per line, write NDJSON") }
    case UInt8(ascii: "{"):
      // NDJSON: objects one after another, one per line by convention.
      while i < b.count {
        guard peek(UInt8(ascii: "{")) else {
          throw fail(i, "expected a record ({…}), found \(describeByte(at: i))", "NDJSON holds one object per line")
        }
        try object()
        skipSpace()
      }
    default:
      throw fail(i, "the file holds \(describeValue(at: i)), not records", "seg reads an array of objects or NDJSON (one object per line)")
    }
    guard !columns.isEmpty else {
      throw EngineError.io(path: path, reason: rows == 0 ? "holds no records" : "the records have no fields")
    }
    return try DataFrame(columns: columns.map { $0.column(rows: rows, datesFromText: true) })
  }

  /// One record; its keys become columns the first time they appear.
  private mutating func object() throws {
    i += 1  // {
    var seen = Set<Int>()
    skipSpace()
    if peek(UInt8(ascii: "}")) {
      i += 1
      rows += 1
      return
    }
    while true {
      skipSpace()
      guard peek(UInt8(ascii: "\"")) else { throw fail(i, "expected a quoted key, found \(describeByte(at: i))", "keys are written in double quotes") }
      let keyStart = i
      let key = try string()
      skipSpace()
      guard peek(UInt8(ascii: ":")) else { throw fail(i, "expected : after the key \"\(key)\", found \(describeByte(at: i))", "write \"key\": value") }
      i += 1
      skipSpace()
      let j: Int
      if let known = indexOfKey[key] {
        j = known
      } else {
        j = columns.count
        indexOfKey[key] = j
        columns.append(RecordColumnBuilder(name: key))
      }
      guard seen.insert(j).inserted else { throw fail(keyStart, "the key \"\(key)\" appears twice in record \(rows + 1)", "keep one of them") }
      let valueStart = i
      let value = try scalar()
      if let problem = columns[j].append(value, row: rows), let type = value.type {
        throw fail(valueStart, "\"\(key)\" in record \(rows + 1) is \(RecordColumnBuilder.described(type)) but \(problem)", "make the field one type in every record (quote numbers meant as text), or null when it is missing")
      }
      skipSpace()
      if peek(UInt8(ascii: ",")) { i += 1; continue }
      guard peek(UInt8(ascii: "}")) else { throw fail(i, "expected , or } after a value, found \(describeByte(at: i))", "check the punctuation of this record") }
      i += 1
      break
    }
    rows += 1
  }

  /// A value that fits in a column; objects and arrays are refused where they start.
  private mutating func scalar() throws -> Scalar {
    guard i < b.count else { throw fail(i, "the file ends where a value should be", "the file may be cut short") }
    switch b[i] {
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try word("true"); return .bool(true)
    case UInt8(ascii: "f"): try word("false"); return .bool(false)
    case UInt8(ascii: "n"): try word("null"); return .missing
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      // One object holding others is most often a saved model or a settings file, not records.
      let hint = rows == 0 ? "; a model saved with save model is read with load model \"file\"" : ""
      throw fail(i, "a nested \(b[i] == UInt8(ascii: "{") ? "object" : "array") as a field's value", "seg reads flat records; flatten it first (for example with jq) or export it as its own table" + hint)
    default:
      throw fail(i, "expected a value, found \(describeByte(at: i))", "values are numbers, \"text\", true, false or null")
    }
  }

  private mutating func word(_ w: StaticString) throws {
    let n = w.utf8CodeUnitCount
    let start = i
    guard b.count - i >= n, (0..<n).allSatisfy({ b[i + $0] == w.utf8Start[$0] }) else {
      throw fail(start, "expected \(w), found \(describeByte(at: start))", "values are numbers, \"text\", true, false or null")
    }
    i += n
  }

  /// A JSON number: whole numbers that fit 64 bits as integers, the rest as doubles.
  private mutating func number() throws -> Scalar {
    let start = i
    if b[i] == UInt8(ascii: "-") { i += 1 }
    let digitsStart = i
    while i < b.count, isDigit(b[i]) { i += 1 }
    guard i > digitsStart else { throw fail(start, "a minus sign without digits", "write a number such as -1.5") }
    guard !(b[digitsStart] == UInt8(ascii: "0") && i - digitsStart > 1) else {
      throw fail(start, "a number with a leading zero", "JSON numbers have no leading zeros; quote it if it is a code")
    }
    var integral = true
    if i < b.count, b[i] == UInt8(ascii: ".") {
      integral = false
      i += 1
      let f = i
      while i < b.count, isDigit(b[i]) { i += 1 }
      guard i > f else { throw fail(start, "a number ends in a decimal point", "write digits after the point") }
    }
    if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
      integral = false
      i += 1
      if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
      let e = i
      while i < b.count, isDigit(b[i]) { i += 1 }
      guard i > e else { throw fail(start, "a number's exponent has no digits", "write it like 1.5e3") }
    }
    if integral, let v = NumberParsing.parseInt(b, start, i) { return .int(v) }
    guard let d = NumberParsing.parseDouble(b, start, i, decimal: UInt8(ascii: ".")), d.isFinite else {
      throw fail(start, "the number is too large for a double", "quote it if it is an identifier")
    }
    return .double(d)
  }

  /// A quoted string, escapes decoded; invalid UTF-8 is replaced, as elsewhere in seg.
  private mutating func string() throws -> String {
    let start = i
    i += 1
    let contentStart = i
    var plain = true
    while i < b.count {
      let c = b[i]
      if c == UInt8(ascii: "\"") {
        defer { i += 1 }
        if plain { return String(decoding: UnsafeBufferPointer(rebasing: b[contentStart..<i]), as: UTF8.self) }
        return try unescape(contentStart, i)
      }
      if c == UInt8(ascii: "\\") {
        plain = false
        i += 2
        continue
      }
      guard c >= 0x20 else { throw fail(i, "a control character inside a string", "write a line break as \\n and a tab as \\t") }
      i += 1
    }
    throw fail(start, "a string never closes", "add the closing quote (\"); the file may be cut short")
  }

  private func unescape(_ s: Int, _ e: Int) throws -> String {
    var out: [UInt8] = []
    out.reserveCapacity(e - s)
    var k = s
    func hex4(_ at: Int) throws -> UInt32 {
      guard at + 4 <= e else { throw fail(at, "\\u needs four hex digits", "write it like \\u00e9") }
      var v: UInt32 = 0
      for p in at..<(at + 4) {
        guard let d = hexValue(b[p]) else { throw fail(at, "\\u needs four hex digits", "write it like \\u00e9") }
        v = v << 4 | d
      }
      return v
    }
    while k < e {
      let c = b[k]
      guard c == UInt8(ascii: "\\") else {
        out.append(c)
        k += 1
        continue
      }
      guard k + 1 < e else { throw fail(k, "a backslash ends the string", "write a backslash as \\\\") }
      let escaped = b[k + 1]
      k += 2
      switch escaped {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
      case UInt8(ascii: "b"): out.append(8)
      case UInt8(ascii: "f"): out.append(12)
      case UInt8(ascii: "n"): out.append(10)
      case UInt8(ascii: "r"): out.append(13)
      case UInt8(ascii: "t"): out.append(9)
      case UInt8(ascii: "u"):
        var code = try hex4(k)
        k += 4
        // A surrogate pair spells one character beyond the basic plane.
        if (0xD800..<0xDC00).contains(code), k + 6 <= e, b[k] == UInt8(ascii: "\\"), b[k + 1] == UInt8(ascii: "u") {
          let low = try hex4(k + 2)
          if (0xDC00..<0xE000).contains(low) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            k += 6
          }
        }
        out += Array(String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8)
      default:
        throw fail(k - 2, "an unknown escape \\\(Character(Unicode.Scalar(escaped)))", "JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private mutating func skipSpace() {
    while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
  }

  private func peek(_ c: UInt8) -> Bool { i < b.count && b[i] == c }

  private func describeByte(at k: Int) -> String {
    guard k < b.count else { return "the end of the file" }
    let c = b[k]
    return c >= 0x21 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : String(format: "byte 0x%02X", c)
  }

  private func describeValue(at k: Int) -> String {
    guard k < b.count else { return "nothing" }
    switch b[k] {
    case UInt8(ascii: "["): return "an array"
    case UInt8(ascii: "\""): return "text"
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a true/false value"
    case UInt8(ascii: "n"): return "null"
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
    default: return describeByte(at: k)
    }
  }

  /// An error at byte `offset`, as file:line:column (columns count characters, from 1).
  func fail(_ offset: Int, _ problem: String, _ hint: String) -> EngineError {
    var line = firstLine
    var lineStart = 0
    for k in 0..<min(offset, b.count) where b[k] == 0x0A {
      line += 1
      lineStart = k + 1
    }
    let column = (lineStart..<min(offset, b.count)).reduce(1) { $0 + (b[$1] & 0xC0 == 0x80 ? 0 : 1) }
    return .io(path: "\(path):\(line):\(column)", reason: "\(problem); \(hint)")
  }
}

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

private func hexValue(_ c: UInt8) -> UInt32? {
  switch c {
  case 0x30...0x39: UInt32(c - 0x30)
  case 0x41...0x46: UInt32(c - 0x41 + 10)
  case 0x61...0x66: UInt32(c - 0x61 + 10)
  default: nil
  }
}
