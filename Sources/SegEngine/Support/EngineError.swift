/// Everything the engine can refuse or fail at; no source locations (the language adds them).
public enum EngineError: Error, Equatable, Sendable {
  case columnNotFound(name: String, available: [String])
  case frameNotFound(name: String, available: [String])
  /// A table a database (`source`, redacted) does not have.
  case tableNotFound(name: String, available: [String], source: String)
  case typeMismatch(column: String, expected: String, actual: String)
  case invalidParameter(name: String, value: String, reason: String)
  case invalidExpression(String)
  case emptyInput(String)
  /// The data cannot be used this way; the reason says why and what to do.
  case unsupported(String)
  /// Values a step needs complete: the column, how many are missing, the first row (1-based).
  case missingValues(column: String, count: Int, firstRow: Int)
  case io(path: String, reason: String)
  case csv(CSVError)
  case interrupted

  /// A one-line message saying what went wrong and what to do.
  public var message: String {
    switch self {
    case .columnNotFound(let name, _): return "unknown column \"\(name)\""
    case .frameNotFound(let name, _): return "unknown frame \"\(name)\""
    case .tableNotFound(let name, _, let source): return "\(source) has no table \"\(name)\""
    case .typeMismatch(let column, let expected, let actual):
      return "column \"\(column)\" is \(actual), but \(expected) is needed here"
    case .invalidParameter(let name, let value, let reason):
      return "invalid value \(value) for \(name): \(reason)"
    case .invalidExpression(let reason): return reason
    case .emptyInput(let reason), .unsupported(let reason): return reason
    case .missingValues(let column, let count, let firstRow):
      return "column \"\(column)\" has \(ValueFormatter.grouped(count)) missing or infinite value\(count == 1 ? "" : "s") (first at row \(firstRow)); impute or filter them first"
    case .io(let path, let reason): return "\(path): \(reason)"
    case .csv(let error): return error.description
    case .interrupted: return "interrupted"
    }
  }

  /// Names that were available, for "did you mean" suggestions.
  public var candidates: [String] {
    switch self {
    case .columnNotFound(_, let available), .frameNotFound(_, let available), .tableNotFound(_, let available, _): return available
    default: return []
    }
  }
}
