/// Reads a table from a file in whichever format its bytes show (CSV, JSON or NDJSON,
/// Parquet), gzip-compressed or not, encrypted (with `key`) or not; the CSV options apply
/// to CSV only.
public enum DataFile {
  public static func read(path: String, csv options: CSVReadOptions = CSVReadOptions(), key: EncryptedFile.Key? = nil) throws -> TableReadResult {
    try FileBytes.withContents(path, key: key) { b in
      switch FileFormat.sniff(b, from: FileFormat.afterByteOrderMarks(b)) {
      case .json: return TableReadResult(frame: try JSONReader.read(buffer: b, path: path), format: .json)
      case .parquet: return try ParquetReader.read(buffer: b, path: path)
      default: return try CSVReader.read(buffer: b, path: path, options: options)
      }
    }
  }
}

/// What a file reader produced: the frame, and what it had to do to get there.
public struct TableReadResult: Sendable {
  public var frame: DataFrame
  /// The format the file turned out to hold.
  public var format: FileFormat = .csv
  /// File row numbers of the bad rows skipped (with `on_bad_rows=skip`).
  public var skippedRows: [Int] = []
  /// Things the reader changed or noticed that the user should know (renamed headers, …).
  public var notes: [String] = []
  /// Whether the one-pass block reader read the file (else the general reader did).
  var onePass = false
}
