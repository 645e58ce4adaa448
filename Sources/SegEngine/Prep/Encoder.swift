/// How `encode` turns text categories into numbers.
public enum EncodeMethod: String, Sendable, CaseIterable {
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
    for i in 0..<column.count {
      let v = column.value(at: i)
      if !v.isMissing { counts[ValueFormatter.plain(v), default: 0] += 1 }
    }
    let sorted = counts.keys.sorted()
    guard let maxCategories, counts.count > maxCategories else { return (sorted, false) }
    let frequent = sorted.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
    return (Array(frequent.prefix(max(0, maxCategories - 1))).sorted(), true)
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
  public static func onehot(_ column: Column, kept: [String], other: Bool, dropFirst: Bool) -> [Column] {
    let labels = labels(column, kept: kept, other: other)
    var names = kept + (other ? ["other"] : [])
    if dropFirst && !names.isEmpty { names.removeFirst() }
    return names.map { category in
      .ints("\(column.name)_\(category)", labels.map { $0.map { $0 == category ? 1 : 0 } })
    }
  }

  /// Category numbers in sorted order; unseen categories (new rows) are missing.
  public static func ordinal(_ column: Column, kept: [String], other: Bool) -> Column {
    let index = Dictionary(uniqueKeysWithValues: (kept + (other ? ["other"] : [])).enumerated().map { ($1, $0) })
    return .ints(column.name, labels(column, kept: kept, other: other).map { $0.flatMap { index[$0] } })
  }

  /// Each row's category share among present values, and the shares learned.
  public static func frequency(_ column: Column) -> (Column, shares: [String: Double]) {
    let labels = labels(column, kept: [], other: false)
    var counts: [String: Int] = [:]
    for l in labels { if let l { counts[l, default: 0] += 1 } }
    let total = Double(counts.values.reduce(0, +))
    let shares = counts.mapValues { Double($0) / total }
    return (.doubles(column.name, labels.map { $0.flatMap { shares[$0] } ?? .nan }), shares)
  }
}
