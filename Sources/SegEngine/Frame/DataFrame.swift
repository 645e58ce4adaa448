/// A table of equally long, named, typed columns.
public struct DataFrame: Sendable, Equatable {
  public internal(set) var columns: [Column]
  public internal(set) var rowCount: Int
  /// The fitted preparation steps that made this frame, in order (see `FittedStep`).
  public var pipeline: [FittedStep] = []
  /// Privacy roles by column name (see `ColumnRole`); a column without one has none.
  public var roles: [String: ColumnRole] = [:]

  public init(columns: [Column]) throws {
    var seen = Set<String>()
    for c in columns {
      guard seen.insert(c.name).inserted else {
        throw EngineError.invalidParameter(
          name: "column", value: "\"\(c.name)\"", reason: "the name is used twice; rename one")
      }
    }
    let n = columns.first?.count ?? 0
    for c in columns where c.count != n {
      throw EngineError.invalidParameter(
        name: "column", value: "\"\(c.name)\"", reason: "has \(c.count) rows, others have \(n)")
    }
    self.columns = columns
    self.rowCount = n
  }

  /// An empty frame with no columns and no rows.
  public init() {
    columns = []
    rowCount = 0
  }

  public var columnNames: [String] { columns.map(\.name) }

  public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

  /// The column named `name`, or an error listing what exists.
  public func column(_ name: String) throws -> Column {
    guard let i = index(of: name) else {
      throw EngineError.columnNotFound(name: name, available: columnNames)
    }
    return columns[i]
  }

  /// Adds a column, or replaces the one with the same name in place.
  public mutating func setColumn(_ column: Column) throws {
    if columns.isEmpty && rowCount == 0 { rowCount = column.count }
    guard column.count == rowCount else {
      throw EngineError.invalidParameter(
        name: "column", value: "\"\(column.name)\"",
        reason: "has \(column.count) rows but the frame has \(rowCount)")
    }
    if let i = index(of: column.name) { columns[i] = column } else { columns.append(column) }
  }

  /// The rows at `indices`, in that order.
  public func gather(_ indices: [Int]) -> DataFrame {
    var out = self
    out.columns = columns.map { $0.gather(indices) }
    out.rowCount = indices.count
    return out
  }
}
