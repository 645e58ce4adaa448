import SegEngine

/// Preparing columns for segmentation; every fitting step is recorded on the frame.
extension CommandTable {
  static let impute = CommandSpec(
    "impute", family: .prepare, summary: "fill missing values (mean, median, mode or a constant)",
    explanation: """
      Fills the missing cells of the columns you name. strategy=mean or median uses the
      column's present numbers; mode uses its most frequent value (ties go to the smallest)
      and works for text too; constant fills with value=. regression predicts the value from
      the using= columns with a straight-line (least squares) model fitted on complete rows;
      knn takes the mean of the k most similar customers (on the columns named and using=,
      scaled), as scikit-learn's KNNImputer. With `where`, only those rows are filled. The fill value is learned once and kept in the frame's pipeline, so new
      customers can be filled the same way later.
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the columns to fill")],
    options: OptionSpec.options(PreparationParameters.impute) + [
      OptionSpec("value", .anyValue, default: .described("none; needed with strategy=constant"), "the constant fill value"),
      OptionSpec("using", .column, list: true, default: .described("none"), "regression: the predictor columns; knn: more columns to measure nearness by"),
      fromOption,
    ],
    acceptsWhere: true, example: "sample customers n=200 seed=1\nimpute income strategy=median\nimpute satisfaction email_opt_in strategy=mode\n"
  ) { inv in
    let values = try inv.parameterValues(PreparationParameters.impute)
    let strategy = values.choice("strategy", as: ImputeStrategy.self)!
    let constant = try inv.arguments.options["value"].map { try constantValue($0.value) }
    if strategy != .constant, let v = inv.arguments.options["value"] {
      throw Diagnostic(message: "value= is only for strategy=constant", range: v.range, label: "remove it, or set strategy=constant")
    }
    let targets = try inv.inputColumns(inv.positionalWords("columns"))
    let using = try inv.inputColumns(inv.names("using"))
    switch strategy {
    case .regression, .knn:
      if let condition = inv.arguments.condition {
        throw Diagnostic(message: "strategy=\(strategy.rawValue) fills every row; it does not take where", range: condition.range)
      }
      if strategy == .regression && using.isEmpty {
        throw Diagnostic(message: "strategy=regression needs using=<predictor columns>", range: inv.command.verbRange,
          label: "for example: impute income strategy=regression using=age,web_visits")
      }
      if let target = targets.first(where: using.contains) {
        throw Diagnostic(message: "\(target) cannot predict itself", range: inv.range(of: "using"))
      }
    default:
      if let using = inv.arguments.options["using"] {
        throw Diagnostic(message: "using= is for strategy=regression or knn", range: using.range)
      }
    }
    let prepared = try inv.fitPreparation(PreparationStep(.impute(values, constant: constant, using: using), columns: targets))
    let report = prepared.columns.map { c in "\(plural(c.count ?? 0, "cell")) of \(c.input)" + (c.note.map { " " + $0 } ?? "") }
    inv.message("filled " + report.joined(separator: ", ") + " (\(strategy.rawValue))")
  }

  static let scale = CommandSpec(
    "scale", family: .prepare, summary: "put numeric columns on a common scale",
    explanation: """
      Rescales numbers so that columns measured in different units weigh the same when
      customers are compared. zscore subtracts the mean and divides by the standard
      deviation (population, as scikit-learn's StandardScaler); minmax maps the smallest
      value to 0 and the largest to 1; robust subtracts the median and divides by the
      interquartile range, so outliers matter less. Missing values stay missing. A column
      whose values are all the same becomes 0. suffix= writes new columns (income_z) and
      keeps the originals. Without suffix= the frame keeps the columns' own units, so every
      verb that shows, filters or exports them reads days and euros; cluster, sweep,
      evaluate, kdist, pca and the projection of plot scatter read them scaled. The learned
      centres and scales go into the frame's pipeline.
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the numeric columns to scale")],
    options: OptionSpec.options(PreparationParameters.scale) + [
      OptionSpec("suffix", .text, default: .described("none: models read the columns scaled; the frame keeps them"), "write new columns named column+suffix"),
      fromOption,
    ],
    acceptsWhere: true, example: "sample customers n=200 seed=1\nscale age web_visits method=robust suffix=_r\nshow age age_r n=3\n"
  ) { inv in
    let step = PreparationStep(.scale(try inv.parameterValues(PreparationParameters.scale), suffix: inv.text("suffix") ?? ""),
      columns: try inv.inputColumns(inv.positionalWords("columns")))
    let prepared = try inv.fitPreparation(step)
    inv.message("scaled \(prepared.columns.map(\.output).joined(separator: ", ")) (\(inv.text("method")!))" + forModelsNote(inv, columns: prepared.columns.count))
    for c in prepared.columns { if let note = c.note { inv.warning("\(c.input) has \(note)") } }
  }

  /// What a scale or transform in place adds to its message: where the changed values go.
  static func forModelsNote(_ inv: Invocation, columns: Int) -> String {
    (inv.text("suffix") ?? "").isEmpty ? " for models; the frame keeps \(columns == 1 ? "its" : "their") units" : ""
  }

  static let pipeline = CommandSpec(
    "pipeline", family: .prepare, summary: "list the fitted preparation steps, or replay them on new rows",
    explanation: """
      Shows, in order, every fitting step that shaped the current frame — what impute, clip,
      winsorize, outliers, transform, scale, encode and pca learned from the data — so that
      the same steps can be applied to new customers. `pipeline apply new_customers` replays
      them on another frame with the same columns: nothing is fitted again, so new customers
      are filled, scaled and encoded exactly like the old ones.
      """,
    positionals: [
      PositionalSpec("apply", .choice(["apply"]), required: false, "apply: replay the steps on a frame"),
      PositionalSpec("frame", .frame, required: false, "with apply: the frame to prepare"),
    ],
    options: [fromOption], output: "with apply: the prepared frame (default: replace it)",
    example: "sample customers n=100 seed=1\nimpute income strategy=median\nscale income\npipeline\nsample customers n=20 seed=2 as new\npipeline apply new from=customers\n"
  ) { inv in
    let frame = try inv.inputFrame().frame
    if inv.positionalText("apply") != nil {
      guard let target = inv.positionalText("frame") else {
        throw Diagnostic(message: "pipeline apply needs a frame", range: inv.command.range, label: "for example: pipeline apply new_customers")
      }
      guard !frame.pipeline.isEmpty else {
        throw Diagnostic(category: .runtime, message: "the frame has no fitted steps to replay", range: inv.command.verbRange)
      }
      let out = try frame.replayPipeline(on: try inv.env.catalog.frame(named: target))
      let name = inv.outputName ?? target
      inv.env.catalog.store(out, as: name)
      inv.message("replayed \(plural(frame.pipeline.count, "step")) on \(target): \(shape(out))\(name != target ? " as \(name)" : "")")
      return
    }
    guard !frame.pipeline.isEmpty else {
      inv.message("no fitted steps yet; impute, clip, winsorize, outliers, transform, scale and encode record theirs")
      return
    }
    var rows: [[String]] = []
    for (k, step) in frame.pipeline.enumerated() {
      for c in step.columns {
        let learned = c.parameters.keys.sorted().map { "\($0)=\(ValueFormatter.number(c.parameters[$0]!))" }
          + (c.text.map { ["value=\($0)"] } ?? []) + (c.categories.map { ["categories=" + $0.joined(separator: ",")] } ?? [])
        rows.append([String(k + 1), step.verb.rawValue, step.method, c.input, c.output, learned.joined(separator: " ")])
      }
    }
    inv.output(.table(Table(headers: ["step", "verb", "method", "column", "writes", "learned"], rows: rows,
      numeric: [true, false, false, false, false, false])))
  }
}
