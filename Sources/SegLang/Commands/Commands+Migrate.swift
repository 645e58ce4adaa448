import SegEngine

/// Where customers went between two segmentations.
extension CommandTable {
  static let migrate = CommandSpec(
    "migrate", family: .monitor, summary: "where customers went between two segmentations",
    explanation: """
      Counts customers by their segment before (rows) and after (columns): migrate
      segment_march segment_april. When the earlier labels are in another frame,
      previous=<frame> reads them there and key= (by default the customer key) matches
      customers; those only in the current frame are new, those only in the earlier one
      lost (in one frame, a missing label before or after means the same). Shows the
      matrix, each row as shares of its customers, how many stayed in their segment, and a
      heat map. Segment names are those given with name (refit match=true keeps them).
      as <name> also keeps the matrix as a frame.
      """,
    positionals: [
      PositionalSpec("before", .column, "the earlier segment labels"),
      PositionalSpec("after", .column, "the later segment labels"),
    ],
    options: [
      OptionSpec("previous", .frame, default: .described("the labels are both in the frame read"), "the frame that holds the earlier labels"),
      OptionSpec("key", .column, default: .described("the customer key"), "the column that matches customers of previous= and the frame read"),
      fromOption,
    ],
    output: "also keep the matrix as a frame",
    example: """
      sample customers n=800 seed=3
      impute age income strategy=median
      scale age income web_visits method=zscore
      cluster kmeans age income k=3 seed=1 as before
      cluster kmeans age income web_visits k=3 seed=1 as after
      migrate before after

      """
  ) { inv in
    let (currentName, current) = try inv.inputFrame()
    let afterName = try current.resolveColumns(inv.positionalWords("after")).first ?? ""
    let migration: SegmentMigration
    let beforeName: String
    // Titles say whose labels they are when the two frames give them the same name.
    var beforeTitle: String, afterTitle = afterName
    if let previousName = inv.text("previous") {
      let previous = try inv.env.catalog.frame(named: previousName)
      beforeName = try previous.resolveColumns(inv.positionalWords("before")).first ?? ""
      guard let key = inv.names("key").first ?? current.customerKey else {
        throw Diagnostic(message: "no column names the customers of both frames", range: inv.arguments.options["previous"]?.range,
          label: "say which with key=<column>")
      }
      migration = try SegmentMigration(previous: previous, before: beforeName, current: current, after: afterName, key: key)
      (beforeTitle, afterTitle) = ("\(previousName)'s \(beforeName)", "\(currentName)'s \(afterName)")
    } else {
      beforeName = try current.resolveColumns(inv.positionalWords("before")).first ?? ""
      migration = try SegmentMigration(before: try current.column(beforeName), after: try current.column(afterName))
      beforeTitle = beforeName
    }
    let catalog = inv.env.catalog
    let rows = migration.before.map { catalog.segmentText($0, of: beforeName) } + ["(new)"]
    let columns = migration.after.map { catalog.segmentText($0, of: afterName) } + ["(lost)"]
    showMigration(inv, migration, rows: rows, columns: columns, header: beforeName, from: beforeTitle, to: afterTitle)
    try inv.keepResult {
      try DataFrame(columns: [.strings(beforeName, rows)] + columns.indices.map { j in .ints(columns[j], migration.counts.map { $0[j] }) })
    }
  }

  /// The matrix with row shares, who stayed, stability per segment, a heat map and a flow
  /// diagram (`migrate`, `refit`); `rows` and `columns` name the segments before and after, "(new)" and "(lost)" last.
  static func showMigration(_ inv: Invocation, _ migration: SegmentMigration, rows: [String], columns: [String], header: String,
                            from beforeTitle: String, to afterTitle: String) {
    let shares = migration.rowShares
    // A row of no new customers and a column of none lost say nothing on screen; the kept frame has them.
    let shownRows = rows.indices.filter { $0 < migration.before.count || migration.new > 0 }
    let shownColumns = columns.indices.filter { $0 < migration.after.count || migration.lost > 0 }
    inv.output(.table(Table(title: "customers from \(beforeTitle) (rows) to \(afterTitle) (columns)",
      headers: [header] + shownColumns.map { columns[$0] } + ["customers"],
      rows: shownRows.map { i in
        [rows[i]] + shownColumns.map { j in "\(grouped(migration.counts[i][j])) (\(percent(shares[i][j])))" } + [grouped(migration.counts[i].reduce(0, +))]
      }, numeric: [false] + shownColumns.map { _ in true } + [true])))
    let customers = migration.stayed + migration.moved + migration.new + migration.lost
    let held = Double(max(migration.stayed + migration.moved, 1))
    inv.message("""
      \(plural(customers, "customer")): \(grouped(migration.stayed)) stayed in their segment (\(percent(Double(migration.stayed) / held)) of those \
      labelled both times), \(grouped(migration.moved)) moved, \(grouped(migration.new)) new, \(grouped(migration.lost)) lost
      """)
    inv.output(.table(Table(title: "stability of \(beforeTitle)", headers: [header, "customers", "stayed", "moved", "lost", "stability"],
      rows: migration.before.indices.map { i in
        let s = migration.stability(of: i)
        let lost = migration.counts[i][migration.after.count]
        return [rows[i], grouped(s.customers), grouped(s.stayed), grouped(s.customers - s.stayed - lost), grouped(lost), percent(s.share)]
      }, numeric: [false, true, true, true, true, true])))
    inv.output(.chart(Chart(title: "\(beforeTitle) → \(afterTitle) (shares of each row)", xLabel: afterTitle, yLabel: beforeTitle,
      body: .heatmap(HeatMap(rows: shownRows.map { rows[$0] }, columns: shownColumns.map { columns[$0] },
        values: shownRows.map { i in shownColumns.map { shares[i][$0] } }, cells: shownRows.map { i in shownColumns.map { percent(shares[i][$0]) } },
        scale: .magnitude)))))
    // Who went where, as bands: rows of no new customers and columns of none lost left out, as above.
    inv.output(.chart(Chart(title: "\(beforeTitle) → \(afterTitle) (customers)", xLabel: afterTitle, yLabel: beforeTitle,
      body: .flow(FlowDiagram(sources: shownRows.map { rows[$0] }, targets: shownColumns.map { columns[$0] },
        counts: shownRows.map { i in shownColumns.map { migration.counts[i][$0] } })))))
  }
}
