/// The type of a column's values.
public enum DataType: String, Sendable, CaseIterable, Codable {
  case int, double, string, bool, date, datetime

  /// Numeric types can be used in arithmetic and statistics.
  public var isNumeric: Bool { self == .int || self == .double }
}
