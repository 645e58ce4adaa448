import SegEngine

/// Who a campaign reaches: actions per customer and per segment, after apply rules.
extension CommandTable {
  static let coverage = CommandSpec(
    "coverage", family: .segment, summary: "who gets which action, per segment",
    explanation: """
      After apply rules: how many customers get each action, how many are held out as
      the control group and how many match no rule; then the same per segment (by=, by
      default the latest segmentation), so you can see which segments a campaign reaches.
      """,
    positionals: [PositionalSpec("actions", .column, "the action column apply rules wrote")],
    options: [OptionSpec("by", .column, default: .described("the latest segment labels"), "the segment column"), fromOption],
    example: ruleExampleSetup + "apply rules holdout=10% seed=7 as offer\ncoverage offer\n"
  ) { inv in
    let frame = try inv.inputFrame().frame
    let coverage = try Coverage(inv, frame: frame, slot: "actions")
    let total = Double(max(frame.rowCount, 1))
    var rows = coverage.actions.map { a in
      [a, grouped(coverage.counts[a]!.treated), grouped(coverage.counts[a]!.held), percent(Double(coverage.counts[a]!.treated + coverage.counts[a]!.held) / total)]
    }
    rows.append(["(no rule)", grouped(coverage.unmatched), "·", percent(Double(coverage.unmatched) / total)])
    inv.output(.table(Table(title: "coverage of \(coverage.name) (\(plural(frame.rowCount, "customer")))", headers: [coverage.name, "treated", "held out", "share"],
      rows: rows, numeric: [false, true, true, true])))
    guard let by = coverage.by else { return }
    inv.output(.table(Table(
      title: "customers per \(by) and \(coverage.name)", headers: [by] + coverage.columns,
      rows: coverage.segments.map { s in
        [s.map { inv.env.catalog.segmentLabel($0, of: by) } ?? "·"] + coverage.columns.map { grouped(coverage.cells[s]![$0] ?? 0) }
      }, numeric: [false] + coverage.columns.map { _ in true })))
  }
}

/// The counts behind `coverage` and `plot coverage`: customers per action (treated and held
/// out), and per segment and action.
struct Coverage {
  let name: String
  /// Actions in name order.
  let actions: [String]
  let counts: [String: (treated: Int, held: Int)]
  let unmatched: Int
  /// The segment column, when there is one (by= or the latest labels).
  let by: String?
  /// Segments in label order (nil: rows without a label, last).
  let segments: [Int?]
  /// The actions, then "(held out)" and "(no rule)".
  let columns: [String]
  let cells: [Int?: [String: Int]]

  init(_ inv: Invocation, frame: DataFrame, slot: String) throws {
    name = try frame.resolveColumns(inv.positionalWords(slot)).first ?? ""
    guard let rulesColumn = try? frame.column(name + "_rule"), let holdoutColumn = try? frame.column(name + "_holdout") else {
      throw Diagnostic(message: "\(name) was not written by apply rules", range: inv.positionals(slot).first?.range,
        label: "run apply rules as \(name) first")
    }
    let ruleNames = (0..<frame.rowCount).map { rulesColumn.value(at: $0) }
    let held = (0..<frame.rowCount).map { holdoutColumn.value(at: $0) == .bool(true) }
    let actionColumn = try frame.column(name)
    // The action a row has, or would have had in the control group: rule names map to values.
    var valueOfRule: [String: String] = [:]
    for d in inv.env.catalog.rules { valueOfRule[d.rule.name] = d.rule.value }
    for row in 0..<frame.rowCount {
      if case .string(let rules) = ruleNames[row], case .string(let value) = actionColumn.value(at: row) {
        for (r, v) in zip(rules.split(separator: ";"), value.split(separator: ";")) { valueOfRule[String(r)] = String(v) }
      }
    }
    let actionsOf = { (row: Int) -> [String] in
      guard case .string(let rules) = ruleNames[row] else { return [] }
      return rules.split(separator: ";").map { valueOfRule[String($0)] ?? String($0) }
    }
    var counts: [String: (treated: Int, held: Int)] = [:]
    var unmatched = 0
    for row in 0..<frame.rowCount {
      let actions = actionsOf(row)
      if actions.isEmpty { unmatched += 1 }
      for a in actions { if held[row] { counts[a, default: (0, 0)].held += 1 } else { counts[a, default: (0, 0)].treated += 1 } }
    }
    self.counts = counts
    self.unmatched = unmatched
    actions = counts.keys.sorted()
    columns = actions + ["(held out)", "(no rule)"]
    by = inv.names("by").first ?? inv.env.catalog.latestLabel(in: frame)
    var cells: [Int?: [String: Int]] = [:]
    if let by {
      let segments = try frame.column(by)
      for row in 0..<frame.rowCount {
        let s: Int? = if case .int(let v) = segments.value(at: row) { v } else { nil }
        let actions = actionsOf(row)
        for a in actions.isEmpty ? ["(no rule)"] : actions.map({ held[row] ? "(held out)" : $0 }) { cells[s, default: [:]][a, default: 0] += 1 }
      }
    }
    self.cells = cells
    segments = cells.keys.sorted { ($0 ?? Int.max) < ($1 ?? Int.max) }
  }
}
