/// How `encode` turns text categories into numbers.
public enum EncodeMethod: String, Sendable, CaseIterable, Codable {
  /// One 0/1 column per category, categories sorted (as OneHotEncoder).
  case onehot
  /// One column of category numbers 0, 1, …, categories sorted (as OrdinalEncoder).
  case ordinal
  /// One column with each category's share of the rows.
  case frequency
}

/// Learns the categories of a column and encodes it.
public enum Encoder {
  /// The sorted categories (present values as text). With `maxCategories`, the most frequent
  /// ones are kept (ties by sorted order) and the rest grouped as `other`.
  public static func categories(_ column: Column, maxCategories: Int?) -> (kept: [String], other: Bool) {
    var counts: [String: Int] = [:]
    if case .string(let codes, let levels) = column.storage {
      var perCode = [Int](repeating: 0, count: levels.count)
      for i in codes.indices where column.isValid(i) { perCode[Int(codes[i])] += 1 }
      for (code, n) in perCode.enumerated() where n > 0 { counts[levels[code]] = n }
    } else {
      for i in 0..<column.count {
        let v = column.value(at: i)
        if !v.isMissing { counts[ValueFormatter.plain(v), default: 0] += 1 }
      }
    }
    let sorted = counts.keys.sorted()
    guard let maxCategories, counts.count > maxCategories else { return (sorted, false) }
    let frequent = sorted.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
    return (Array(frequent.prefix(max(0, maxCategories - 1))).sorted(), true)
  }

  /// Each row's position in `names` (nil when missing or not among them); dictionary-encoded
  /// text is mapped once per distinct value, not once per row.
  static func positions(_ column: Column, in names: [String], other: Bool) -> [Int?] {
    let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    let otherIndex = other ? index["other"] : nil
    if case .string(let codes, let levels) = column.storage {
      let map = levels.map { index[$0] ?? otherIndex }
      return codes.indices.map { column.isValid($0) ? map[Int(codes[$0])] : nil }
    }
    return labels(column, kept: names, other: other).map { $0.flatMap { index[$0] ?? otherIndex } }
  }

  /// The category of each row (`other` for categories not kept, nil when missing).
  static func labels(_ column: Column, kept: [String], other: Bool) -> [String?] {
    let known = Set(kept)
    return (0..<column.count).map { i in
      let v = column.value(at: i)
      if v.isMissing { return nil }
      let text = ValueFormatter.plain(v)
      return known.contains(text) ? text : (other ? "other" : text)
    }
  }

  /// 0/1 columns named `<column>_<category>`; missing rows are missing in every column.
  public static func onehot(_ column: Column, kept: [String], other: Bool, dropFirst: Bool) throws -> [Column] {
    let all = kept + (other ? ["other"] : [])
    let first = dropFirst && !all.isEmpty ? 1 : 0
    try MemoryBudget.require(
      MemoryBudget.product(all.count - first, column.count, MemoryLayout<Int>.stride),
      for: "one-hot encoding \(column.name) into \(ValueFormatter.grouped(all.count - first)) columns",
      hint: "keep the commonest with max_categories= (the rest become other), or use method=frequency")
    let positions = positions(column, in: all, other: other)
    var mask: ValidityMask? = nil
    if positions.contains(where: { $0 == nil }) { mask = ValidityMask(positions.map { $0 != nil }) }
    return (first..<all.count).map { k in
      var bits = [Int](repeating: 0, count: positions.count)
      for (i, p) in positions.enumerated() where p == k { bits[i] = 1 }
      return Column(name: "\(column.name)_\(all[k])", storage: .int(bits), validity: mask)
    }
  }

  /// Category numbers in sorted order; unseen categories (new rows) are missing.
  public static func ordinal(_ column: Column, kept: [String], other: Bool) -> Column {
    .ints(column.name, positions(column, in: kept + (other ? ["other"] : []), other: other))
  }

  /// Each row's category share among present values, and the shares learned.
  public static func frequency(_ column: Column) -> (Column, shares: [String: Double]) {
    var counts: [String: Int] = [:]
    for l in labels(column, kept: [], other: false) { if let l { counts[l, default: 0] += 1 } }
    let total = Double(counts.values.reduce(0, +))
    let shares = counts.mapValues { Double($0) / total }
    return (frequency(column, shares: shares), shares)
  }

  /// Each row's share from learned `shares`; categories not seen when learning get 0.
  public static func frequency(_ column: Column, shares: [String: Double]) -> Column {
    .doubles(column.name, labels(column, kept: [], other: false).map { $0.map { shares[$0] ?? 0 } ?? .nan })
  }
}
