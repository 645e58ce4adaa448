import SegEngine

/// What a campaign did: treated customers against the held-out control group.
extension CommandTable {
  static let uplift = CommandSpec(
    "uplift", family: .monitor, summary: "what a campaign changed: treated against held-out customers",
    explanation: """
      After apply rules … holdout= and the campaign, compares the customers who got each
      action with those its rules chose but who were held out: uplift offer
      outcome=converted. A 0/1 or true/false outcome compares rates (the lift in points,
      Newcombe's 95 % interval, a two-proportion z-test); another number compares means
      (Welch's interval and t-test). Also per segment (by=, by default the latest segment
      labels), and a warning where the control group is too small to tell the lift it
      shows from chance (80 % power at the 5 % level). Customers whose outcome is missing
      are left out. as <name> keeps the results as a frame.
      """,
    positionals: [PositionalSpec("actions", .column, "the action column apply rules wrote")],
    options: [
      OptionSpec("outcome", .column, default: .required, "what the campaign should change: converted, revenue, …"),
      OptionSpec("by", .column, default: .described("the latest segment labels"), "the segment column"),
      fromOption,
    ],
    output: "also keep the results as a frame",
    example: """
      sample customers n=20000 seed=7
      rule "web" when channel in ("online", "both") then offer "discount_10"
      rule "store" when channel == "store" then offer "coupon"
      apply rules holdout=20% seed=7 as offer
      sample outcome actions=offer seed=7
      uplift offer outcome=converted by=channel

      """
  ) { inv in
    let frame = try inv.inputFrame().frame
    let (name, valueOfRule) = try inv.appliedActions(frame, slot: "actions", applying: "apply rules … holdout=10%")
    let outcome = try frame.resolveColumns(inv.names("outcome")).first ?? ""
    let by = try inv.names("by").first.map { try frame.resolveColumns([$0]).first ?? $0 } ?? inv.env.catalog.latestLabel(in: frame)
    let uplift = try CampaignUplift(frame, actionColumn: name, ruleValues: valueOfRule, outcome: outcome, by: by)
    if uplift.missingOutcomes > 0 { inv.message("left out \(plural(uplift.missingOutcomes, "customer")) without \(outcome)") }
    let overall = uplift.groups.filter { $0.segment == nil }
    inv.output(.table(upliftTable(uplift, overall, title: "\(outcome) by \(name): treated against held out", first: [name], cells: { [$0.action] })))
    if let by {
      let segments = uplift.groups.filter { $0.segment != nil }
      inv.output(.table(upliftTable(uplift, segments, title: "\(outcome) by \(name) and \(by)", first: [name, by],
        cells: { [$0.action, inv.env.catalog.segmentText($0.segment!, of: by)] })))
    }
    for g in overall {
      guard let c = g.comparison else {
        inv.warning("\(g.action): \(g.held == 0 ? "no customer was held out" : "too few customers to compare"); nothing measured")
        continue
      }
      if abs(c.difference) < c.detectable {
        inv.warning("""
          \(g.action): with \(grouped(g.treated)) treated and \(grouped(g.held)) held out, only a lift of \(liftText(c.detectable, uplift.binary)) \
          or more shows reliably (80% power); the \(liftText(c.difference, uplift.binary)) measured may be chance; hold out more customers
          """)
      }
    }
    try inv.keepResult { try upliftFrame(uplift, by: by) }
  }

  /// A lift as it reads: rate points ("+3.4 pts") or a difference of means.
  static func liftText(_ x: Double, _ binary: Bool) -> String {
    let sign = x > 0 ? "+" : ""
    return binary ? sign + ValueFormatter.number(100 * x, significant: 3) + " pts" : sign + ValueFormatter.number(x, significant: 4)
  }

  /// An interval's end, in the lift's units without repeating them.
  static func bound(_ x: Double, _ binary: Bool) -> String {
    (x > 0 ? "+" : "") + ValueFormatter.number(binary ? 100 * x : x, significant: 3)
  }

  static func upliftTable(_ u: CampaignUplift, _ groups: [CampaignUplift.Group], title: String, first: [String],
                          cells: (CampaignUplift.Group) -> [String]) -> Table {
    let value = { (x: Double) in u.binary ? percent(x) : ValueFormatter.number(x, significant: 4) }
    let what = u.binary ? "rate" : "mean"
    let headers = first + ["treated", "held out", what, "held-out \(what)", "lift", "95% interval", "relative", "p-value"]
    let rows = groups.map { g -> [String] in
      guard let c = g.comparison else { return cells(g) + [grouped(g.treated), grouped(g.held)] + Array(repeating: "·", count: 6) }
      return cells(g) + [grouped(g.treated), grouped(g.held), value(c.treated), value(c.control), liftText(c.difference, u.binary),
        "\(bound(c.low, u.binary)) to \(bound(c.high, u.binary))", c.relative.isNaN ? "·" : percent(c.relative), pValueText(c.pValue)]
    }
    return Table(title: title, headers: headers, rows: rows, numeric: headers.indices.map { $0 >= first.count && $0 != headers.count - 3 })
  }

  static func upliftFrame(_ u: CampaignUplift, by: String?) throws -> DataFrame {
    let c = u.groups.map(\.comparison)
    let number = { (f: (TreatmentComparison) -> Double) in c.map { $0.map(f) ?? .nan } }
    var columns: [Column] = [.strings("action", u.groups.map(\.action))]
    if let by { columns.append(.strings(by, u.groups.map { $0.segment.map(ValueFormatter.plain) })) }
    columns += [
      .ints("treated", u.groups.map(\.treated)), .ints("held_out", u.groups.map(\.held)),
      .doubles("treated_value", number(\.treated)), .doubles("held_out_value", number(\.control)),
      .doubles("lift", number(\.difference)), .doubles("low", number(\.low)), .doubles("high", number(\.high)),
      .doubles("relative", number(\.relative)), .doubles("p_value", number(\.pValue)), .doubles("detectable", number(\.detectable)),
    ]
    return try DataFrame(columns: columns)
  }
}
