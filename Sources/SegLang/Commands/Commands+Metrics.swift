import SegEngine

/// Scoring predictions against what happened.
extension CommandTable {
  static let metrics = CommandSpec(
    "metrics", family: .predict, summary: "score predicted classes against the actual ones",
    explanation: """
      Compares a column of predicted classes with the actual ones, row by row: the confusion
      matrix (how many of each actual class were predicted as each class), and for every class
      its precision (of the rows predicted as it, the share that are), recall (of the rows that
      are, the share found), F1 (their harmonic mean) and support (rows that are), with their
      plain and support-weighted averages, accuracy and balanced accuracy (the mean recall).
      scores= adds what predicted probabilities are worth: ROC AUC (the chance a row of the
      class scores above one that is not; 0.5 is guessing), average precision and log loss.
      For two classes give the probability of the positive class: positive= names it, by
      default the second in sorted order (yes of no/yes, 1 of 0/1, true of false); for more,
      one column per class in sorted order. Rows with a missing class or
      score are left out and counted. scikit-learn's definitions (a class never predicted has
      precision 0).
      """,
    positionals: [
      PositionalSpec("actual", .column, "the column of what happened"),
      PositionalSpec("predicted", .column, "the column of predicted classes"),
    ],
    options: [
      OptionSpec("scores", .column, list: true, default: .described("none"), "predicted probabilities: of the positive class, or one per class"),
      OptionSpec("positive", .text, default: .described("the second of two classes, sorted"), "the class the score is the probability of"),
      fromOption,
    ],
    acceptsWhere: true,
    example: """
      sample customers n=500 seed=1
      derive predicted = web_visits >= 5
      derive score = min(web_visits / 10, 1)
      metrics loyalty_member predicted scores=score
      """
  ) { inv in
    let frame = try inv.whereRows(inv.inputFrame().frame)
    let names = try frame.resolveColumns(inv.positionalWords("actual") + inv.positionalWords("predicted"))
    guard names.count == 2 else { return }
    let scores = try frame.resolveColumns(inv.names("scores"))
    let m = try ClassificationMetrics(actual: try frame.column(names[0]), predicted: try frame.column(names[1]), scores: try scores.map { try frame.column($0) }, positive: inv.text("positive"))
    let n = m.confusion.reduce(0) { $0 + $1.reduce(0, +) }
    inv.message("\(grouped(n)) rows, \("\(m.classes.count) classes"): accuracy \(figure(m.accuracy)), balanced accuracy \(figure(m.balancedAccuracy))"
      + (m.rowsLeftOut > 0 ? "; \(plural(m.rowsLeftOut, "row")) with a missing class\(scores.isEmpty ? "" : " or score") left out" : ""))
    let labels = m.classes.map { VisibleText.escaped(ValueFormatter.display($0)) }
    inv.output(.table(Table(
      title: "confusion matrix: actual \(names[0]) (rows) by predicted \(names[1]) (columns)",
      headers: [names[0]] + labels, rows: m.confusion.enumerated().map { [labels[$0]] + $1.map(grouped) },
      numeric: [false] + labels.map { _ in true })))
    let averages = [("macro avg", m.macro), ("weighted avg", m.weighted)].map { name, a in [name, figure(a.precision), figure(a.recall), figure(a.f1), grouped(n)] }
    inv.output(.table(Table(
      title: "per class", headers: ["class", "precision", "recall", "f1", "support"],
      rows: zip(labels, m.perClass).map { [$0, figure($1.precision), figure($1.recall), figure($1.f1), grouped($1.support)] } + averages,
      numeric: [false, true, true, true, true])))
    if let p = m.probabilistic {
      inv.output(.table(Table(
        title: "from the scores\(m.classes.count > 2 ? " (one class against the rest, averaged over classes)" : "")",
        headers: ["score", "value", "meaning"],
        rows: [
          ["roc_auc", figure(p.rocAUC), "1 ranks every row of a class first; 0.5 is guessing"],
          ["average_precision", figure(p.averagePrecision), "precision averaged over recall; the class's share is guessing"],
          ["log_loss", figure(p.logLoss), "lower is better; punishes confident mistakes"],
        ], numeric: [false, true, false])))
    }
  }

  /// A score as people read it: four significant digits.
  static func figure(_ x: Double) -> String { ValueFormatter.number(x, significant: 4) }
}
