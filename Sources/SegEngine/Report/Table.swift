/// A table ready to show: headers, rows of cells, and which columns are numbers (right-aligned).
public struct Table: Sendable, Equatable {
  public var title: String?
  public var headers: [String]
  public var rows: [[String]]
  public var numeric: [Bool]
  /// Rows of the underlying data not included in `rows` (shown as a footer).
  public var hiddenRows: Int
  /// How to see the hidden rows (shown in the footer).
  public var moreRowsHint: String = "show n=… to see more rows"
  public var note: String?
  /// Whether the last column is never shortened (a condition to paste, a command to copy):
  /// a narrow terminal wraps it rather than lose its end.
  public var keepsLastColumnWhole = false

  public init(
    title: String? = nil, headers: [String], rows: [[String]], numeric: [Bool]? = nil, hiddenRows: Int = 0,
    note: String? = nil, keepsLastColumnWhole: Bool = false
  ) {
    self.title = title
    self.headers = headers
    self.rows = rows
    self.numeric = numeric ?? headers.map { _ in false }
    self.hiddenRows = hiddenRows
    self.note = note
    self.keepsLastColumnWhole = keepsLastColumnWhole
  }

  /// A preview of a frame's rows: the first `limit` rows, personal values masked unless
  /// `revealing` (the person at the prompt asked to see them). `totalRows` counts the rows
  /// when `frame` holds only the first ones (pulled from a cluster).
  public static func preview(_ frame: DataFrame, limit: Int, title: String? = nil, revealing: Bool = false, totalRows: Int? = nil) -> Table {
    let shown = min(limit, frame.rowCount)
    let rows = (0..<shown).map { i in
      frame.columns.map { c in
        let value = c.value(at: i)
        return ValueFormatter.display(revealing ? value : frame.shown(value, of: c.name))
      }
    }
    return Table(
      title: title, headers: frame.columnNames, rows: rows,
      numeric: frame.columns.map { $0.type.isNumeric }, hiddenRows: (totalRows ?? frame.rowCount) - shown)
  }
}
