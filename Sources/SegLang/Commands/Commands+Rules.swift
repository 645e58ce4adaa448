import SegEngine

/// Personalization: rules that turn segments and customer facts into actions.
extension CommandTable {
  static let ruleExampleSetup = segmentExampleSetup + """
    name segment 0="Young" 1="Affluent" 2="Browsers" 3="Older"
    rule "premium" when segment == "Affluent" and income > 80000 then offer "early_access" priority=10
    rule "nudge" when web_visits >= 8 then offer "free_shipping" unless age < 25
    rule "everyone else" then offer "newsletter"

    """

  static let rule = CommandSpec(
    "rule", family: .segment, summary: "declare a personalization rule",
    explanation: """
      rule "name" when <condition> then <action> "<value>" says which customers get what:
      rule "winback" when recency > 180 then offer "discount_20". Conditions read the
      columns as every verb does (days, euros: scale and transform in place keep them),
      any column, and segment names. priority= orders rules (higher first; equal ones in the order declared);
      unless <condition> excludes customers; a rule without when is the default for
      everybody no other rule takes. Declaring a rule with an existing name replaces it.
      apply rules writes the actions; rules lists them and rules check finds problems.
      """,
    positionals: [
      PositionalSpec("name", .text, "the rule's name, in quotes"),
      PositionalSpec("clauses", .expression, repeating: true, "when <condition> then <action> \"<value>\" [unless <condition>]"),
    ],
    options: [OptionSpec("priority", .integer(min: nil), default: "0", "higher runs first")],
    example: ruleExampleSetup + "rules\n"
  ) { inv in
    let declaration = try RuleDeclaration(inv)
    // Checked against the current frame now, so a typo is caught where it was written.
    if let (_, frame) = try? inv.env.catalog.current() {
      for (expression, written) in [(declaration.rule.condition, declaration.when), (declaration.rule.unless, declaration.unless)] {
        guard let expression, let written else { continue }
        do {
          _ = try frame.evaluateCondition(expression, context: inv.context)
        } catch let error as EngineError {
          switch error {
          case .typeMismatch, .invalidExpression:
            let range = inv.positionals("clauses").first { inv.text(of: $0.range) == written }?.range
            throw Diagnostic(message: error.message, range: range ?? inv.command.range,
              help: "compare numbers with numbers and text with text in quotes; segment names work on named label columns")
          default: throw error
          }
        }
      }
    }
    let replaced = inv.env.catalog.rules.contains { $0.rule.name == declaration.rule.name }
    inv.env.catalog.declare(declaration)
    inv.message("\(replaced ? "replaced" : "added") rule \"\(declaration.rule.name)\" (\(plural(inv.env.catalog.rules.count, "rule")))")
  }

  static let rules = CommandSpec(
    "rules", family: .segment, summary: "list, check or clear the rules",
    explanation: """
      rules lists the rules in the order they are tried (priority, then declaration), with
      how many customers of the current frame each one matches. rules check also finds
      rules that match nobody, rules that never win because earlier rules take all their
      customers (shadowed), and rules that overlap. rules clear removes them all.
      """,
    positionals: [PositionalSpec("action", .choice(["list", "check", "clear"]), required: false, "list (default), check or clear")],
    options: [fromOption],
    example: ruleExampleSetup + "rules check\n"
  ) { inv in
    let action = inv.positionalText("action") ?? "list"
    if action == "clear" {
      inv.message("removed \(plural(inv.env.catalog.rules.count, "rule"))")
      inv.env.catalog.rules = []
      return
    }
    guard !inv.env.catalog.rules.isEmpty else {
      inv.message("no rules yet; declare one: rule \"winback\" when recency > 180 then offer \"discount_20\"")
      return
    }
    let set = RuleSet(inv.env.catalog.rules.map(\.rule))
    let declarations = set.rules.map { r in inv.env.catalog.rules.first { $0.rule.name == r.name }! }
    let frame = try inv.inputFrame().frame
    let matches = try set.matches(frame, context: inv.context)
    let diagnosis = set.diagnose(matches)
    inv.output(.table(Table(
      title: "rules in the order they are tried", headers: ["#", "rule", "then", "priority", "matches", "wins", "when"],
      rows: declarations.enumerated().map { i, d in
        let when = (d.when ?? "everybody else") + (d.unless.map { " unless \($0)" } ?? "")
        let wins = d.rule.isDefault ? "rest" : grouped(diagnosis.fires[i])
        return [String(i + 1), d.rule.name, "\(d.rule.action) \(quote(d.rule.value))", String(d.rule.priority),
          d.rule.isDefault ? "·" : grouped(diagnosis.matched[i]), wins, when]
      }, numeric: [true, false, false, true, true, true, false])))
    guard action == "check" else { return }
    var findings: [[String]] = []
    for (i, r) in set.rules.enumerated() where !r.isDefault {
      if diagnosis.matched[i] == 0 {
        findings.append([r.name, "dead", "matches no customer of this frame"])
      } else if let by = diagnosis.shadowedBy[i] {
        findings.append([r.name, "shadowed", "\"\(set.rules[by].name)\" comes first and takes all \(plural(diagnosis.matched[i], "customer")) it matches"])
      } else if diagnosis.fires[i] == 0 {
        findings.append([r.name, "shadowed", "earlier rules together take all \(plural(diagnosis.matched[i], "customer")) it matches"])
      }
    }
    for (a, b, both) in diagnosis.overlaps where diagnosis.shadowedBy[b] != a {
      findings.append([set.rules[b].name, "overlap", "\(plural(both, "customer")) also match \"\(set.rules[a].name)\", which comes first"])
    }
    if findings.isEmpty {
      inv.message("rules check: no problems (\(plural(set.rules.count, "rule")), none dead, shadowed or overlapping)")
    } else {
      inv.output(.table(Table(title: "rules check", headers: ["rule", "finding", "detail"], rows: findings)))
    }
  }

