import SegEngine

/// A `rule` as declared: the engine rule plus its conditions as written, so rules can be
/// listed, saved in a model file and read back.
struct RuleDeclaration {
  var rule: Rule
  /// The conditions as written in the script, or printed with their variables' values
  /// when they use any (so a saved model does not depend on the session's variables).
  var when: String?
  var unless: String?

  /// The declaration as a line of seg (how models store it).
  var source: String {
    var parts = ["rule", SegPrinter.quoted(rule.name)]
    if let when { parts += ["when", when] }
    parts += ["then", rule.action, SegPrinter.quoted(rule.value)]
    if rule.priority != 0 { parts.append("priority=\(rule.priority)") }
    if let unless { parts += ["unless", unless] }
    return parts.joined(separator: " ")
  }

  /// Reads `rule "name" [when <condition>] then <action> "<value>" [unless <condition>]`
  /// from the command's positionals (the parser reads when/then/unless as plain words).
  init(_ inv: Invocation) throws {
    let items = inv.positionals("clauses")
    var when: Expression?, unless: Expression?, action: String?, value: String?
    var i = 0
    func clause(_ word: String) throws -> Expression {
      // `when (a or b)` parses as a call of when().
      if case .call(word, let args) = items[i].kind, args.count == 1 { i += 1; return args[0] }
      guard i + 1 < items.count, !["then", "unless", "when"].contains(items[i + 1].bareName ?? "") else {
        throw Diagnostic(message: "\(word) needs a condition", range: items[i].range, label: "for example: \(word) recency > 180")
      }
      i += 2
      return items[i - 1]
    }
    while i < items.count {
      let item = items[i]
      let word: String? = if case .call(let f, _) = item.kind { f } else { item.bareName }
      switch word {
      case "when" where when == nil && action == nil: when = try clause("when")
      case "unless" where unless == nil: unless = try clause("unless")
      case "then" where action == nil:
        guard i + 2 < items.count, let a = items[i + 1].bareName, case .string(let v) = items[i + 2].kind else {
          throw Diagnostic(message: "then needs an action and its value", range: item.range, label: "for example: then offer \"discount_20\"")
        }
        (action, value) = (a, v)
        i += 3
      default:
        throw Diagnostic(message: "unexpected \(word.map { "\"\($0)\"" } ?? "value") in a rule", range: item.range,
          label: "a rule reads: rule \"name\" when <condition> then <action> \"<value>\" [unless <condition>]",
          help: when == nil && action == nil ? "start the condition with when" : nil)
      }
    }
    guard let action, let value else {
      throw Diagnostic(message: "the rule says who but not what", range: inv.command.range,
        label: "add then <action> \"<value>\", for example then offer \"discount_20\"")
    }
    let name = inv.positionalText("name") ?? ""
    rule = Rule(name: name, condition: try when.map(inv.lower), unless: try unless.map(inv.lower),
      action: action, value: value, priority: inv.int("priority") ?? 0)
    let written = { (e: Expression) -> String in
      let text = inv.text(of: e.range)
      return text.contains("$") ? SegPrinter.print(e) : text
    }
    self.when = when.map(written)
    self.unless = unless.map(written)
  }
}
