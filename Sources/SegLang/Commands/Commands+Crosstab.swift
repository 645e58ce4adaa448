import SegEngine

/// Counting customers by two columns at once.
extension CommandTable {
  static let crosstab = CommandSpec(
    "crosstab", family: .transform, summary: "count rows (or total a value) by two columns at once",
    explanation: """
      A table with one row per value of the first column and one column per value of the
      second, each cell the number of rows that have both: crosstab segment region. values=
      totals, averages or counts something else instead: values=sum(amount). normalize=row
      shows each cell as its share of the row (each row adds up to 100%), column of the
      column, all of the whole table; shares are of counts or sums. Rows with either value
      missing are left out, and a pair no row has counts 0 (a total there is missing).
      Semantics of pandas.crosstab. as <name> also keeps the table as a frame; plot
      crosstab draws it as a heat map.
      """,
    positionals: crosstabPositionals,
    options: crosstabOptions + [fromOption],
    acceptsWhere: true, output: "also keep the table as a frame",
    example: "sample customers n=300 seed=1\ncrosstab region channel normalize=row\n"
  ) { inv in
    let table = try makeCrosstab(inv, rows: try inv.inputColumns(inv.positionalWords("rows")).first ?? "",
      columns: try inv.inputColumns(inv.positionalWords("columns")).first ?? "")
    inv.output(.table(crosstabTable(table)))
    try inv.keepResult { try table.frame() }
  }

  static let crosstabPositionals = [
    PositionalSpec("rows", .column, "the column whose values make the rows"),
    PositionalSpec("columns", .column, "the column whose values make the columns"),
  ]

  static let crosstabOptions = [
    OptionSpec("values", .expression, default: .described("count() (rows)"), "what each cell holds: sum(x), mean(x), count(x), …"),
    OptionSpec("normalize", .choice(Crosstab.Normalization.allCases.map(\.rawValue)), default: "none", "show shares of the row, column or whole table"),
  ]

  /// The cross-tabulation of `rows` by `columns` the invocation's options ask for (`crosstab`
  /// and `plot crosstab`).
  static func makeCrosstab(_ inv: Invocation, rows: String, columns: String) throws -> Crosstab {
    let value = try inv.arguments.options["values"].map { try aggregateExpression(inv, name: "value", $0.value) }
      ?? AggregateExpression("value", .count, nil)
    let roles = inv.clusterInput() != nil ? inv.env.catalog.roles : try inv.inputFrame().frame.roles
    if let personal = [rows, columns].first(where: { roles[$0] == .pii }) {
      throw Diagnostic(message: "\(personal) is personal data: its values would be published as the table's labels",
        range: inv.positionals(personal == rows ? "rows" : "columns").first?.range, label: "pseudonymise it, or use another column")
    }
    let counting = value.input == nil && value.function == .count
    let extra = inv.env.minGroup != nil && !counting ? [AggregateExpression("rows", .count, nil)] : []
    let grouped = try inv.runWhereTheRowsAre(.aggregate(try inv.source().plan, by: [rows, columns], [value] + extra))
    let normalization = inv.choice("normalize", as: Crosstab.Normalization.self) ?? .none
    let table = try Crosstab(grouped: grouped, rows: rows, columns: columns, value: "value",
      function: value.input == nil ? nil : value.function, normalization: normalization)
    guard let minimum = inv.env.minGroup else { return table }
    let counts = try Crosstab(grouped: grouped, rows: rows, columns: columns, value: counting ? "value" : "rows", function: nil, normalization: .none)
    return table.suppressing(counts: counts, below: minimum)
  }

  /// Counts grouped, shares as percentages, other values as numbers.
  static func crosstabCell(_ c: Crosstab, _ x: Double) -> String {
    if x.isNaN { return "·" }
    if c.normalization != .none { return ValueFormatter.number(100 * x, significant: 3) + "%" }
    return c.function == nil || c.function == .count ? grouped(Int(x)) : ValueFormatter.number(x)
  }

  /// "segment by region (rows, as shares of each row)".
  static func crosstabTitle(_ c: Crosstab) -> String {
    let what = c.function.map { "\($0.rawValue)" } ?? "rows"
    let shares = c.normalization == .none ? "" : ", as shares of each \(c.normalization == .all ? "table" : c.normalization.rawValue)"
    return "\(c.rowColumn) by \(c.columnColumn) (\(what)\(shares))"
  }

  static func crosstabTable(_ c: Crosstab) -> Table {
    let suppressedNote = c.suppressedBelow.flatMap { suppressionNote(c.suppressedCount, "cell", of: "rows", below: $0) }
    return Table(title: crosstabTitle(c), headers: [c.rowColumn] + c.columnLabels.map(ValueFormatter.display),
      rows: c.rowLabels.indices.map { i in
        [ValueFormatter.display(c.rowLabels[i])] + c.cells[i].indices.map { j in
          c.suppressed?[i][j] == true ? "<\(c.suppressedBelow!)" : crosstabCell(c, c.cells[i][j])
        }
      },
      numeric: [false] + c.columnLabels.map { _ in true }, note: suppressedNote)
  }
}