  static let apply = CommandSpec(
    "apply", family: .segment, summary: "apply the rules: an action per customer, with a holdout",
    explanation: """
      Gives every customer the action of the first rule that matches (mode=all: of every
      matching rule, joined with ;), or the default rule's. holdout=10% keeps a control
      group that gets no action, so the campaign's effect can be measured: who is held
      out depends only on the customer's key and the seed, so the same customer is held
      out in every run and on every machine. Three columns are written: the action (as
      name; missing for the held-out and the unmatched), name_rule (the rule that
      matched) and name_holdout (true for the control group). Customers whose consent
      column (roles … =consent) does not say yes, or whose objection column (=objection)
      does, get no action whatever matches, and name_excluded says why; consent= names
      such a column for this application alone.
      """,
    positionals: [PositionalSpec("rules", .choice(["rules"]), "the word rules")],
    options: [
      OptionSpec("mode", .choice(["first", "all"]), default: "first", "first: the first matching rule only; all: every matching rule"),
      OptionSpec("holdout", .fraction, default: "0%", "the share held out as a control group"),
      OptionSpec("seed", .integer(min: 0), default: "0", "chooses the control group (with the key)"),
      OptionSpec("key", .column, default: .described("customer_id"), "the column that identifies a customer"),
      OptionSpec("consent", .column, default: .described("the columns with the role consent"), "a yes/no column: only customers who said yes get an action"),
      fromOption,
    ],
    output: "the action column (default: the rules' action, e.g. offer)",
    example: ruleExampleSetup + "apply rules holdout=10% seed=7 as offer\nshow customer_id segment offer offer_rule offer_holdout n=5\n"
  ) { inv in
    guard !inv.env.catalog.rules.isEmpty else {
      throw Diagnostic(category: .runtime, message: "there are no rules to apply", range: inv.command.range,
        help: "declare some first: rule \"winback\" when recency > 180 then offer \"discount_20\"")
    }
    let actions = Array(Set(inv.env.catalog.rules.map(\.rule.action))).sorted()
    let column = inv.outputName ?? actions[0]
    guard inv.outputName != nil || actions.count == 1 else {
      throw Diagnostic(message: "the rules set \(actions.joined(separator: " and ")); say which to apply", range: inv.command.range,
        label: "for example: apply rules as \(actions[0])")
    }
    let chosen = inv.env.catalog.rules.filter { $0.rule.action == column || actions.count == 1 }
    guard !chosen.isEmpty else {
      throw Diagnostic(message: "no rule sets \(column)", range: inv.command.outputRange, label: "the rules set: \(actions.joined(separator: ", "))")
    }
    let (frameName, stored) = try inv.inputFrame()
    var frame = stored
    if let consent = inv.names("consent").first {
      // For this application only; roles consent=… makes it the session's.
      let name = try frame.resolveColumns([consent]).first ?? consent
      do { _ = try MarketingPermission.answers(frame.column(name)) } catch let e as EngineError { throw Diagnostic(message: e.message, range: inv.range(of: "consent")) }
      frame.roles[name] = .consent
    }
    let set = RuleSet(chosen.map(\.rule))
    let share = inv.number("holdout") ?? 0
    let keyName = inv.names("key").first ?? "customer_id"
    if share > 0, frame.index(of: keyName) == nil {
      throw Diagnostic(message: "a holdout needs a customer key, and \(frameName) has no column \(keyName)", range: inv.range(of: "holdout"),
        label: "name it: key=<column>", help: "the key makes the control group the same in every run")
    }
    let applied = try RuleApplication(set, to: frame, as: column, all: inv.text("mode") == "all",
      holdout: .init(key: keyName, share: share, seed: UInt64(inv.int("seed") ?? 0)), context: inv.context)
    var result = applied.frame
    result.roles = stored.roles
    inv.env.catalog.store(result, as: frameName)
    let (matched, held, perRule) = (applied.matched, applied.held, applied.perRule)
    let refused = MarketingPermission.Refusal.allCases.compactMap { r in applied.refused[r].map { "\(grouped($0)) left out (\(r.rawValue))" } }
    inv.message("\(column): \(plural(matched - held, "customer")) get an action, \(grouped(held)) held out"
      + (share > 0 ? " (\(percent(Double(held) / Double(max(matched, 1)))) of those matched)" : "")
      + refused.map { ", " + $0 }.joined() + ", \(grouped(frame.rowCount - matched - applied.refused.values.reduce(0, +))) matched no rule")
    inv.output(.table(Table(
      headers: ["rule", column, "customers", "treated", "held out"],
      rows: set.rules.indices.map { r in
        [set.rules[r].name, set.rules[r].value, grouped(perRule[r].matched), grouped(perRule[r].matched - perRule[r].held), grouped(perRule[r].held)]
      }, numeric: [false, false, true, true, true])))
  }
}
