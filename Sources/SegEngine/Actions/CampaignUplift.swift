/// What a campaign did: per action (and per segment), the outcome of the customers who got
/// it against the held-out customers its rules chose but who got nothing (`uplift`).
public struct CampaignUplift: Sendable {
  /// A 0/1 or true/false outcome compares rates; any other number, means.
  public let binary: Bool
  /// Rows whose outcome is missing, left out.
  public let missingOutcomes: Int
  public let groups: [Group]

  /// One action, in all segments (`segment` nil) or one.
  public struct Group: Sendable {
    public let action: String
    public let segment: Scalar?
    public let treated: Int
    public let held: Int
    /// nil when either side has fewer customers than a comparison needs.
    public let comparison: TreatmentComparison?
  }

  /// - Parameters:
  ///   - ruleValues: each rule's action value (the control group's action column is empty).
  ///   - by: segment labels, for a group per action and segment.
  public init(_ frame: DataFrame, actionColumn: String, ruleValues: [String: String], outcome: String, by: String?) throws {
    let outcomeColumn = try frame.column(outcome)
    let values: [Double]
    switch outcomeColumn.type {
    case .bool, .int, .double: values = outcomeColumn.doubles()!
    default:
      throw EngineError.typeMismatch(column: outcome, expected: "a 0/1, true/false or numeric outcome", actual: outcomeColumn.type.rawValue)
    }
    binary = outcomeColumn.type == .bool || values.allSatisfy { $0.isNaN || $0 == 0 || $0 == 1 }
    missingOutcomes = values.filter(\.isNaN).count
    let campaign = try CampaignGroups(frame, actionColumn: actionColumn, ruleValues: ruleValues)
    let segments = try by.map { try frame.column($0) }
    var rowsOf: [String: [Int]] = [:]
    for row in 0..<frame.rowCount where !values[row].isNaN {
      for action in campaign.actions[row] { rowsOf[action, default: []].append(row) }
    }
    guard !rowsOf.isEmpty else {
      throw EngineError.emptyInput("no customer with an outcome got an action of \(actionColumn); apply rules first, and check \(outcome)")
    }
    guard rowsOf.values.contains(where: { $0.contains { campaign.held[$0] } }) else {
      throw EngineError.unsupported("no customer was held out of \(actionColumn): uplift compares with the control group; apply rules … holdout=10% keeps one")
    }
    var groups: [Group] = []
    let binary = binary
    func group(_ action: String, _ segment: Scalar?, _ rows: [Int]) -> Group {
      let treated = rows.filter { !campaign.held[$0] }.map { values[$0] }
      let held = rows.filter { campaign.held[$0] }.map { values[$0] }
      let comparison: TreatmentComparison? =
        if binary {
          treated.isEmpty || held.isEmpty ? nil
            : .proportions(treatedHits: treated.filter { $0 == 1 }.count, treated: treated.count, controlHits: held.filter { $0 == 1 }.count, control: held.count)
        } else {
          treated.count < 2 || held.count < 2 ? nil : .means(treated: treated, control: held)
        }
      return Group(action: action, segment: segment, treated: treated.count, held: held.count, comparison: comparison)
    }
    for action in rowsOf.keys.sorted() {
      let rows = rowsOf[action]!
      groups.append(group(action, nil, rows))
      guard let segments else { continue }
      var bySegment: [Scalar: [Int]] = [:]
      for row in rows { bySegment[segments.value(at: row), default: []].append(row) }
      for s in bySegment.keys.sorted(by: Scalar.labelOrder) { groups.append(group(action, s, bySegment[s]!)) }
    }
    self.groups = groups
  }
}
