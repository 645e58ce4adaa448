/// How to read a CSV file; defaults follow pandas' `read_csv` where sensible.
public struct CSVReadOptions: Sendable {
  /// The field separator; nil sniffs `,` `;` tab or `|` from the first lines.
  public var delimiter: UInt8? = nil
  /// Whether the first record names the columns.
  public var header = true
  /// Unquoted fields equal to one of these are missing.
  public var naTokens: [String] = ["", "NA", "N/A", "null", "NaN"]
  /// Whether quoted fields equal to a token are missing too. Off for the default tokens, so
  /// that the text "NA" written quoted reads back as text; on when the caller names its own
  /// tokens (a file that quotes every text, such as `"unknown"`, needs it).
  public var quotedMissing = false
  /// Decimal separator for numbers: `.` or `,`.
  public var decimalComma = false
  public var encoding: TextEncoding = .utf8
  /// A strftime-style format (`%d/%m/%Y %H:%M`) for date columns besides ISO 8601.
  public var dateFormat: String? = nil
  public var onBadRows: BadRowPolicy = .error
  /// Whether the one-pass block reader may read the file (tests turn it off to compare it
  /// with the general reader).
  var blockReader = true
  var blockShape = CSVBlockLoader.Shape()
  public init() {}
}

/// The text encoding of a file.
public enum TextEncoding: String, Sendable, CaseIterable {
  case utf8, latin1

  /// The text these bytes hold; nil when they are not valid UTF-8 (every byte is a Latin-1
  /// character).
  func decode(_ raw: ArraySlice<UInt8>) -> String? {
    switch self {
    case .latin1: String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
    case .utf8: String(validating: raw, as: UTF8.self)
    }
  }

  /// The bytes of text that `decode` gave.
  func encode(_ text: String) -> [UInt8] {
    switch self {
    case .latin1: text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    case .utf8: Array(text.utf8)
    }
  }
}

/// What to do with rows whose field count differs from the header's.
public enum BadRowPolicy: String, Sendable, CaseIterable {
  case error, skip
}

/// A problem in a data file, located by file and row (records counted from 1, header included).
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var row: Int?
  public var problem: String
  public var hint: String

  public var description: String {
    let place = row.map { "\(path):\($0)" } ?? path
    return "\(place): \(problem)" + (hint.isEmpty ? "" : "; \(hint)")
  }
}
