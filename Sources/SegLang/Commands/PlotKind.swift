import SegEngine

/// The kinds of chart `plot` draws, which options each takes, and how each reads the session.
enum PlotKind: String, CaseIterable {
  case hist, bar, scatter, elbow, silhouette, profile, dendrogram, coverage, crosstab, confusion, roc, pr, calibration, importance, tree, holdout, alive, tracking

  /// Options that belong to some kinds only (to=, title= and from= apply to all).
  private static let kindOptions: [(option: OptionSpec, kinds: Set<PlotKind>)] = ownOptions + CommandTable.crosstabOptions.map { ($0, [.crosstab]) }

  private static let ownOptions: [(option: OptionSpec, kinds: Set<PlotKind>)] = [
    (OptionSpec("bins", .integer(min: 1, max: 10_000), default: "10", "how many bins"), [.hist]),
    (OptionSpec("top", .integer(min: 1, max: 10_000), default: "20", "bar: the most values shown; tree: the most leaves shown, the largest"), [.bar, .tree]),
    (OptionSpec("color", .column, default: .described("the latest segment labels"), "the label column that colours the points"), [.scatter]),
    (OptionSpec("using", .column, list: true, default: .described("the columns the clustering used"), "the columns to score on"), [.silhouette]),
    (OptionSpec("by", .column, list: true, default: .described("profile: the clustering's columns; coverage: the latest segments"),
      "profile: the features; coverage: the segment column"), [.profile, .coverage]),
    (OptionSpec("leaves", .integer(min: 2, max: 1_000), default: "12", "the subtrees shown at the bottom"), [.dendrogram]),
    (OptionSpec("sample", .integer(min: 2, max: 100_000_000), default: "5000", "at most this many rows, a seeded sample"), [.scatter, .silhouette]),
    (OptionSpec("seed", .integer(min: 0), default: "0", "the seed of the sample"), [.scatter, .silhouette]),
    (OptionSpec("score", .choice(SweepScore.allCases.map(\.rawValue)), default: "inertia", "the score of the last sweep to draw by k"), [.elbow]),
    (OptionSpec("positive", .text, default: .described("the second of two classes in sorted order"), "the class the probability column is of (two classes)"), [.roc, .pr, .calibration]),
    (OptionSpec("bins", .integer(min: 2, max: 100), default: "5", "how many bins of equal width the probabilities fall in"), [.calibration]),
  ]

  /// Which options each kind takes, for binding, completion, help and the manifest.
  static let variants = CommandVariants(slot: "kind", allCases.map { kind in
    (kind.rawValue, kindOptions.filter { $0.kinds.contains(kind) }.map(\.option))
  })

  /// How many columns the kind reads: (least, most).
  private var columnCount: (Int, Int) {
    switch self {
    case .hist, .bar, .silhouette, .profile, .dendrogram, .coverage, .tree: (1, 1)
    case .scatter: (2, 64)
    case .crosstab, .confusion: (2, 2)
    case .roc, .pr, .calibration: (2, 1_001)
    case .elbow, .importance: (0, 0)
    case .holdout, .alive, .tracking: (0, 1)
    }
  }

  private var columnsDoc: String {
    switch self {
    case .hist: "plot hist <column>"
    case .bar: "plot bar <column>"
    case .scatter: "plot scatter <x> <y>, or three or more columns for their principal components"
    case .elbow: "plot elbow (it draws the last sweep)"
    case .silhouette, .profile, .dendrogram: "plot \(rawValue) <label column>"
    case .coverage: "plot coverage <action column>"
    case .crosstab: "plot crosstab <row column> <column column>"
    case .confusion: "plot confusion <actual column> <predicted column>"
    case .roc, .pr, .calibration: "plot \(rawValue) <actual column> <probability column>, or one probability column per class"
    case .importance: "plot importance (it draws the last importance)"
    case .tree: "plot tree <tree model>"
    case .holdout, .alive, .tracking: "plot \(rawValue) [lifetime model] (by default the last lifetime)"
    }
  }

  /// Rejects a wrong number of columns before any work.
  func check(_ inv: Invocation) throws {
    let given = inv.positionals("columns")
    let (least, most) = columnCount
    if given.count < least || given.count > most {
      throw Diagnostic(message: "plot \(rawValue) takes \(least == most ? String(least) : "\(least) or more") column\(most == 1 ? "" : "s"), got \(given.count)",
        range: given.count > most ? given[most].range : inv.positionals("kind").first?.range, help: "usage: " + columnsDoc)
    }
  }

  func chart(_ inv: Invocation) throws -> Chart {
    switch self {
    case .hist: try PlotData.histogram(inv)
    case .bar: try PlotData.bar(inv)
    case .scatter: try PlotData.scatter(inv)
    case .elbow: try PlotData.elbow(inv)
    case .silhouette: try PlotData.silhouette(inv)
    case .profile: try PlotData.profile(inv)
    case .dendrogram: try PlotData.dendrogram(inv)
    case .coverage: try PlotData.coverage(inv)
    case .crosstab: try PlotData.crosstab(inv)
    case .confusion: try PlotData.confusion(inv)
    case .roc, .pr, .calibration: try PlotData.classificationCurves(inv, kind: self)
    case .importance: try PlotData.importance(inv)
    case .tree: try PlotData.treeRules(inv)
    case .holdout, .alive, .tracking: try PlotData.lifetime(inv, kind: self)
    }
  }
}
