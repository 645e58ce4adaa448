import SegEngine

/// Fitting a saved segmentation again on this month's customers.
extension CommandTable {
  static let refit = CommandSpec(
    "refit", family: .monitor, summary: "fit a loaded model again on new customers, keeping its segments' names",
    explanation: """
      Fits a model from load model again on the customers of the current frame (or from=),
      exactly as it was first fitted: its preparation steps learn their values afresh
      (medians, scales, limits) and the clustering runs again with the same method and
      hyperparameters. match=true (the default) numbers each new segment after the old
      one it shares most customers with, so names and rules keep meaning the same
      segments. Shows how well the new labels agree with the old model's labels of the
      same customers (the adjusted Rand index) and who moved. The frame gets the new
      labels; the model is replaced (or kept as <name>), and save model <name> writes it.
      """,
    positionals: [PositionalSpec("model", .frame, "the name given at load model … as")],
    options: [
      OptionSpec("match", .boolean, default: "true", "number (and name) the new segments after the old ones"),
      fromOption,
    ],
    output: "the refitted model (default: replaces the old one)",
    example: segmentExampleSetup + """
      save model segment "/tmp/seg_help_refit.json"
      sample customers n=800 seed=99 as next_month
      load model "/tmp/seg_help_refit.json" as m
      refit m

      """
  ) { inv in
    let (modelName, old) = try loadedSegmentation(inv)
    let (frameName, frame) = try inv.inputFrame()
    let refit = try ModelRefit(old, on: frame, match: inv.bool("match") ?? true)
    let newName = inv.outputName ?? modelName
    let label = refit.model.label
    inv.env.catalog.models[newName] = refit.model
    inv.env.catalog.segmentNames[label] = refit.model.segmentNames.isEmpty ? nil : refit.model.segmentNames
    inv.env.catalog.assignedColumns[label] = refit.model.columns
    inv.env.catalog.store(refit.frame, as: frameName)
    inv.env.catalog.noteLabel(label)
    inv.message("""
      refitted \(modelName) on \(plural(frame.rowCount, "customer")) of \(frameName)\(newName == modelName ? "" : " as \(newName)"): \
      \(refit.model.clusterer.method) into \(plural(refit.model.clusterer.k, "segment")), \(plural(refit.model.pipeline.count, "preparation step")) fitted again; \
      agreement with \(modelName)'s labels: adjusted Rand index \(ValueFormatter.number(refit.agreement, significant: 3))
      """)
    let before = refit.migration.before.map { Catalog.segmentText($0, names: old.segmentNames) } + ["(new)"]
    let after = refit.migration.after.map { Catalog.segmentText($0, names: refit.model.segmentNames) } + ["(lost)"]
    showMigration(inv, refit.migration, rows: before, columns: after, header: label, from: "\(modelName)'s \(label)", to: "the refit's \(label)")
  }
}
