/// How `join` treats rows of the left frame without a match.
public enum JoinKind: String, Sendable, CaseIterable {
  case inner, left
}

extension DataFrame {
  /// Joins `other` on equal key columns (missing keys never match). Rows keep the left
  /// frame's order; several matches repeat the left row in the right frame's order.
  /// Non-key columns of `other` whose names clash get `suffix`.
  public func joined(
    with other: DataFrame, on keys: [String], kind: JoinKind, suffix: String = "_right"
  ) throws -> DataFrame {
    guard !keys.isEmpty else {
      throw EngineError.invalidParameter(name: "on", value: "(none)", reason: "name the key columns")
    }
    var leftIds = [Int](repeating: 0, count: rowCount)
    var rightIds = [Int](repeating: 0, count: other.rowCount)
    var leftMissing = [Bool](repeating: false, count: rowCount)
    var rightMissing = [Bool](repeating: false, count: other.rowCount)
    for key in keys {
      let l = try column(key)
      let r = try other.column(key)
      try Self.checkJoinTypes(l, r)
      var levelIndex: [String: Int]? = nil
      if case .string(_, let levels) = l.storage {
        levelIndex = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
      }
      let lc = RowKeys.codes(Self.promoted(l, for: r), levelIndex: levelIndex)
      let rc = RowKeys.codes(Self.promoted(r, for: l), levelIndex: levelIndex)
      var table: [RowKeys.Pair: Int] = [:]
      for i in 0..<rowCount {
        if lc[i] == Int.min { leftMissing[i] = true }
        let p = RowKeys.Pair(a: leftIds[i], b: lc[i])
        if let id = table[p] { leftIds[i] = id } else { leftIds[i] = table.count; table[p] = table.count }
      }
      for i in 0..<other.rowCount {
        if rc[i] == Int.min || rc[i] == -1 && levelIndex != nil { rightMissing[i] = true }
        let p = RowKeys.Pair(a: rightIds[i], b: rc[i])
        rightIds[i] = table[p] ?? -1
        if rightIds[i] < 0 { rightMissing[i] = true }
      }
    }
    var matches: [Int: [Int]] = [:]
    for i in 0..<other.rowCount where !rightMissing[i] { matches[rightIds[i], default: []].append(i) }
    // Counted before anything is gathered: a key repeated on both sides multiplies rows.
    var resultRows = 0
    for i in 0..<rowCount {
      let n = leftMissing[i] ? 0 : matches[leftIds[i]]?.count ?? 0
      resultRows = resultRows.addingReportingOverflow(n == 0 && kind == .left ? 1 : n).partialValue
    }
    let width = columns.count + other.columns.count + 2  // both row indices, then the columns
    try MemoryBudget.require(
      MemoryBudget.product(resultRows, width, 9), for: "the join's \(ValueFormatter.grouped(resultRows)) rows",
      hint: "a key that repeats on both sides multiplies rows; dedupe one side or aggregate it first")
    var leftRows: [Int] = []
    var rightRows: [Int] = []
    leftRows.reserveCapacity(resultRows)
    rightRows.reserveCapacity(resultRows)
    for i in 0..<rowCount {
      if i & 0xFFFF == 0 { try CancellationToken.check() }
      if !leftMissing[i], let rows = matches[leftIds[i]] {
        for r in rows {
          leftRows.append(i)
          rightRows.append(r)
        }
      } else if kind == .left {
        leftRows.append(i)
        rightRows.append(-1)
      }
    }
    var out = columns.map { $0.gather(leftRows) }
    for c in other.columns where !keys.contains(c.name) {
      var g = c.gatherAllowingMissing(rightRows)
      if index(of: g.name) != nil { g.name += suffix }
      out.append(g)
    }
    var result = try DataFrame(columns: out)
    result.pipeline = pipeline + other.featureSteps(joinedAs: { name in keys.contains(name) ? nil : index(of: name) != nil ? name + suffix : name })
    var joinedRoles = roles
    for (name, role) in other.roles where !keys.contains(name) {
      joinedRoles[index(of: name) != nil ? name + suffix : name] = role
    }
    return result.withRoles(joinedRoles)
  }

  private static func checkJoinTypes(_ l: Column, _ r: Column) throws {
    let ok = l.type == r.type || (l.type.isNumeric && r.type.isNumeric)
    if !ok {
      throw EngineError.typeMismatch(
        column: l.name, expected: "the same type in both frames (\(l.type.rawValue))",
        actual: "\(r.type.rawValue) in the other frame")
    }
  }

  /// Int keys compared with double keys are compared as doubles.
  private static func promoted(_ c: Column, for other: Column) -> Column {
    if c.type == .int && other.type == .double, let d = c.doubles() { return .doubles(c.name, d) }
    return c
  }
}
