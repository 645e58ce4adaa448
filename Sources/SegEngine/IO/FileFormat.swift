/// What a file holds, told from its first bytes rather than its name, so that a file in
/// another format is named as such instead of failing as malformed CSV.
public enum FileFormat: String, Sendable {
  case csv, json, sqlite, parquet, zip, pdf

  /// The format the bytes look like; text that is not JSON counts as CSV.
  public static func sniff(_ b: UnsafeBufferPointer<UInt8>, from begin: Int = 0) -> FileFormat {
    func starts(_ magic: [UInt8]) -> Bool { b.count - begin >= magic.count && (0..<magic.count).allSatisfy { b[begin + $0] == magic[$0] } }
    if starts(Array("SQLite format 3\u{0}".utf8)) { return .sqlite }
    if starts(Array("PAR1".utf8)) { return .parquet }
    if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0xD0, 0xCF, 0x11, 0xE0]) { return .zip }
    if starts(Array("%PDF".utf8)) { return .pdf }
    var i = begin
    while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    guard i < b.count, b[i] == UInt8(ascii: "[") || b[i] == UInt8(ascii: "{") else { return .csv }
    // JSON opens an array or object with a value, a key or its end; a CSV header such as
    // `[id],name` does not.
    var j = i + 1
    while j < b.count, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0A || b[j] == 0x0D { j += 1 }
    guard j < b.count else { return .csv }
    return Array("\"{[]}".utf8).contains(b[j]) || (b[i] == UInt8(ascii: "[") && (b[j] == UInt8(ascii: "-") || (0x30...0x39).contains(b[j]))) ? .json : .csv
  }

  /// Where the content starts after UTF-8 byte order marks, even doubled (a file saved
  /// twice by a tool that adds one).
  static func afterByteOrderMarks(_ b: UnsafeBufferPointer<UInt8>) -> Int {
    var i = 0
    while b.count >= i + 3 && b[i] == 0xEF && b[i + 1] == 0xBB && b[i + 2] == 0xBF { i += 3 }
    return i
  }

  /// How people name the format in a message.
  public var described: String {
    switch self {
    case .csv: "CSV"
    case .json: "JSON"
    case .sqlite: "an SQLite database"
    case .parquet: "Parquet"
    case .zip: "a ZIP archive or an Excel workbook"
    case .pdf: "a PDF document"
    }
  }
}
