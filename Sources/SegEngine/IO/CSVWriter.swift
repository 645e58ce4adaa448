import Foundation

/// Writes frames as RFC 4180 CSV (comma-separated, `\n` rows, quotes only where needed),
/// atomically. Text equal to a missing-value token is quoted so that it reads back as text.
public enum CSVWriter {
  public static let defaultNATokens: Set<String> = ["", "NA", "N/A", "null", "NaN"]

  /// The separator and decimal mark of a file: `,` and `.` by default; `;` and `,` for
  /// spreadsheets set to a continental European locale.
  public struct Dialect: Sendable, Equatable {
    public var delimiter: UInt8
    public var decimalComma: Bool
    public init(delimiter: UInt8 = UInt8(ascii: ","), decimalComma: Bool = false) {
      self.delimiter = delimiter
      self.decimalComma = decimalComma
    }
  }

  public static func encode(_ frame: DataFrame, naTokens: Set<String> = defaultNATokens, dialect: Dialect = Dialect()) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(frame.rowCount * max(1, frame.columns.count) * 8 + 64)
    out += frame.columns.map { quoted($0.name, naTokens: []) }.joined(separator: [dialect.delimiter])
    out.append(10)
    // Text levels are encoded once, not once per row.
    let levelBytes: [[[UInt8]]] = frame.columns.map { c in
      if case .string(_, let levels) = c.storage { return levels.map { quoted($0, naTokens: naTokens) } }
      return []
    }
    for i in 0..<frame.rowCount {
      for (j, c) in frame.columns.enumerated() {
        if j > 0 { out.append(dialect.delimiter) }
        guard c.isValid(i) else { continue }
        switch c.storage {
        case .string(let codes, _): out += levelBytes[j][Int(codes[i])]
        case .int(let v): out += String(v[i]).utf8
        case .double(let v) where dialect.decimalComma:
          out += ValueFormatter.plain(.double(v[i])).utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: ",") : $0 }
        default: out += ValueFormatter.plain(c.value(at: i)).utf8
        }
      }
      out.append(10)
    }
    return out
  }

  /// The field as CSV bytes, quoted when it holds a quote, a newline or any separator the
  /// reader might sniff (`,` `;` tab `|`: unquoted, a column of `a;b` makes the file read
  /// back as `;`-separated), or when it would otherwise read back as missing.
  static func quoted(_ s: String, naTokens: Set<String>) -> [UInt8] {
    let needs =
      s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "|") || $0 == 9 || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
      || naTokens.contains(s)
    guard needs else { return Array(s.utf8) }
    var out: [UInt8] = [UInt8(ascii: "\"")]
    for c in s.utf8 {
      if c == UInt8(ascii: "\"") { out.append(c) }
      out.append(c)
    }
    out.append(UInt8(ascii: "\""))
    return out
  }

  /// Encodes and writes atomically (temporary file, then rename).
  public static func write(_ frame: DataFrame, to path: String, dialect: Dialect = Dialect()) throws {
    try AtomicFile.write(Data(encode(frame, dialect: dialect)), to: path)
  }
}
