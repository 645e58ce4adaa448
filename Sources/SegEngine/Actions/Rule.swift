/// A personalization rule: the customers it is for, and what they get.
public struct Rule: Sendable, Equatable {
  public var name: String
  /// Who the rule is for; nil makes it the default, for everybody no other rule took.
  public var condition: ColumnExpr?
  /// Who is excluded even when the condition holds.
  public var unless: ColumnExpr?
  /// The column the rule writes (`offer`) and the value it writes there.
  public var action: String
  public var value: String
  /// Higher runs first; equal priorities run in declaration order.
  public var priority: Int

  public init(name: String, condition: ColumnExpr?, unless: ColumnExpr? = nil, action: String, value: String, priority: Int = 0) {
    self.name = name
    self.condition = condition
    self.unless = unless
    self.action = action
    self.value = value
    self.priority = priority
  }

  public var isDefault: Bool { condition == nil }
}

/// Rules in evaluation order, evaluated over a frame.
public struct RuleSet: Sendable {
  /// Evaluation order: priority, highest first, then declaration order; the default last.
  public let rules: [Rule]

  public init(_ declared: [Rule]) {
    rules = declared.enumerated()
      .sorted { a, b in
        if a.element.isDefault != b.element.isDefault { return b.element.isDefault }
        return a.element.priority != b.element.priority ? a.element.priority > b.element.priority : a.offset < b.offset
      }
      .map(\.element)
  }

  /// Per rule (in evaluation order), which rows its condition holds for and `unless` does
  /// not. Missing values make a condition false. The default rule matches nobody here.
  public func matches(_ frame: DataFrame, context: EvaluationContext) throws -> [[Bool]] {
    try rules.map { rule in
      guard let condition = rule.condition else { return [Bool](repeating: false, count: frame.rowCount) }
      var flags = try frame.evaluateCondition(condition, context: context).trueFlags()
      if let unless = rule.unless {
        let excluded = try frame.evaluateCondition(unless, context: context).trueFlags()
        for i in flags.indices where excluded[i] { flags[i] = false }
      }
      return flags
    }
  }

  /// The rules each row gets: the first match (`all`: every match) in evaluation order,
  /// or the default when nothing matched and a default exists.
  public func choose(_ matches: [[Bool]], rows: Int, all: Bool) -> [[Int]] {
    let fallback = rules.firstIndex(where: \.isDefault)
    return (0..<rows).map { row in
      var chosen: [Int] = []
      for r in rules.indices where matches[r][row] {
        chosen.append(r)
        if !all { break }
      }
      if chosen.isEmpty, let fallback { chosen = [fallback] }
      return chosen
    }
  }

  /// What `rules check` finds: rules that never match, rules every row of which an
  /// earlier rule takes (they never fire first), and pairs that match the same rows.
  public struct Diagnosis: Sendable, Equatable {
    public var matched: [Int]
    /// Rows each rule gets when the first match wins.
    public var fires: [Int]
    /// Per rule: the earlier rule that alone covers all its rows, if any.
    public var shadowedBy: [Int?]
    /// (earlier, later, rows both match), for pairs that share rows.
    public var overlaps: [(Int, Int, Int)]

    public static func == (a: Diagnosis, b: Diagnosis) -> Bool {
      a.matched == b.matched && a.fires == b.fires && a.shadowedBy == b.shadowedBy
        && a.overlaps.map { [$0.0, $0.1, $0.2] } == b.overlaps.map { [$0.0, $0.1, $0.2] }
    }
  }

  public func diagnose(_ matches: [[Bool]]) -> Diagnosis {
    let rows = matches.first?.count ?? 0
    let matched = matches.map { $0.filter { $0 }.count }
    let fires = choose(matches, rows: rows, all: false).reduce(into: [Int](repeating: 0, count: rules.count)) { counts, chosen in
      if let first = chosen.first, !rules[first].isDefault { counts[first] += 1 }
    }
    var shadowedBy: [Int?] = Array(repeating: nil, count: rules.count)
    var overlaps: [(Int, Int, Int)] = []
    for later in rules.indices where !rules[later].isDefault {
      for earlier in 0..<later where !rules[earlier].isDefault {
        let both = (0..<rows).filter { matches[earlier][$0] && matches[later][$0] }.count
        guard both > 0 else { continue }
        overlaps.append((earlier, later, both))
        if both == matched[later], shadowedBy[later] == nil { shadowedBy[later] = earlier }
      }
    }
    return Diagnosis(matched: matched, fires: fires, shadowedBy: shadowedBy, overlaps: overlaps)
  }
}
