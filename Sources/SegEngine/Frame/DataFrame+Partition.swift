/// Rows by the values of a column: the groups `export split=` writes as files, the counts
/// `plot bar` draws, and the category columns `profile` describes.
extension DataFrame {
  /// The rows of each present value of `column` (keyed by the value as plain text, in text
  /// order), and how many rows have no value.
  public func partitioned(by column: String) throws -> (groups: [(value: String, rows: DataFrame)], missing: Int) {
    let values = try self.column(column)
    var rows: [String: [Int]] = [:]
    var missing = 0
    for row in 0..<values.count {
      let v = values.value(at: row)
      if v.isMissing { missing += 1 } else { rows[ValueFormatter.plain(v), default: []].append(row) }
    }
    return (rows.keys.sorted().map { ($0, gather(rows[$0]!)) }, missing)
  }

  /// The text and boolean columns with a number of distinct present values in `levels`:
  /// the columns a profile can describe by category.
  public func categoryColumns(levels: ClosedRange<Int>) -> [String] {
    columns.filter { c in
      (c.type == .string || c.type == .bool) && levels.contains(Set((0..<c.count).map { c.value(at: $0) }).subtracting([.missing]).count)
    }.map(\.name)
  }

  /// How many rows hold each value of `column`, in the order a bar chart shows them: whole
  /// numbers (segment labels) in their order, other values most common first (ties by their
  /// text), missing last.
  public func valueCounts(_ column: String) throws -> [(value: Scalar, count: Int)] {
    let values = try self.column(column)
    var counts: [Scalar: Int] = [:]
    for row in 0..<values.count { counts[values.value(at: row), default: 0] += 1 }
    return counts.sorted { a, b in
      if (a.key == .missing) != (b.key == .missing) { return b.key == .missing }
      if values.type == .int, case .int(let x) = a.key, case .int(let y) = b.key { return x < y }
      if a.value != b.value { return a.value > b.value }
      return ValueFormatter.plain(a.key) < ValueFormatter.plain(b.key)
    }.map { ($0.key, $0.value) }
  }
}
