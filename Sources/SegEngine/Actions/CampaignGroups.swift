/// Each row's place in a campaign after apply rules: the actions its rules chose (also for
/// the control group, whose action column stays empty) and whether it was held out.
struct CampaignGroups {
  /// Per row, the actions its rules chose; empty when no rule matched.
  let actions: [[String]]
  let held: [Bool]

  /// - Parameter ruleValues: each rule's action value, for rows of the control group,
  ///   whose action column is empty (values the rows show win).
  init(_ frame: DataFrame, actionColumn name: String, ruleValues: [String: String]) throws {
    let rulesColumn = try frame.column(name + "_rule"), holdoutColumn = try frame.column(name + "_holdout")
    let ruleNames = (0..<frame.rowCount).map { rulesColumn.value(at: $0) }
    held = (0..<frame.rowCount).map { holdoutColumn.value(at: $0) == .bool(true) }
    let actionColumn = try frame.column(name)
    var valueOfRule = ruleValues
    for row in 0..<frame.rowCount {
      if case .string(let rules) = ruleNames[row], case .string(let value) = actionColumn.value(at: row) {
        for (r, v) in zip(rules.split(separator: ";"), value.split(separator: ";")) { valueOfRule[String(r)] = String(v) }
      }
    }
    actions = ruleNames.map { names in
      guard case .string(let rules) = names else { return [] }
      return rules.split(separator: ";").map { valueOfRule[String($0)] ?? String($0) }
    }
  }
}
