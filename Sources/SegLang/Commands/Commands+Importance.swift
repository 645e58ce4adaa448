import SegEngine

/// Which columns a trained model relies on.
extension CommandTable {
  static let importance = CommandSpec(
    "importance", family: .predict, summary: "rank the columns a trained model relies on",
    explanation: """
      method=permutation (the default) shuffles one feature column at a time in the current
      frame (or from=) and measures how much score= drops, repeats= times (scikit-learn's
      permutation_importance): a column the model does not use drops nothing. Use rows the
      model was not trained on (the test frame from split), so the ranking reflects what
      generalises. method=impurity is a tree's own account: each column's share of the
      impurity its splits removed on the training rows (feature_importances_, a text
      column's one-hot features added together).
      """,
    positionals: [PositionalSpec("model", .frame, "the model's name, from train … as")],
    options: [
      OptionSpec("method", .choice(FeatureImportance.Method.allCases.map(\.rawValue)), default: "permutation", "shuffle columns, or a tree's impurity decrease"),
      OptionSpec("score", .choice(ClassificationScore.allCases.map(\.rawValue)), default: "accuracy", "permutation: the score whose drop is measured"),
      OptionSpec("repeats", .integer(min: 1, max: 1_000), default: "5", "permutation: shuffles per column"),
      OptionSpec("seed", .integer(min: 0), default: "0", "permutation: chooses the shuffles"),
      fromOption,
    ],
    example: """
      sample customers n=1000 seed=3
      split test=30% seed=1
      train tree age income web_visits region target=channel max_depth=4 as m
      importance m from=test repeats=10
      """
  ) { inv in
    let name = inv.positionalText("model") ?? ""
    let model = try trainedModel(inv)
    let method = inv.choice("method", as: FeatureImportance.Method.self) ?? .permutation
    if method == .impurity, let given = ["score", "repeats", "seed", "from"].first(where: { inv.arguments.options[$0] != nil }) {
      throw Diagnostic(message: "\(given)= is for method=permutation", range: inv.arguments.options[given]!.keyRange, label: "leave it out, or use method=permutation")
    }
    let figure = { (x: Double) in ValueFormatter.number(x, significant: 4) }
    switch method {
    case .impurity:
      let result = try FeatureImportance(impurityOf: model)
      let title = "importance in \(name) by impurity decrease (training rows)"
      inv.env.catalog.lastImportance = (title, result)
      inv.output(.table(Table(
        title: title, headers: ["column", "share"],
        rows: result.entries.map { [$0.column, figure(100 * $0.importance) + "%"] }, numeric: [false, true])))
    case .permutation:
      let score = inv.choice("score", as: ClassificationScore.self) ?? .accuracy
      let (frameName, frame) = try inv.inputFrame()
      let repeats = inv.int("repeats") ?? 5
      let result = try FeatureImportance(permuting: model, on: frame, score: score, repeats: repeats, seed: UInt64(inv.int("seed") ?? 0))
      let title = "importance in \(name): how much \(score.rawValue) \(score.lowerIsBetter ? "rises" : "drops") when a column is shuffled (\(repeats) times, rows of \(frameName))"
      inv.env.catalog.lastImportance = (title, result)
      inv.output(.table(Table(
        title: title,
        headers: ["column", "importance", "std"],
        rows: result.entries.map { [$0.column, figure($0.importance), figure($0.spread)] }, numeric: [false, true, true])))
      inv.message("\(score.rawValue) on \(frameName) as it is: \(figure(result.baseline ?? 0))")
    }
  }
}
