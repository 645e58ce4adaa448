/// The counts behind `coverage` and `plot coverage`: customers per action (treated and held
/// out), and per segment and action, from the columns apply-rules wrote (`name`,
/// `name_rule`, `name_holdout`).
public struct Coverage: Sendable {
  public let name: String
  /// Actions in name order.
  public let actions: [String]
  public let counts: [String: (treated: Int, held: Int)]
  public let unmatched: Int
  /// Customers who may not be marketed to, by why (apply rules' `name_excluded`); they count
  /// here, not as unmatched.
  public let refused: [(reason: String, count: Int)]
  /// The segment column, when there is one.
  public let by: String?
  /// Segments in label order (missing: rows without a label, last).
  public let segments: [Scalar]
  /// The actions, then "(held out)", a column per refusal and "(no rule)".
  public let columns: [String]
  public let cells: [Scalar: [String: Int]]

  /// - Parameter ruleValues: each rule's action value, for rows of the control group,
  ///   whose action column is empty (values the rows show win).
  public init(_ frame: DataFrame, actionColumn name: String, ruleValues: [String: String], by: String?) throws {
    self.name = name
    let groups = try CampaignGroups(frame, actionColumn: name, ruleValues: ruleValues)
    let held = groups.held
    let actionsOf = { (row: Int) in groups.actions[row] }
    let refusals = frame.index(of: name + "_excluded").map { frame.columns[$0].plainTexts } ?? Array(repeating: nil, count: frame.rowCount)
    var counts: [String: (treated: Int, held: Int)] = [:]
    var unmatched = 0
    var refused: [String: Int] = [:]
    for row in 0..<frame.rowCount {
      let actions = actionsOf(row)
      if let why = refusals[row] { refused[why, default: 0] += 1 } else if actions.isEmpty { unmatched += 1 }
      for a in actions { if held[row] { counts[a, default: (0, 0)].held += 1 } else { counts[a, default: (0, 0)].treated += 1 } }
    }
    self.counts = counts
    self.unmatched = unmatched
    actions = counts.keys.sorted()
    self.refused = MarketingPermission.Refusal.allCases.compactMap { r in refused[r.rawValue].map { (r.rawValue, $0) } }
    columns = actions + ["(held out)"] + self.refused.map { "(\($0.reason))" } + ["(no rule)"]
    self.by = by
    var cells: [Scalar: [String: Int]] = [:]
    if let by {
      let segments = try frame.column(by)
      for row in 0..<frame.rowCount {
        let s = segments.value(at: row)
        let actions = actionsOf(row)
        let places = refusals[row].map { ["(\($0))"] } ?? (actions.isEmpty ? ["(no rule)"] : actions.map { held[row] ? "(held out)" : $0 })
        for a in places { cells[s, default: [:]][a, default: 0] += 1 }
      }
    }
    self.cells = cells
    segments = cells.keys.sorted(by: Scalar.labelOrder)
  }
}
