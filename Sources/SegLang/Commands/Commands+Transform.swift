import SegEngine

/// Reshaping frames: columns, rows, new values, groups and joins.
extension CommandTable {
  static let select = CommandSpec(
    "select", family: .transform, summary: "keep only some columns",
    explanation: "Keeps the columns you name, in that order, and drops the rest. Globs like spend_* pick every matching column.",
    positionals: [PositionalSpec("columns", .column, repeating: true, "the columns to keep")],
    options: [fromOption], acceptsWhere: true, output: "a new frame (default: replace the input frame)",
    example: "sample customers n=20 seed=1\nselect customer_id age income\n"
  ) { inv in
    if let (name, remote) = inv.clusterInput() {
      let kept = try remote.resolveColumns(inv.positionalWords("columns"))
      try inv.storeOnCluster(.project(try inv.source().plan, kept), replacing: name)
      return inv.message("kept \(plural(kept.count, "column")) on Spark: \(kept.joined(separator: ", "))")
    }
    let (name, input) = try inv.inputFrame()
    let kept = try input.resolveColumns(inv.positionalWords("columns"))
    let out = try inv.run(.project(try inv.source().plan, kept))
    inv.storeResult(out, replacing: name)
    inv.message("kept \(plural(kept.count, "column")): \(kept.joined(separator: ", "))\(out.rowCount != input.rowCount ? " and \(plural(out.rowCount, "row"))" : "")")
  }

  static let drop = CommandSpec(
    "drop", family: .transform, summary: "remove columns, or rows matching a condition",
    explanation: "`drop a b` removes columns a and b. `drop where <condition>` removes the rows where the condition holds.",
    positionals: [PositionalSpec("columns", .column, required: false, repeating: true, "the columns to remove")],
    options: [fromOption], acceptsWhere: true, output: "a new frame (default: replace the input frame)",
    example: "sample customers n=20 seed=1\ndrop email_opt_in city_type\ndrop where age < 25\n"
  ) { inv in
    let names = inv.positionalWords("columns")
    if !names.isEmpty && inv.arguments.condition != nil {
      throw Diagnostic(message: "drop removes columns or rows, not both at once", range: inv.arguments.condition?.range,
        label: "use two drop commands")
    }
    if let (name, remote) = inv.clusterInput() {
      if let condition = inv.arguments.condition {
        // The rows where the condition is false or cannot be decided stay, as in seg.
        let keep = ColumnExpr.not(.call("coalesce", [try inv.planExpression(condition), .literal(.bool(false))]))
        try inv.storeOnCluster(.filter(.scan(name), keep), replacing: name)
        return inv.message("removed the rows where the condition holds, on Spark")
      }
      let dropped = try remote.resolveColumns(names)
      try inv.storeOnCluster(.project(.scan(name), remote.columns.filter { !dropped.contains($0) }), replacing: name)
      return inv.message("removed \(plural(dropped.count, "column")) on Spark: \(dropped.joined(separator: ", "))")
    }
    let (name, frame) = try inv.inputFrame()
    if let mask = try inv.whereMask(frame) {
      let out = frame.keeping(try mask.trueFlags().map { !$0 })
      inv.storeResult(out, replacing: name)
      inv.message("removed \(plural(frame.rowCount - out.rowCount, "row")); \(grouped(out.rowCount)) left")
      return
    }
    guard !names.isEmpty else {
      throw Diagnostic(message: "drop needs columns or a where condition", range: inv.command.verbRange,
        label: "for example: drop email_opt_in, or drop where age < 18")
    }
    let dropped = try frame.resolveColumns(names)
    inv.storeResult(try frame.dropping(dropped), replacing: name)
    inv.message("removed \(plural(dropped.count, "column")): \(dropped.joined(separator: ", "))")
  }

