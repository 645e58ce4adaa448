import SegEngine

/// Builds each kind of chart from the session: the frame's columns, the last sweep, the
/// stored clusterings and the applied rules.
enum PlotData {
  /// The rows `plot` reads (`from=`, then `where`) and its column arguments resolved.
  private static func input(_ inv: Invocation) throws -> (frame: DataFrame, columns: [String]) {
    let frame = try inv.whereRows(try inv.inputFrame().frame)
    return (frame, try frame.resolveColumns(inv.positionalWords("columns")))
  }

  /// A number column, or an error that says plot needs numbers there.
  @discardableResult
  private static func numberColumn(_ inv: Invocation, _ frame: DataFrame, _ name: String) throws -> Column {
    let column = try frame.column(name)
    guard column.type.isNumeric else {
      throw Diagnostic(message: "plot \(inv.positionalText("kind") ?? "") needs numbers, and \(name) holds \(column.type == .string ? "text" : column.type.rawValue)",
        range: Interpreter.range(of: name, in: inv.command), label: "not a number column",
        help: "bar counts the values of a text column; encode turns text into numbers")
    }
    return column
  }

  private static func seed(_ inv: Invocation) -> UInt64 { UInt64(inv.int("seed") ?? 0) }

  static func histogram(_ inv: Invocation) throws -> Chart {
    let (frame, columns) = try input(inv)
    let values = try numberColumn(inv, frame, columns[0]).doubles() ?? []
    let missing = values.filter(\.isNaN).count
    guard missing < values.count else { throw EngineError.emptyInput("\(columns[0]) has no values to plot") }
    return Chart(title: "distribution of \(columns[0])", xLabel: columns[0], yLabel: "rows",
      body: .histogram(Histogram.of(values, bins: inv.int("bins") ?? 10)),
      note: missing > 0 ? "\(plural(missing, "missing value")) left out" : nil)
  }

  static func bar(_ inv: Invocation) throws -> Chart {
    let (frame, columns) = try input(inv)
    let all = try frame.valueCounts(columns[0])
    // Bars of fewer rows than privacy min_group= are not published.
    let minimum = inv.env.minGroup ?? 0
    let counts = all.filter { $0.count >= minimum }
    let top = inv.int("top") ?? 20
    let shown = Array(counts.prefix(top))
    let label = { (v: Scalar) -> String in
      if case .int(let l) = v, inv.env.catalog.segmentNames[columns[0]] != nil { return inv.env.catalog.segmentLabel(l, of: columns[0]) }
      return v == .missing ? "(missing)" : ValueFormatter.display(frame.shown(v, of: columns[0]))
    }
    let hidden = counts.count - shown.count, small = all.count - counts.count
    let notes = (hidden > 0 ? ["\(plural(hidden, "more value")) not shown (top=)"] : [])
      + [suppressionNote(small, "value", of: "rows", below: minimum, marked: false)].compactMap { $0 }
    return Chart(title: "rows per \(columns[0])", xLabel: "rows", yLabel: columns[0],
      body: .bars(BarChart(title: "", labels: shown.map { label($0.value) }, values: shown.map { Double($0.count) })),
      note: notes.isEmpty ? nil : notes.joined(separator: "; "))
  }

  static func scatter(_ inv: Invocation) throws -> Chart {
    let (frame, columns) = try input(inv)
    // Two columns are drawn in their own units; more are projected as the models read them.
    let read = columns.count > 2 ? try frame.modelView() : frame
    for name in columns { try numberColumn(inv, read, name) }
    let colorName = try inv.names("color").first.map { try frame.resolveColumns([$0]).first ?? $0 } ?? inv.env.catalog.latestLabel(in: frame)
    let scatter = try FrameScatter(frame, columns: columns, labelColumn: colorName,
      name: { value in colorName.map { inv.env.catalog.segmentLabel(value, of: $0) } ?? String(value) },
      sample: inv.int("sample") ?? 5000, seed: seed(inv))
    let (xLabel, yLabel) = (scatter.xLabel, scatter.yLabel)
    return Chart(title: "\(yLabel.split(separator: " ").first ?? "") by \(xLabel.split(separator: " ").first ?? "")" + (colorName.map { ", coloured by \($0)" } ?? ""),
      xLabel: xLabel, yLabel: yLabel, body: .scatter(scatter.plot), note: scatter.notes.isEmpty ? nil : scatter.notes.joined(separator: "; "))
  }

