/// Keeps statistics of groups too small to publish out of output: a cell computed from
/// fewer than the threshold's customers could single one out (k-anonymity of published
/// tables). Only the cells themselves are suppressed; totals that would let one be worked
/// back are the threshold's known limit.
extension Crosstab {
  /// The table with each cell whose row count in `counts` (a crosstab of counts over the same
  /// rows and columns) is below `minimum` made missing and marked in `suppressed`.
  public func suppressing(counts: Crosstab, below minimum: Int) -> Crosstab {
    var out = self
    let rowIndex = Dictionary(uniqueKeysWithValues: counts.rowLabels.enumerated().map { ($1, $0) })
    let columnIndex = Dictionary(uniqueKeysWithValues: counts.columnLabels.enumerated().map { ($1, $0) })
    var marks = [[Bool]](repeating: [Bool](repeating: false, count: columnLabels.count), count: rowLabels.count)
    for (i, r) in rowLabels.enumerated() {
      for (j, c) in columnLabels.enumerated() {
        let n = rowIndex[r].flatMap { ri in columnIndex[c].map { counts.cells[ri][$0] } } ?? 0
        // An empty pair publishes nothing about anyone.
        if n > 0 && n < Double(minimum) {
          out.cells[i][j] = .nan
          marks[i][j] = true
        }
      }
    }
    out.suppressed = marks
    out.suppressedBelow = minimum
    return out
  }

  /// How many cells were suppressed.
  public var suppressedCount: Int { suppressed?.reduce(0) { $0 + $1.filter { $0 }.count } ?? 0 }
}

extension DataFrame {
  /// k-anonymity of the rows as they are: how many rows share their combination of the
  /// quasi-identifying columns (`ColumnRole.quasi`) with fewer than `minimum - 1` others.
  /// Nil when the frame has no quasi-identifying column.
  public func rowsInSmallGroups(below minimum: Int) -> (rows: Int, columns: [String])? {
    let quasi = columnNames.filter { roles[$0] == .quasi }
    guard !quasi.isEmpty else { return nil }
    let keys = RowKeys(quasi.compactMap { index(of: $0).map { columns[$0] } })
    var sizes = [Int](repeating: 0, count: keys.groupCount)
    for id in keys.ids { sizes[id] += 1 }
    return (keys.ids.filter { sizes[$0] < minimum }.count, quasi)
  }
}
