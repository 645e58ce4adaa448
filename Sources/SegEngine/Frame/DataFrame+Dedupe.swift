/// Which duplicate row `dedupe` keeps.
public enum KeepPolicy: String, Sendable, CaseIterable {
  case first, last
}

extension DataFrame {
  /// Removes rows whose key columns (all columns when empty) repeat an earlier row,
  /// keeping the first or last of each set; row order is otherwise kept.
  public func deduplicated(by keys: [String], keep: KeepPolicy) throws -> DataFrame {
    let cols = try (keys.isEmpty ? columnNames : keys).map { try column($0) }
    let groups = RowKeys(cols)
    var chosen = [Int](repeating: -1, count: groups.groupCount)
    for i in 0..<rowCount {
      let g = groups.ids[i]
      if keep == .last || chosen[g] < 0 { chosen[g] = i }
    }
    return gather(chosen.sorted())
  }
}