  static func elbow(_ inv: Invocation) throws -> Chart {
    guard let sweep = inv.env.catalog.lastSweep else {
      throw Diagnostic(category: .runtime, message: "plot elbow draws the last sweep, and this session has run none",
        range: inv.positionals("kind").first?.range, help: "run a sweep first, for example: sweep kmeans age income k=2..10")
    }
    let score = inv.choice("score", as: SweepScore.self) ?? .inertia
    guard sweep.rows.contains(where: { $0.value(of: score) != nil }) else {
      throw Diagnostic(category: .runtime, message: "the last sweep (\(sweep.method)) has no \(score.rawValue) to draw", range: inv.range(of: "score") ?? inv.positionals("kind").first?.range,
        help: score == .stability ? "sweep … stability=3 measures it" : nil)
    }
    var chart = CommandTable.elbowChart(sweep, score: score)
    chart.note = sweep.suggested.map { "suggested k=\($0): \(sweep.reason)" } ?? sweep.reason
    return chart
  }

  /// Checks that the column named first holds segment labels (its type; no values are read).
  private static func checkLabelColumn(_ frame: DataFrame, _ columns: [String]) throws {
    try frame.requireSegmentLabels(columns[0], expected: "whole-number segment labels (from cluster or assign)")
  }

  static func silhouette(_ inv: Invocation) throws -> Chart {
    // A column that holds no labels is said before a missing clustering (evaluate says it after).
    let whole = try inv.inputFrame().frame
    try checkLabelColumn(whole, try whole.resolveColumns(inv.positionalWords("columns")))
    let segments = try ScoredSegments(inv, slot: "columns")
    let (labelName, labels) = (segments.labelName, segments.rows.labels)
    let (rows, values) = try Silhouette.sampled(segments.rows.x, labels: labels, sample: CommandTable.silhouetteSample(inv, rows: labels.count), seed: seed(inv))
    let perGroup = Silhouette.byLabel(rows: rows, values: values, labels: labels)
    let shown = perGroup.keys.sorted()
    return Chart(title: "silhouette of \(labelName)", xLabel: "silhouette (-1 to 1)", yLabel: labelName,
      body: .silhouette(SilhouettePlot(groups: shown.map { inv.env.catalog.segmentLabel($0, of: labelName) }, values: shown.map { perGroup[$0]! },
        mean: Statistics.mean(values))),
      note: rows.count < labels.count ? "on a seeded sample of \(grouped(rows.count)) of \(grouped(labels.count)) rows (sample=, seed=)" : nil)
  }

  static func profile(_ inv: Invocation) throws -> Chart {
    let view = try LabelledRows(inv, slot: "columns", featureOption: "by", withCategories: false)
    let numeric = try view.features.filter { try view.frame.column($0).type.isNumeric }
    guard !numeric.isEmpty else { throw EngineError.emptyInput("plot profile needs number features; by= names them") }
    let profile = try SegmentProfile(view.frame, labels: view.labels, features: numeric)
    // Segments of fewer customers than privacy min_group= are not drawn.
    let minimum = inv.env.minGroup ?? 0
    let shown = profile.labels.filter { profile.sizes[$0]! >= minimum }
    let z = shown.map { l in profile.numeric.map { $0.difference(l) } }
    let small = profile.labels.count - shown.count
    let notes = [view.replacedNote, small > 0 ? "\(plural(small, "segment")) of fewer than \(minimum) customers not drawn (privacy min_group=\(minimum))" : nil]
    return Chart(title: "segments of \(view.labelColumn): mean against the base, in standard deviations", xLabel: "feature", yLabel: view.labelColumn,
      body: .heatmap(HeatMap(rows: shown.map { inv.env.catalog.segmentLabel($0, of: view.labelColumn) }, columns: profile.numeric.map(\.name),
        values: z, cells: z.map { $0.map(CommandTable.sigma) })),
      note: notes.compactMap { $0 }.isEmpty ? nil : notes.compactMap { $0 }.joined(separator: "; "))
  }