  static let rename = CommandSpec(
    "rename", family: .transform, summary: "give columns new names",
    explanation: "Renames columns: `rename old=new`. Use backticks for names with spaces: rename `Annual Income`=income.",
    options: [fromOption], output: "a new frame (default: replace the input frame)", assignments: "<old>=<new>…",
    example: "sample customers n=20 seed=1\nrename income=annual_income web_visits=visits\n"
  ) { inv in
    let pairs = try inv.arguments.assignments.map { a throws(Diagnostic) -> (String, String) in
      guard let new = a.value.bareName else {
        throw Diagnostic(message: "the new name must be a plain name", range: a.value.range, label: "for example: rename income=annual_income")
      }
      return (a.key, new)
    }
    guard !pairs.isEmpty else {
      throw Diagnostic(message: "rename needs old=new pairs", range: inv.command.verbRange, label: "for example: rename income=annual_income")
    }
    if let (name, remote) = inv.clusterInput() {
      let old = try remote.resolveColumns(pairs.map(\.0))
      let renamed = remote.columns.map { c in pairs.first { $0.0 == c }?.1 ?? c }
      let copies = pairs.map { DerivedColumn($0.1, .column($0.0)) }
      try inv.storeOnCluster(.project(.derive(.scan(name), copies, where: nil), renamed), replacing: name)
      return inv.message("renamed " + zip(old, pairs).map { "\($0.0) → \($0.1.1)" }.joined(separator: ", ") + " on Spark")
    }
    let (name, frame) = try inv.inputFrame()
    inv.storeResult(try frame.renaming(pairs), replacing: name)
    inv.message("renamed " + pairs.map { "\($0.0) → \($0.1)" }.joined(separator: ", "))
  }

  static let filter = CommandSpec(
    "filter", family: .transform, summary: "keep the rows where a condition holds",
    explanation: """
      Keeps only the rows where the condition is true, for example `filter age >= 18 and
      region == "North"`. Rows where the condition cannot be decided because a value is
      missing are dropped too; test for them with `is missing`.
      """,
    positionals: [PositionalSpec("condition", .expression, "the rows to keep")],
    options: [fromOption], output: "a new frame (default: replace the input frame)",
    example: "sample customers n=100 seed=1\nfilter income > 40000 and channel in (\"online\", \"both\")\n"
  ) { inv in
    guard let cond = inv.positionals("condition").first else { return }
    if let (name, _) = inv.clusterInput() {
      try inv.storeOnCluster(.filter(.scan(name), try inv.planExpression(cond)), replacing: name)
      return inv.message("kept the rows where the condition holds, on Spark")
    }
    let (name, frame) = try inv.inputFrame()
    let out = try inv.run(.filter(.scan(name), try inv.planExpression(cond)))
    inv.storeResult(out, replacing: name)
    inv.message("kept \(grouped(out.rowCount)) of \(plural(frame.rowCount, "row"))")
  }

  static let derive = CommandSpec(
    "derive", family: .transform, summary: "add or replace a column computed from others",
    explanation: """
      Computes a new column from an expression, row by row: `derive spend = quantity *
      unit_price`. With `where`, only those rows get the new value; the others keep their old
      value (or are missing if the column is new).
      """,
    options: [fromOption], acceptsWhere: true, output: "a new frame (default: change the input frame)",
    assignments: "<name> = <expression>…",
    example: "sample transactions customers=20 seed=1\nderive amount = quantity * unit_price\nderive big = amount > 100\n"
  ) { inv in
    guard !inv.arguments.assignments.isEmpty else {
      throw Diagnostic(message: "derive needs name = expression", range: inv.command.verbRange, label: "for example: derive spend = quantity * unit_price")
    }
    let columns = try inv.arguments.assignments.map { DerivedColumn($0.key, try inv.planExpression($0.value)) }
    if let (name, remote) = inv.clusterInput() {
      let plan = LogicalPlan.derive(.scan(name), columns, where: try inv.arguments.condition.map(inv.planExpression))
      let out = try inv.storeOnCluster(plan, replacing: name)
      var seen = Set(remote.columns)
      return inv.message(columns.map { c in
        "\(seen.insert(c.name).inserted ? "added" : "replaced") \(c.name) (\(out.columns.firstIndex(of: c.name).map { out.types[$0].rawValue } ?? "?"))"
      }.joined(separator: ", ") + " on Spark")
    }
    let (name, input) = try inv.inputFrame()
    let frame = try inv.run(.derive(.scan(name), columns, where: try inv.arguments.condition.map(inv.planExpression)))
    var seen = Set(input.columnNames)
    let described = try columns.map { c in
      "\(seen.insert(c.name).inserted ? "added" : "replaced") \(c.name) (\(try frame.column(c.name).type.rawValue))"
    }
    inv.markPersonal(columns.map { ($0.name, $0.expression) }, in: frame)
    inv.storeResult(frame, replacing: name)
    inv.message(described.joined(separator: ", "))
  }

