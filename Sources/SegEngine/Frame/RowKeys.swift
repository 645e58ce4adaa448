/// Maps rows to dense group ids so that rows with equal key values share an id.
/// Used by dedupe, aggregate and join; ids are numbered in order of first appearance.
struct RowKeys {
  /// One id per row.
  let ids: [Int]
  /// Number of distinct ids.
  let groupCount: Int
  /// The first row of each group.
  let firstRows: [Int]

  /// Groups the rows of `columns` (all the same length). Missing values form their own key.
  init(_ columns: [Column]) {
    let n = columns.first?.count ?? 0
    var ids = [Int](repeating: 0, count: n)
    var count = n > 0 ? 1 : 0
    for (k, column) in columns.enumerated() {
      let codes = RowKeys.codes(column, levelIndex: nil)
      if k == 0 {
        // The first key alone: hash plain integers.
        var table: [Int: Int] = [:]
        table.reserveCapacity(min(n, 1 << 16))
        for i in 0..<n {
          if let id = table[codes[i]] {
            ids[i] = id
          } else {
            ids[i] = table.count
            table[codes[i]] = table.count
          }
        }
        count = table.count
        continue
      }
      var table: [Pair: Int] = [:]
      table.reserveCapacity(min(n, 1 << 16))
      for i in 0..<n {
        let key = Pair(a: ids[i], b: codes[i])
        if let id = table[key] {
          ids[i] = id
        } else {
          let id = table.count
          table[key] = id
          ids[i] = id
        }
      }
      count = table.count
    }
    var first = [Int](repeating: -1, count: count)
    for i in 0..<n where first[ids[i]] < 0 { first[ids[i]] = i }
    self.ids = ids
    self.groupCount = count
    self.firstRows = first
  }

  /// A per-row integer code: equal values ↔ equal codes. Missing is `Int.min`.
  /// For text, codes are positions in `levelIndex` when given (to compare two frames).
  static func codes(_ column: Column, levelIndex: [String: Int]?) -> [Int] {
    var out: [Int]
    switch column.storage {
    case .int(let v), .date(let v), .datetime(let v): out = v
    case .double(let v): out = v.map { $0 == 0 ? 0 : Int(bitPattern: UInt($0.bitPattern)) }
    case .bool(let v): out = v.map { $0 ? 1 : 0 }
    case .string(let codes, let levels):
      if let levelIndex {
        let map = levels.map { levelIndex[$0] ?? -1 }
        out = codes.map { map[Int($0)] }
      } else {
        out = codes.map { Int($0) }
      }
    }
    if let mask = column.validity { for i in 0..<out.count where !mask[i] { out[i] = Int.min } }
    if case .double(let v) = column.storage { for i in 0..<v.count where v[i].isNaN { out[i] = Int.min } }
    return out
  }

  struct Pair: Hashable {
    let a: Int
    let b: Int
  }
}