  static func dendrogram(_ inv: Invocation) throws -> Chart {
    let (frame, columns) = try input(inv)
    let labelName = columns[0]
    try checkLabelColumn(frame, columns)
    guard let stored = inv.env.catalog.clusterings[labelName] else {
      throw Diagnostic(category: .runtime, message: "no clustering in this session made \(labelName)", range: inv.positionals("columns").first?.range,
        help: "cluster hierarchical <columns> k=… as \(labelName) keeps the merge tree")
    }
    guard let merges = stored.fit.merges, !merges.isEmpty else {
      throw Diagnostic(category: .runtime, message: "plot dendrogram needs a hierarchical clustering, and \(labelName) was made by \(stored.method.rawValue)",
        range: inv.positionals("columns").first?.range, help: "cluster hierarchical <columns> k=… as \(labelName) keeps the merge tree")
    }
    let leaves = inv.int("leaves") ?? 12
    let tree = Dendrogram.top(of: merges, rows: stored.matrix.rows, leafCount: leaves)
    return Chart(title: "merge tree of \(labelName) (\((stored.clusterer as? Hierarchical).map { "\($0.linkage.rawValue) linkage" } ?? "hierarchical"), top \(tree.leaves.count) subtrees)",
      xLabel: "merge height", yLabel: "subtrees (rows)", body: .dendrogram(tree),
      note: "(n) is a subtree of n customers merged lower down; leaves= shows more")
  }

  static func crosstab(_ inv: Invocation) throws -> Chart {
    let columns = try inv.inputFrame().frame.resolveColumns(inv.positionalWords("columns"))
    let c = try CommandTable.makeCrosstab(inv, rows: columns[0], columns: columns[1])
    return Chart(title: CommandTable.crosstabTitle(c), xLabel: c.columnColumn, yLabel: c.rowColumn,
      body: .heatmap(HeatMap(rows: c.rowLabels.map(ValueFormatter.display), columns: c.columnLabels.map(ValueFormatter.display),
        values: c.cells, cells: c.cells.map { $0.map { CommandTable.crosstabCell(c, $0) } }, scale: .magnitude)))
  }

  /// The confusion matrix of predicted against actual classes, as `metrics` counts it.
  static func confusion(_ inv: Invocation) throws -> Chart {
    let frame = try inv.whereRows(try inv.inputFrame().frame)
    let columns = try frame.resolveColumns(inv.positionalWords("columns"))
    let m = try ClassificationMetrics(actual: try frame.column(columns[0]), predicted: try frame.column(columns[1]))
    let labels = m.classes.map(ValueFormatter.display)
    return Chart(title: "confusion matrix: actual \(columns[0]) (rows) by predicted \(columns[1]) (columns)", xLabel: columns[1], yLabel: columns[0],
      body: .heatmap(HeatMap(rows: labels, columns: labels, values: m.confusion.map { $0.map(Double.init) },
        cells: m.confusion.map { $0.map(grouped) }, scale: .magnitude)))
  }

  /// ROC, precision-recall or calibration curves of probability columns against the actual
  /// classes: one curve for two classes, one per class (against the rest) for more.
  static func classificationCurves(_ inv: Invocation, kind: PlotKind) throws -> Chart {
    let frame = try inv.whereRows(try inv.inputFrame().frame)
    let columns = try frame.resolveColumns(inv.positionalWords("columns"))
    let inputs = try ClassificationCurves.inputs(
      actual: try frame.column(columns[0]), scores: try columns.dropFirst().map { try frame.column($0) }, positive: inv.text("positive"))
    let figure = { (x: Double) in ValueFormatter.number(x, significant: 4) }
    let against = inputs.count == 1 ? "" : " (each class against the rest)"
    switch kind {
    case .roc:
      let curves = inputs.map(ClassificationCurves.roc)
      return Chart(title: "ROC curve of \(columns[0])\(against)", xLabel: "false positive rate", yLabel: "true positive rate",
        body: .curves(CurvePlot(names: inputs.map { "\($0.label): AUC \(figure(ClassificationCurves.rocAUC($0)))" },
          x: curves.map(\.x), y: curves.map(\.y), reference: .diagonal)),
        note: "the diagonal is guessing; the higher the curve, the better the ranking")
    case .pr:
      let curves = inputs.map(ClassificationCurves.precisionRecall)
      let share = inputs.count == 1 ? Double(inputs[0].positive.filter { $0 }.count) / Double(inputs[0].positive.count) : nil
      return Chart(title: "precision-recall curve of \(columns[0])\(against)", xLabel: "recall", yLabel: "precision",
        body: .curves(CurvePlot(names: inputs.map(\.label), x: curves.map(\.x), y: curves.map(\.y), reference: share.map { .level($0) })),
        note: share.map { _ in "the level line is the share of \(inputs[0].label), what guessing gets" })
    default:
      let bins = inv.int("bins") ?? 5
      let curves = inputs.map { ClassificationCurves.calibration($0, bins: bins) }
      return Chart(title: "calibration of \(columns[0])\(against): \(bins) bins", xLabel: "mean predicted probability", yLabel: "share actually of the class",
        body: .curves(CurvePlot(names: inputs.map(\.label), x: curves.map(\.x), y: curves.map(\.y), reference: .diagonal, dots: true)),
        note: "on the diagonal, a probability of 0.3 means 30% of those rows are of the class")
    }
  }

