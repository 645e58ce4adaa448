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
    options: OptionSpec.options(PreparationParameters.clip) + [fromOption],
    acceptsWhere: true, example: "sample customers n=100 seed=1\nclip age min=18 max=80\n"
  ) { inv in
    let values = try inv.parameterValues(PreparationParameters.clip)
    guard values.number("min") != nil || values.number("max") != nil else {
      throw Diagnostic(message: "clip needs min=, max= or both", range: inv.command.verbRange, label: "for example: clip age min=18 max=100")
    }
    guard values.number("min") ?? -.infinity <= values.number("max") ?? .infinity else {
      throw Diagnostic(message: "min= is above max=", range: inv.range(of: "min"), label: "swap them")
    }
    try limit(inv, .clip(values))
  }

  static let winsorize = CommandSpec(
    "winsorize", family: .prepare, summary: "pull the most extreme values in to percentile limits",
    explanation: """
      Replaces the lowest and highest values by the values at the lower= and upper=
      percentiles, so a few extreme customers do not dominate averages and distances:
      winsorize spend lower=1% upper=99%. As scipy.stats.mstats.winsorize: of the n values
      sorted, the lowest ⌊lower·n⌋ are raised and the highest ⌊(1−upper)·n⌋ lowered, counted
      exactly as written (29% of 100 values is 29; SciPy's floating point makes int(0.29·100)
      28 there, so such shares can differ from SciPy by one value).
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the numeric columns to limit")],
    options: OptionSpec.options(PreparationParameters.winsorize) + [
      fromOption,
    ],
    acceptsWhere: true, example: "sample customers n=200 seed=1\nwinsorize income lower=5% upper=95%\n"
  ) { inv in
    try limit(inv, .winsorize(try inv.parameterValues(PreparationParameters.winsorize)))
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
    options: OptionSpec.options(PreparationParameters.outliers) + [
      fromOption,
    ],
    acceptsWhere: true,
    example: "sample customers n=300 seed=1\noutliers income method=iqr action=flag\nshow customer_id income where income_outlier n=3\n"
  ) { inv in
    let step = PreparationStep(.outliers(try inv.parameterValues(PreparationParameters.outliers)), columns: try inv.inputColumns(inv.positionalWords("columns")))
    let prepared = try inv.fitPreparation(step)
    let report = prepared.columns.map { "\(plural($0.count ?? 0, "outlier")) in \($0.input) (\($0.note ?? ""))" }
    inv.message(report.joined(separator: "; ") + (inv.text("action") == OutlierAction.drop.rawValue ? "; removed \(plural(prepared.removedRows, "row"))" : ""))
  }

  /// Limits the named columns (clip or winsorize), fitted on the rows `where` selects.
  private static func limit(_ inv: Invocation, _ action: PreparationStep.Action) throws {
    let prepared = try inv.fitPreparation(PreparationStep(action, columns: try inv.inputColumns(inv.positionalWords("columns"))))
    inv.message("limited " + prepared.columns.map { "\(plural($0.count ?? 0, "value")) of \($0.input) to \($0.note ?? "")" }.joined(separator: ", "))
  }
}
