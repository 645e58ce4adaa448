/// Where customers went between two segmentations: the migration matrix (rows the segments
/// before, columns the segments after), who stayed, moved, arrived and left.
public struct SegmentMigration: Sendable {
  /// The segments before and after, each in label order.
  public let before: [Scalar]
  public let after: [Scalar]
  /// counts[i][j]: customers in before[i] then after[j]; the last row counts customers new
  /// in the after labels (no label before), the last column those lost (no label after).
  public let counts: [[Int]]

  /// Labels of the same customers, row by row: a missing label before is a new customer, a
  /// missing label after a lost one (rows missing both are not counted).
  public init(before: Column, after: Column) throws {
    guard before.count == after.count else {
      throw EngineError.unsupported("the label columns have \(before.count) and \(after.count) rows; they must be the same customers")
    }
    try self.init(pairs: (0..<before.count).map { (before.value(at: $0), after.value(at: $0)) })
  }

  /// Labels held in two frames, matched by a customer key: customers only in `current` are
  /// new, those only in `previous` lost.
  public init(previous: DataFrame, before: String, current: DataFrame, after: String, key: String) throws {
    let previousKeys = try Self.keys(previous, key, what: "the earlier frame")
    let currentKeys = try Self.keys(current, key, what: "the current frame")
    let beforeLabels = try previous.column(before), afterLabels = try current.column(after)
    var rowOfKey: [String: Int] = [:]
    for (row, k) in previousKeys.enumerated() { if let k { rowOfKey[k] = row } }
    var pairs: [(Scalar, Scalar)] = []
    var matched = Set<Int>()
    for (row, k) in currentKeys.enumerated() {
      let earlier = k.flatMap { rowOfKey[$0] }
      if let earlier { matched.insert(earlier) }
      pairs.append((earlier.map { beforeLabels.value(at: $0) } ?? .missing, afterLabels.value(at: row)))
    }
    for row in 0..<previous.rowCount where !matched.contains(row) { pairs.append((beforeLabels.value(at: row), .missing)) }
    try self.init(pairs: pairs)
  }

  private static func keys(_ frame: DataFrame, _ key: String, what: String) throws -> [String?] {
    let keys = try frame.column(key).plainTexts
    var seen: [String: Int] = [:]
    for (row, k) in keys.enumerated() {
      guard let k else { continue }
      if let first = seen[k] {
        throw EngineError.unsupported("\(what) has customer \(k) twice in \(key) (rows \(first + 1) and \(row + 1)); dedupe by=\(key) first")
      }
      seen[k] = row
    }
    return keys
  }

  private init(pairs: [(Scalar, Scalar)]) throws {
    let before = Set(pairs.map(\.0)).subtracting([.missing]).sorted(by: Scalar.labelOrder)
    let after = Set(pairs.map(\.1)).subtracting([.missing]).sorted(by: Scalar.labelOrder)
    guard !before.isEmpty || !after.isEmpty else { throw EngineError.emptyInput("no customer has a label before or after") }
    var row: [Scalar: Int] = [:], column: [Scalar: Int] = [:]
    for (i, s) in before.enumerated() { row[s] = i }
    for (j, s) in after.enumerated() { column[s] = j }
    var counts = Array(repeating: Array(repeating: 0, count: after.count + 1), count: before.count + 1)
    for (b, a) in pairs where !(b.isMissing && a.isMissing) {
      counts[row[b] ?? before.count][column[a] ?? after.count] += 1
    }
    self.before = before
    self.after = after
    self.counts = counts
  }

  /// Customers labelled the same before and after.
  public var stayed: Int { before.indices.reduce(0) { n, i in n + (after.firstIndex(of: before[i]).map { counts[i][$0] } ?? 0) } }
  /// Customers with a label both times, not the same one.
  public var moved: Int { before.indices.reduce(0) { n, i in n + counts[i][..<after.count].reduce(0, +) } - stayed }
  public var new: Int { counts[before.count][..<after.count].reduce(0, +) }
  public var lost: Int { before.indices.reduce(0) { n, i in n + counts[i][after.count] } }

  /// Per segment before: its customers, how many stayed, and stayed / customers.
  public func stability(of i: Int) -> (customers: Int, stayed: Int, share: Double) {
    let customers = counts[i].reduce(0, +)
    let stayed = after.firstIndex(of: before[i]).map { counts[i][$0] } ?? 0
    return (customers, stayed, customers == 0 ? .nan : Double(stayed) / Double(customers))
  }

  /// Each row of the matrix as shares of its customers (pandas.crosstab normalize="index").
  public var rowShares: [[Double]] {
    counts.map { row in
      let total = Double(row.reduce(0, +))
      return row.map { total == 0 ? 0 : Double($0) / total }
    }
  }
}