  /// The last importance as bars, most important first.
  static func importance(_ inv: Invocation) throws -> Chart {
    guard let (title, importance) = inv.env.catalog.lastImportance else {
      throw Diagnostic(category: .runtime, message: "plot importance draws the last importance, and this session has run none",
        range: inv.positionals("kind").first?.range, help: "run one first, for example: importance m method=impurity")
    }
    // A column whose shuffling helped by chance has an importance below 0: drawn as none.
    let below = importance.entries.filter { $0.importance < 0 }.count
    return Chart(title: title, xLabel: importance.baseline == nil ? "share of the impurity decrease" : "importance", yLabel: "column",
      body: .bars(BarChart(title: "", labels: importance.entries.map(\.column), values: importance.entries.map { max(0, $0.importance) })),
      note: below == 0 ? nil : "\(plural(below, "column")) below 0 (shuffling helped by chance) drawn as 0")
  }

  /// A tree model as its rules: a bar per leaf, labelled with the conditions that lead to it
  /// (as a filter or rule writes them), its training rows split by class.
  static func treeRules(_ inv: Invocation) throws -> Chart {
    let given = inv.positionals("columns")[0]
    let name = inv.text(of: given.range)
    let model = try CommandTable.trainedModel(inv, slot: "columns")
    guard var leaves = model.leafRules else {
      throw Diagnostic(category: .runtime, message: "plot tree draws a single tree, and \(name) is a \(model.method.rawValue)", range: given.range,
        help: "train tree … as \(name)_tree to see rules; for a \(model.method.rawValue), importance \(name) shows what it relies on")
    }
    let shown = inv.int("top") ?? 20
    let hidden = max(0, leaves.count - shown)
    if hidden > 0 {
      // The largest leaves, kept in the tree's order.
      let rows = leaves.map(\.leaf.rows)
      let kept = Set(leaves.indices.sorted { rows[$0] != rows[$1] ? rows[$0] > rows[$1] : $0 < $1 }.prefix(shown))
      leaves = leaves.indices.filter(kept.contains).map { leaves[$0] }
    }
    let rules: [String] = leaves.map { CommandTable.condition($0.bounds) }
    let counts: [[Double]] = leaves.map { $0.leaf.counts.map(Double.init) }
    return Chart(title: "\(name) as rules: training rows of each leaf by \(model.target)", xLabel: "training rows", yLabel: "when",
      body: .stacked(StackedBars(categories: rules, series: model.classes.map(ValueFormatter.plain), values: counts, labelsAbove: true)),
      note: hidden > 0 ? "the \(grouped(shown)) largest of \(grouped(shown + hidden)) leaves; top= shows more" : nil)
  }

  static func coverage(_ inv: Invocation) throws -> Chart {
    let frame = try inv.whereRows(try inv.inputFrame().frame)
    let coverage = try Coverage(inv, frame: frame, slot: "columns")
    if let by = coverage.by {
      return Chart(title: "\(coverage.name) per \(by)", xLabel: "customers", yLabel: by,
        body: .stacked(StackedBars(categories: coverage.segments.map { s in s.isMissing ? "(no segment)" : inv.env.catalog.segmentText(s, of: by) },
          series: coverage.columns, values: coverage.segments.map { s in coverage.columns.map { Double(coverage.cells[s]![$0] ?? 0) } })))
    }
    let columns = coverage.actions
    return Chart(title: "customers per \(coverage.name)", xLabel: "customers", yLabel: coverage.name,
      body: .stacked(StackedBars(categories: columns + ["(no rule)"], series: ["treated", "held out"],
        values: columns.map { [Double(coverage.counts[$0]!.treated), Double(coverage.counts[$0]!.held)] } + [[Double(coverage.unmatched), 0]])))
  }
}
