/// A cross-tabulation of two columns, as pandas.crosstab: one row per value of the row
/// column, one column per value of the other (both sorted), each cell the number of rows with
/// both values or an aggregate of a value over them. Rows with either key missing are left
/// out. Normalised, each cell is its share of the row's, the column's or the grand total.
public struct Crosstab: Sendable {
  public enum Normalization: String, Sendable, CaseIterable {
    case none, row, column, all
  }

  public let rowColumn: String
  public let columnColumn: String
  public let rowLabels: [Scalar]
  /// The type of the row column's values, which the frame's first column keeps.
  public let rowType: DataType
  public let columnLabels: [Scalar]
  /// rows × columns. Without normalisation a pair no row has is 0 for counts and missing
  /// (NaN) for aggregates; normalised, such a cell is 0, as in pandas.
  public internal(set) var cells: [[Double]]
  /// Cells left out because too few rows made them (`suppressing`), and the threshold.
  public internal(set) var suppressed: [[Bool]]? = nil
  public internal(set) var suppressedBelow: Int? = nil
  /// The aggregate of the value column (nil: rows are counted).
  public let function: AggregateFunction?
  public let normalization: Normalization

  /// Pivots `grouped`, which holds one row per pair of keys (`aggregated(by: [rows, columns])`)
  /// with the cell's value in its `value` column.
  public init(grouped: DataFrame, rows: String, columns: String, value: String, function: AggregateFunction?, normalization: Normalization) throws {
    if normalization != .none, let function, function != .sum, function != .count {
      throw EngineError.invalidParameter(name: "normalize", value: normalization.rawValue,
        reason: "shares are of counts or sums; a share of \(function.rawValue)s means nothing (normalize=none)")
    }
    let rowKeys = try grouped.column(rows), columnKeys = try grouped.column(columns)
    let values = try grouped.column(value)
    guard values.type.isNumeric, let numbers = values.doubles() else {
      throw EngineError.typeMismatch(column: value, expected: "numbers to tabulate (\(function?.rawValue ?? "count") of a number column)", actual: values.type.rawValue)
    }
    let pairs = (0..<grouped.rowCount).filter { !rowKeys.value(at: $0).isMissing && !columnKeys.value(at: $0).isMissing }
    rowLabels = Array(Set(pairs.map { rowKeys.value(at: $0) })).sorted(by: ScalarOrder.less)
    columnLabels = Array(Set(pairs.map { columnKeys.value(at: $0) })).sorted(by: ScalarOrder.less)
    let rowIndex = Dictionary(uniqueKeysWithValues: rowLabels.enumerated().map { ($1, $0) })
    let columnIndex = Dictionary(uniqueKeysWithValues: columnLabels.enumerated().map { ($1, $0) })
    // The table, then the frame made from it.
    try MemoryBudget.require(
      MemoryBudget.product(rowLabels.count, columnLabels.count, 2 * MemoryLayout<Double>.stride),
      for: "a crosstab of \(ValueFormatter.grouped(rowLabels.count)) × \(ValueFormatter.grouped(columnLabels.count)) values",
      hint: "tabulate columns with fewer values (bin a number with derive first), or use aggregate by=\(rows),\(columns)")
    let empty = function == nil || function == .count ? 0 : Double.nan
    var cells = [[Double]](repeating: [Double](repeating: empty, count: columnLabels.count), count: rowLabels.count)
    for p in pairs { cells[rowIndex[rowKeys.value(at: p)]!][columnIndex[columnKeys.value(at: p)]!] = numbers[p] }
    if normalization != .none {
      cells = cells.map { $0.map { $0.isNaN ? 0 : $0 } }
      let share = { (x: Double, total: Double) in total == 0 ? Double.nan : x / total }
      switch normalization {
      case .row: cells = cells.map { row in let t = row.reduce(0, +); return row.map { share($0, t) } }
      case .column:
        let totals = columnLabels.indices.map { j in cells.reduce(0) { $0 + $1[j] } }
        cells = cells.map { row in row.indices.map { share(row[$0], totals[$0]) } }
      case .all:
        let total = cells.reduce(0) { $0 + $1.reduce(0, +) }
        cells = cells.map { $0.map { share($0, total) } }
      case .none: break
      }
    }
    (rowColumn, columnColumn, self.cells, self.function, self.normalization) = (rows, columns, cells, function, normalization)
    rowType = rowKeys.type
  }

  /// The table as a frame: the row labels in a column named like the row column, then one
  /// column per column label (counts stay whole numbers).
  public func frame() throws -> DataFrame {
    var used: Set<String> = [rowColumn]
    var out: [Column] = [.fromScalars(rowColumn, type: rowType, rowLabels)]
    let whole = normalization == .none && (function == nil || function == .count)
    for (j, label) in columnLabels.enumerated() {
      var name = ValueFormatter.plain(label)
      while used.contains(name) { name += "_" }
      used.insert(name)
      let values = cells.map { $0[j] }
      out.append(whole ? .ints(name, values.map { $0.isNaN ? nil : Int($0) }) : .doubles(name, values))
    }
    return try DataFrame(columns: out)
  }
}
