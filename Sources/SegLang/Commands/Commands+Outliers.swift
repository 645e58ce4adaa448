import SegEngine

/// Taming extreme values: clip, winsorize, outliers.
extension CommandTable {
  static let clip = CommandSpec(
    "clip", family: .prepare, summary: "limit numbers to a minimum and/or maximum",
    explanation: """
      Values below min= become min, values above max= become max; give one or both. Use it
      when you know the sensible range, for example clip age min=18 max=100.
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the numeric columns to limit")],
    options: [
      OptionSpec("min", .number, default: .described("no lower limit"), "the smallest value kept"),
      OptionSpec("max", .number, default: .described("no upper limit"), "the largest value kept"),
      fromOption,
    ],
    acceptsWhere: true, example: "sample customers n=100 seed=1\nclip age min=18 max=80\n"
  ) { inv in
    let low = inv.number("min") ?? -.infinity
    let high = inv.number("max") ?? .infinity
    guard inv.arguments.options["min"] != nil || inv.arguments.options["max"] != nil else {
      throw Diagnostic(message: "clip needs min=, max= or both", range: inv.command.verbRange, label: "for example: clip age min=18 max=100")
    }
    guard low <= high else {
      throw Diagnostic(message: "min= is above max=", range: inv.range(of: "min"), label: "swap them")
    }
    try limit(inv, verb: "clip", method: "bounds") { _ in (low, high) }
  }

  static let winsorize = CommandSpec(
    "winsorize", family: .prepare, summary: "pull the most extreme values in to percentile limits",
    explanation: """
      Replaces the lowest and highest values by the values at the lower= and upper=
      percentiles, so a few extreme customers do not dominate averages and distances:
      winsorize spend lower=1% upper=99%. Semantics of scipy.stats.mstats.winsorize: of the
      n values sorted, the lowest ⌊lower·n⌋ are raised and the highest ⌊(1−upper)·n⌋ lowered.
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the numeric columns to limit")],
    options: [
      OptionSpec("lower", .fraction, default: "1%", "the lower percentile"),
      OptionSpec("upper", .fraction, default: "99%", "the upper percentile"),
      fromOption,
    ],
    acceptsWhere: true, example: "sample customers n=200 seed=1\nwinsorize income lower=5% upper=95%\n"
  ) { inv in
    let lower = inv.number("lower") ?? 0.01
    let upper = inv.number("upper") ?? 0.99
    try limit(inv, verb: "winsorize", method: "percentiles") { try Winsorizer.bounds(present: $0, lower: lower, upper: upper) }
  }

  static let outliers = CommandSpec(
    "outliers", family: .prepare, summary: "find extreme values: flag, drop or clip them",
    explanation: """
      Finds values far from the rest of their column. method=iqr uses Tukey's fences
      (beyond factor × the interquartile range from the quartiles, factor 1.5);
      zscore uses the distance from the mean in standard deviations (factor 3); mad uses the
      robust modified z-score from the median (factor 3.5). action=flag adds a true/false
      column <column>_outlier, drop removes the rows with an outlier in any of the columns,
      clip moves outliers to the fence. With `where`, only those rows are examined (the flag
      is missing elsewhere).
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the numeric columns to check")],
    options: [
      OptionSpec("method", .choice(OutlierMethod.allCases.map(\.rawValue)), default: "iqr", "how to find them"),
      OptionSpec("factor", .number, default: .described("1.5 for iqr, 3 for zscore, 3.5 for mad"), "how far counts as extreme"),
      OptionSpec("action", .choice(OutlierAction.allCases.map(\.rawValue)), default: "flag", "what to do with them"),
      fromOption,
    ],
    acceptsWhere: true,
    example: "sample customers n=300 seed=1\noutliers income method=iqr action=flag\nshow customer_id income where income_outlier n=3\n"
  ) { inv in
    let (name, frame) = try inv.inputFrame()
    let method = inv.choice("method", as: OutlierMethod.self) ?? .iqr
    let factor = inv.number("factor") ?? method.defaultFactor
    guard factor > 0 else { throw Diagnostic(message: "factor= must be above 0", range: inv.range(of: "factor")) }
    let action = inv.choice("action", as: OutlierAction.self) ?? .flag
    let rows = try inv.whereFlags(frame)
    var out = frame
    var drop = [Bool](repeating: false, count: frame.rowCount)
    var fits: [FittedStep.ColumnFit] = []
    var report: [String] = []
    for columnName in try frame.resolveColumns(inv.positionalWords("columns")) {
      let values = try inv.numbers(try frame.column(columnName))
      let fence = try OutlierDetector.fences(inv.selected(values, rows), method: method, factor: factor)
      let flags = values.indices.map { i in
        (rows?[i] ?? true) && !values[i].isNaN && (values[i] < fence.low || values[i] > fence.high)
      }
      let count = flags.filter { $0 }.count
      report.append("\(plural(count, "outlier")) in \(columnName) (outside \(ValueFormatter.number(fence.low))…\(ValueFormatter.number(fence.high)))")
      var output = columnName
      switch action {
      case .flag:
        output = columnName + "_outlier"
        try out.setColumn(.bools(output, flags.indices.map { values[$0].isNaN || !(rows?[$0] ?? true) ? nil : flags[$0] }))
      case .drop:
        for i in flags.indices where flags[i] { drop[i] = true }
      case .clip:
        try out.setColumn(.doubles(columnName, inv.merged(Winsorizer.clip(values, low: fence.low, high: fence.high).0, values, rows)))
      }
      fits.append(FittedStep.ColumnFit(input: columnName, output: output, parameters: ["low": fence.low, "high": fence.high]))
    }
    if action == .drop { out = out.keeping(drop.map { !$0 }) }
    inv.store(out, as: name, recording: FittedStep(verb: "outliers", method: "\(method.rawValue) \(action.rawValue)", columns: fits))
    inv.message(report.joined(separator: "; ") + (action == .drop ? "; removed \(plural(frame.rowCount - out.rowCount, "row"))" : ""))
  }

  /// Limits each named column to bounds computed from its values (where `where` allows),
  /// and records the bounds.
  private static func limit(
    _ inv: Invocation, verb: String, method: String, bounds: ([Double]) throws -> (low: Double, high: Double)
  ) throws {
    let (name, input) = try inv.inputFrame()
    var frame = input
    let rows = try inv.whereFlags(frame)
    var fits: [FittedStep.ColumnFit] = []
    var report: [String] = []
    for columnName in try frame.resolveColumns(inv.positionalWords("columns")) {
      let column = try frame.column(columnName)
      guard let present = Winsorizer.presentValues(column, rows: rows) else {
        _ = try inv.numbers(column)  // says what is wrong with the column
        continue
      }
      let (low, high) = try bounds(consume present)
      guard let (limited, changed) = Winsorizer.limit(column, low: low, high: high, rows: rows) else { continue }
      try frame.setColumn(limited)
      fits.append(FittedStep.ColumnFit(input: columnName, output: columnName, parameters: ["low": low, "high": high]))
      report.append("\(plural(changed, "value")) of \(columnName) to \(ValueFormatter.number(low))…\(ValueFormatter.number(high))")
    }
    inv.store(frame, as: name, recording: FittedStep(verb: verb, method: method, columns: fits))
    inv.message("limited " + report.joined(separator: ", "))
  }
}
