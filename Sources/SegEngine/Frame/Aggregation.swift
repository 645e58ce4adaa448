/// A per-group reduction used by `aggregate`.
public enum AggregateFunction: String, Sendable, CaseIterable {
  case count, sum, mean, median, min, max, std, nunique, first, last

  /// Whether the function needs numeric input.
  var needsNumbers: Bool { [.sum, .mean, .median, .std].contains(self) }
}

/// One output column of `aggregate`: `name = function(input)`.
public struct AggregateSpec: Sendable {
  public var name: String
  public var function: AggregateFunction
  /// The input values, already evaluated (nil for `count()` of rows).
  public var input: Column?
  public init(name: String, function: AggregateFunction, input: Column?) {
    self.name = name
    self.function = function
    self.input = input
  }
}

extension DataFrame {
  /// Groups rows by the key columns (missing keys form their own group, listed where they
  /// first appear) and reduces each spec per group. Groups keep first-appearance order.
  public func aggregated(by keys: [String], _ specs: [AggregateSpec]) throws -> DataFrame {
    let keyColumns = try keys.map { try column($0) }
    let groups = RowKeys(keyColumns)
    // Without keys the whole frame is one group.
    let g = keys.isEmpty ? 1 : groups.groupCount
    let ids = keys.isEmpty ? [Int](repeating: 0, count: rowCount) : groups.ids
    var members = [[Int]](repeating: [], count: g)
    for i in 0..<rowCount { members[ids[i]].append(i) }
    var out = keyColumns.map { $0.gather(keys.isEmpty ? [] : groups.firstRows) }
    for spec in specs {
      try CancellationToken.check()
      out.append(try Self.reduce(spec, members: members))
    }
    // Group keys keep their role.
    return try DataFrame(columns: out).withRoles(roles)
  }

  private static func reduce(_ spec: AggregateSpec, members: [[Int]]) throws -> Column {
    guard let input = spec.input else {
      return .ints(spec.name, members.map { $0.count })
    }
    switch spec.function {
    case .count, .nunique:
      // Equal values have equal codes (missing is Int.min), so no value is boxed per row.
      let codes = RowKeys.codes(input, levelIndex: nil)
      if spec.function == .count {
        return .ints(spec.name, members.map { rows in rows.reduce(0) { $0 + (codes[$1] == Int.min ? 0 : 1) } })
      }
      var seen = Set<Int>()
      return .ints(spec.name, members.map { rows in
        seen.removeAll(keepingCapacity: true)
        for r in rows where codes[r] != Int.min { seen.insert(codes[r]) }
        return seen.count
      })
    case .first, .last:
      let picks = members.map { rows -> Int in
        let present = rows.filter { !input.value(at: $0).isMissing }
        return (spec.function == .first ? present.first : present.last) ?? -1
      }
      var c = input.gatherAllowingMissing(picks)
      c.name = spec.name
      return c
    case .min, .max:
      if let d = input.doubles(), input.type != .bool {
        let values = members.map { rows -> Double in
          let v = rows.map { d[$0] }.filter { !$0.isNaN }
          return (spec.function == .min ? v.min() : v.max()) ?? .nan
        }
        if input.type == .int {
          return .ints(spec.name, values.map { $0.isNaN ? nil : Int($0) })
        }
        return .doubles(spec.name, values)
      }
      let picks = members.map { rows -> Int in
        let present = rows.filter { !input.value(at: $0).isMissing }
        let best = present.min { a, b in
          let less = ScalarOrder.less(input.value(at: a), input.value(at: b))
          return spec.function == .min ? less : ScalarOrder.less(input.value(at: b), input.value(at: a))
        }
        return best ?? -1
      }
      var c = input.gatherAllowingMissing(picks)
      c.name = spec.name
      return c
    case .sum, .mean, .median, .std:
      guard let d = input.doubles(), input.type.isNumeric || input.type == .bool else {
        throw EngineError.typeMismatch(
          column: input.name.isEmpty ? spec.name : input.name, expected: "a number for \(spec.function.rawValue)",
          actual: input.type.rawValue)
      }
      let values = members.map { rows -> Double in
        let v = rows.map { d[$0] }
        switch spec.function {
        case .sum: return Statistics.sum(v)
        case .mean: return Statistics.mean(v)
        case .median: return Statistics.median(v)
        default: return Statistics.std(v)
        }
      }
      if spec.function == .sum, case .int(let ints) = input.storage {
        return .ints(spec.name, members.map { rows in rows.reduce(0) { input.isValid($1) ? $0 &+ ints[$1] : $0 } })
      }
      return .doubles(spec.name, values)
    }
  }
}

/// A total order over scalars of one type, used for min/max of text and dates.
enum ScalarOrder {
  static func less(_ a: Scalar, _ b: Scalar) -> Bool {
    switch (a, b) {
    case (.string(let x), .string(let y)): x < y
    case (.date(let x), .date(let y)), (.datetime(let x), .datetime(let y)), (.int(let x), .int(let y)): x < y
    case (.bool(let x), .bool(let y)): !x && y
    default: (a.doubleValue ?? 0) < (b.doubleValue ?? 0)
    }
  }
}
