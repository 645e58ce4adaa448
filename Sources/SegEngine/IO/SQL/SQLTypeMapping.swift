/// How database column types map to seg's, and back when seg creates a table.
enum SQLTypeMapping {
  /// SQLite's declared type, read by its affinity rules plus the names people use for
  /// booleans, dates and times; nil when undeclared (a computed column).
  static func sqlite(_ declared: String?) -> (type: DataType?, decimal: Bool) {
    guard let d = declared?.uppercased(), !d.isEmpty else { return (nil, false) }
    if d.contains("BOOL") { return (.bool, false) }
    if d.contains("TIMESTAMP") || d.contains("DATETIME") { return (.datetime, false) }
    if d.contains("DATE") { return (.date, false) }
    if d.contains("INT") { return (.int, false) }
    if d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT") { return (.string, false) }
    if d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") { return (.double, false) }
    if d.contains("BLOB") { return (nil, false) }
    return (.double, true)  // NUMERIC, DECIMAL(10,2), …
  }

  /// The declared type seg gives a column when it creates a table.
  static func declared(_ type: DataType, dialect: SQLDialect) -> String {
    switch (type, dialect) {
    case (.int, _): "BIGINT"
    case (.double, .postgres): "DOUBLE PRECISION"
    case (.double, _): "REAL"
    case (.string, _): "TEXT"
    case (.bool, _): "BOOLEAN"
    case (.date, _): "DATE"
    case (.datetime, _): "TIMESTAMP"
    }
  }

  /// The note that decimal columns were read as doubles; `kept` says where they are
  /// decimal ("NUMERIC/DECIMAL in the database", "DECIMAL in the file").
  static func decimalNote(_ columns: [String], kept: String = "NUMERIC/DECIMAL in the database") -> String {
    "\(columns.joined(separator: ", ")) \(columns.count == 1 ? "is" : "are") \(kept), read as decimals (double): exact to about 15 significant digits"
  }
}
