import SegEngine

/// Who a campaign reaches: actions per customer and per segment, after apply rules.
extension CommandTable {
  static let coverage = CommandSpec(
    "coverage", family: .segment, summary: "who gets which action, per segment",
    explanation: """
      After apply rules: how many customers get each action, how many are held out as
      the control group, how many were left out because they gave no consent or objected to
      direct marketing (a column with the role consent or objection), and how many match no rule; then the same per segment (by=, by
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
    for (reason, count) in coverage.refused { rows.append(["(\(reason))", grouped(count), "·", percent(Double(count) / total)]) }
    rows.append(["(no rule)", grouped(coverage.unmatched), "·", percent(Double(coverage.unmatched) / total)])
    inv.output(.table(Table(title: "coverage of \(coverage.name) (\(plural(frame.rowCount, "customer")))", headers: [coverage.name, "treated", "held out", "share"],
      rows: rows, numeric: [false, true, true, true])))
    guard let by = coverage.by else { return }
    // Cells of fewer customers than privacy min_group= are not published.
    let minimum = inv.env.minGroup ?? 0
    var suppressed = 0
    let cell = { (n: Int) -> String in
      guard n > 0 && n < minimum else { return grouped(n) }
      suppressed += 1
      return "<\(minimum)"
    }
    let perSegment = coverage.segments.map { s in
      [s.isMissing ? "·" : inv.env.catalog.segmentText(s, of: by)] + coverage.columns.map { cell(coverage.cells[s]![$0] ?? 0) }
    }
    inv.output(.table(Table(
      title: "customers per \(by) and \(coverage.name)", headers: [by] + coverage.columns, rows: perSegment,
      numeric: [false] + coverage.columns.map { _ in true },
      note: suppressionNote(suppressed, "cell", of: "customers", below: minimum))))
  }
}

extension Coverage {
  /// The action column named by `slot`, which apply rules must have written, counted per
  /// action and per segment of by= (or the latest labels).
  init(_ inv: Invocation, frame: DataFrame, slot: String) throws {
    let (name, ruleValues) = try inv.appliedActions(frame, slot: slot, applying: "apply rules")
    try self.init(frame, actionColumn: name, ruleValues: ruleValues, by: inv.names("by").first ?? inv.env.catalog.latestLabel(in: frame))
  }
}

extension Invocation {
  /// The action column `slot` names, which apply rules must have written (`applying` is how
  /// the hint says to write it), and each declared rule's action value (`coverage`, `uplift`).
  func appliedActions(_ frame: DataFrame, slot: String, applying: String) throws -> (name: String, ruleValues: [String: String]) {
    let name = try frame.resolveColumns(positionalWords(slot)).first ?? ""
    guard frame.index(of: name + "_rule") != nil, frame.index(of: name + "_holdout") != nil else {
      throw Diagnostic(message: "\(name) was not written by apply rules", range: positionals(slot).first?.range,
        label: "run \(applying) as \(name) first")
    }
    var ruleValues: [String: String] = [:]
    for d in env.catalog.rules { ruleValues[d.rule.name] = d.rule.value }
    return (name, ruleValues)
  }
}