  static let sort = CommandSpec(
    "sort", family: .transform, summary: "order rows by columns",
    explanation: "Sorts rows by one or more columns; write desc after a column for largest first. Ties keep their order; missing values go last.",
    positionals: [PositionalSpec("keys", .column, repeating: true, "columns, each optionally followed by desc")],
    options: [fromOption], output: "a new frame (default: replace the input frame)",
    example: "sample customers n=20 seed=1\nsort region income desc\nhead\n"
  ) { inv in
    let remote = inv.clusterInput()
    let (name, columns) = try remote.map { ($0.name, $0.frame.columns) } ?? { let f = try inv.inputFrame(); return (f.name, f.frame.columnNames) }()
    var keys: [SortKey] = []
    for word in inv.positionalWords("keys") {
      if word == "desc" || word == "asc" {
        guard !keys.isEmpty else {
          throw Diagnostic(message: "\(word) must follow a column", range: inv.positionals("keys").first?.range, label: "for example: sort income desc")
        }
        keys[keys.count - 1].descending = word == "desc"
      } else {
        keys += try DataFrame.resolveColumns([word], among: columns).map { SortKey($0) }
      }
    }
    if remote != nil { try inv.storeOnCluster(.sort(.scan(name), keys), replacing: name) } else { inv.storeResult(try inv.run(.sort(.scan(name), keys)), replacing: name) }
    inv.message("sorted by " + keys.map { $0.column + ($0.descending ? " (desc)" : "") }.joined(separator: ", "))
  }

  static let dedupe = CommandSpec(
    "dedupe", family: .transform, summary: "remove duplicate rows",
    explanation: "Removes rows that repeat an earlier row — on all columns, or only on the columns in by= (for example one row per customer_id).",
    options: [
      OptionSpec("by", .column, list: true, default: .described("all columns"), "the columns that must repeat"),
      OptionSpec("keep", .choice(KeepPolicy.allCases.map(\.rawValue)), default: "first", "which of the duplicates to keep"),
      fromOption,
    ],
    output: "a new frame (default: replace the input frame)",
    example: "sample transactions customers=20 seed=1\ndedupe by=customer_id keep=last\n"
  ) { inv in
    let keep = inv.choice("keep", as: KeepPolicy.self) ?? .first
    if let (name, remote) = inv.clusterInput() {
      try inv.storeOnCluster(.dedupe(.scan(name), by: try remote.resolveColumns(inv.names("by")), keep: keep), replacing: name)
      return inv.message("removed the rows that repeat an earlier one, on Spark")
    }
    let (name, frame) = try inv.inputFrame()
    let keys = try frame.resolveColumns(inv.names("by"))
    let out = try frame.deduplicated(by: keys, keep: keep)
    inv.storeResult(out, replacing: name)
    inv.message("removed \(plural(frame.rowCount - out.rowCount, "duplicate row")); \(grouped(out.rowCount)) left")
  }

