/// One sort key: a column and its direction.
public struct SortKey: Sendable, Equatable {
  public var column: String
  public var descending: Bool
  public init(_ column: String, descending: Bool = false) {
    self.column = column
    self.descending = descending
  }
}

extension DataFrame {
  /// Sorts rows by the keys, stably; missing values go last in either direction.
  public func sorted(by keys: [SortKey]) throws -> DataFrame {
    gather(try sortOrder(by: keys))
  }

  /// The row order `sorted(by:)` gives.
  func sortOrder(by keys: [SortKey]) throws -> [Int] {
    let ranks = try keys.map { key in (try SortRank(try column(key.column)), key.descending) }
    var order = Array(0..<rowCount)
    try CancellationToken.check()
    order.sort { a, b in
      for (rank, descending) in ranks {
        let c = rank.compare(a, b, descending: descending)
        if c != 0 { return c < 0 }
      }
      return a < b
    }
    return order
  }
}

/// Comparable per-row keys for one column; text is ranked by its sorted levels.
private struct SortRank {
  let ints: [Int]?
  let doubles: [Double]?
  let present: ValidityMask?

  init(_ column: Column) throws {
    present = column.validity
    switch column.storage {
    case .int(let v), .date(let v), .datetime(let v):
      ints = v
      doubles = nil
    case .bool(let v):
      ints = v.map { $0 ? 1 : 0 }
      doubles = nil
    case .double(let v):
      ints = nil
      doubles = v
    case .string(let codes, let levels):
      let order = levels.indices.sorted { levels[$0] < levels[$1] }
      var rank = [Int](repeating: 0, count: levels.count)
      for (r, code) in order.enumerated() { rank[code] = r }
      ints = codes.map { rank[Int($0)] }
      doubles = nil
    }
  }

  /// Negative, zero or positive; missing sorts after everything.
  @inline(__always)
  func compare(_ a: Int, _ b: Int, descending: Bool) -> Int {
    var ma = !(present?[a] ?? true)
    var mb = !(present?[b] ?? true)
    if let d = doubles {
      ma = ma || d[a].isNaN
      mb = mb || d[b].isNaN
    }
    if ma || mb { return ma == mb ? 0 : (ma ? 1 : -1) }
    var c = 0
    if let ints {
      c = ints[a] < ints[b] ? -1 : (ints[a] > ints[b] ? 1 : 0)
    } else if let d = doubles {
      c = d[a] < d[b] ? -1 : (d[a] > d[b] ? 1 : 0)
    }
    return descending ? -c : c
  }
}
