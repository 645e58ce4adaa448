/// Personalization rules inside a database: each action column as one CASE.
extension RuleSet {
  /// Per action the rules write (`offer`), a CASE giving the value of the first rule in
  /// evaluation order whose condition holds and whose `unless` does not (a missing value
  /// makes a condition false, as apply rules reads it), else the default rule's value.
  public func sqlColumns(dialect: SQLDialect, context: EvaluationContext) throws -> [(name: String, sql: String)] {
    let printer = SQLPrinter(dialect: dialect, schemas: [:], context: context)
    var actions: [String] = []
    for rule in rules where !actions.contains(rule.action) { actions.append(rule.action) }
    return try actions.map { action in
      var whens: [String] = []
      var fallback = "NULL"
      for rule in rules where rule.action == action {
        let value = SQLPrinter.stringLiteral(rule.value)
        guard let condition = rule.condition else {
          fallback = value
          continue
        }
        var test = "(\(try printer.sql(condition))) IS TRUE"
        if let unless = rule.unless { test += " AND NOT ((\(try printer.sql(unless))) IS TRUE)" }
        whens.append("WHEN \(test) THEN \(value)")
      }
      return (action, whens.isEmpty ? fallback : "CASE \(whens.joined(separator: " ")) ELSE \(fallback) END")
    }
  }
}