  static let aggregate = CommandSpec(
    "aggregate", family: .transform, summary: "one row per group, with totals, means, counts…",
    explanation: """
      Groups rows that share the values of the by= columns and computes one value per group:
      `aggregate spend=sum(quantity*unit_price) orders=nunique(invoice_id) by=customer_id`.
      Functions: count() (rows), count(x) (present values), sum, mean, median, min, max,
      std (n-1), nunique (distinct values), first, last. Missing keys form their own group.
      The result is a new frame that becomes current.
      """,
    options: [OptionSpec("by", .column, list: true, default: .described("no groups (one row)"), "the grouping columns"), fromOption],
    acceptsWhere: true, output: "the new frame (default: <frame>_by_<columns>)", assignments: "<name>=<function>(<expression>)…",
    example: "sample transactions customers=50 seed=1\naggregate orders=nunique(invoice_id) spend=sum(quantity*unit_price) by=customer_id as per_customer\n"
  ) { inv in
    let remote = inv.clusterInput()
    let name = try remote?.name ?? inv.inputFrame().name
    let keys = try remote?.frame.resolveColumns(inv.names("by")) ?? inv.inputFrame().frame.resolveColumns(inv.names("by"))
    let outputs = try inv.arguments.assignments.map { try aggregateExpression(inv, name: $0.key, $0.value) }
    guard !outputs.isEmpty || !keys.isEmpty else {
      throw Diagnostic(message: "aggregate needs name=function(column) or by=", range: inv.command.verbRange,
        label: "for example: aggregate spend=sum(amount) by=customer_id")
    }
    let target = inv.outputName ?? (keys.isEmpty ? "\(name)_summary" : "\(name)_by_\(keys.joined(separator: "_"))")
    if remote != nil {
      let made = try inv.storeOnCluster(.aggregate(try inv.source().plan, by: keys, outputs), as: target)
      return inv.message("made \(target) on Spark: \(plural(made.columns.count, "column")) (now current)")
    }
    let out = try inv.run(.aggregate(try inv.source().plan, by: keys, outputs))
    inv.markPersonal(outputs.compactMap { o in o.input.map { (o.name, $0) } }, in: out)
    inv.env.catalog.store(out, as: target)
    inv.message("made \(target): \(shape(out)) (now current)")
  }

  /// `name=function(expression)` as an aggregate for a plan, or an error that says what a
  /// function call there needs.
  static func aggregateExpression(_ inv: Invocation, name: String, _ value: Expression) throws -> AggregateExpression {
    let functions = AggregateFunction.allCases.map(\.rawValue)
    guard case .call(let f, let args) = value.kind else {
      throw Diagnostic(message: "\(name)= needs a function such as sum(amount)", range: value.range,
        label: "functions: " + functions.joined(separator: ", "))
    }
    guard let function = AggregateFunction(rawValue: f) else {
      throw Diagnostic(message: "unknown aggregate function \(f)()", range: value.range,
        label: Suggestions.label(for: f, in: functions, what: "functions"))
    }
    guard args.count == 1 || (function == .count && args.isEmpty) else {
      throw Diagnostic(message: "\(f)() takes one column or expression", range: value.range)
    }
    return AggregateExpression(name, function, try args.first.map(inv.planExpression))
  }

  static let join = CommandSpec(
    "join", family: .transform, summary: "add the columns of another frame by matching keys",
    explanation: """
      Adds the columns of another frame to the current one, matching rows on the key columns
      in on=. how=inner keeps only rows with a match; how=left keeps every row of the current
      frame and leaves the new columns missing where nothing matches. A name that exists in
      both frames gets suffix= on the other frame's column.
      """,
    positionals: [PositionalSpec("frame", .frame, "the frame to join in")],
    options: [
      OptionSpec("on", .column, list: true, default: .required, "the key columns, present in both frames"),
      OptionSpec("how", .choice(JoinKind.allCases.map(\.rawValue)), default: "left", "which rows to keep"),
      OptionSpec("suffix", .text, default: "\"_right\"", "added to clashing column names"),
      fromOption,
    ],
    output: "a new frame (default: replace the input frame)",
    example: "sample customers n=50 seed=1\nsample transactions seed=1 as tx\naggregate spend=sum(quantity*unit_price) by=customer_id as spend\nuse customers\njoin spend on=customer_id\n"
  ) { inv in
    let remote = inv.clusterInput()
    let name = try remote?.name ?? inv.inputFrame().name
    guard let otherName = inv.positionalText("frame") else { return }
    let keys = inv.names("on")
    let kind = inv.choice("how", as: JoinKind.self) ?? .left
    if remote != nil {
      let out = try inv.storeOnCluster(.join(.scan(name), .scan(otherName), on: keys, kind: kind, suffix: inv.text("suffix") ?? "_right"), replacing: name)
      return inv.message("joined \(otherName) (\(kind.rawValue)) on \(keys.joined(separator: ", ")) on Spark: \(plural(out.columns.count, "column"))")
    }
    _ = try inv.env.catalog.frame(named: otherName)
    let out = try inv.run(.join(.scan(name), .scan(otherName), on: keys, kind: kind, suffix: inv.text("suffix") ?? "_right"))
    inv.storeResult(out, replacing: name)
    inv.message("joined \(otherName) (\(kind.rawValue)) on \(keys.joined(separator: ", ")): \(shape(out))")
  }
}
