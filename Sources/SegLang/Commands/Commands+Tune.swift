import SegEngine

/// Choosing a model's hyperparameters by cross-validation.
extension CommandTable {
  static let tune = CommandSpec(
    "tune", family: .predict, summary: "choose a model's hyperparameters by cross-validation",
    explanation: """
      Tries candidate values of a kind of model's options, each given as a list (max_depth=2,4,8,
      criterion=gini,entropy) or a range of whole numbers (min_samples_leaf=1..5), scores every
      combination by cross-validation on the same folds (as crossval: the model's own
      preparation refitted inside each fold), and trains the best on all the rows.
      search=grid tries every combination (scikit-learn's GridSearchCV); search=random tries n=
      of them drawn with search_seed= (RandomizedSearchCV). scoring= is what best means:
      roc_auc (one-vs-rest for more than two classes), accuracy, balanced_accuracy, f1_macro,
      or log_loss (lower is better). Options not tuned keep train's defaults, or the single
      value given.
      """,
    positionals: supervisedPositionals,
    options: [
      OptionSpec("target", .column, default: .required, "the column to predict"),
      OptionSpec("search", .choice(["grid", "random"]), default: "grid", "every combination, or n= drawn at random"),
      OptionSpec("n", .integer(min: 1, max: Tuning.maxCandidates), default: "20", "how many combinations search=random tries"),
      OptionSpec("search_seed", .integer(min: 0), default: "0", "chooses the combinations search=random tries"),
      OptionSpec("scoring", .choice(ClassificationScore.allCases.map(\.rawValue)), default: "roc_auc", "the score that picks the best"),
      OptionSpec("folds", .integer(min: 2, max: 100), default: "5", "how many parts"),
      OptionSpec("stratify", .boolean, default: "true", "keep the target's classes in the same shares in every fold"),
      OptionSpec("folds_seed", .integer(min: 0), default: "0", "chooses which rows go to which fold"),
      fromOption,
    ],
    output: "the best model's name (default: tuned)",
    example: """
      sample customers n=1000 seed=1
      tune tree age income web_visits region target=loyalty_member max_depth=2..5 criterion=gini,entropy as best
      predict best
      """,
    variants: CommandVariants(slot: "method", Classifier.Method.allCases.map { ($0.rawValue, $0.parameters.parameters.map { OptionSpec($0).candidates }) })
  ) { inv in
    guard let (method, frameName, frame, features, target) = try supervisedInputs(inv) else { return }
    var fixed: [String: ParameterValue] = [:]
    var grid: [(name: String, values: [ParameterValue])] = []
    for parameter in method.parameters.parameters {
      guard let values = inv.candidates(parameter.name) else { continue }
      if values.count == 1 { fixed[parameter.name] = values[0] } else { grid.append((parameter.name, values)) }
    }
    guard !grid.isEmpty else {
      throw Diagnostic(category: .runtime, message: "tune needs at least one option with several values", range: inv.positionals("method").first?.range,
        label: "nothing to choose between", help: "give candidates, for example max_depth=2,4,8 or min_samples_leaf=1..5; crossval scores one setting")
    }
    let score = inv.choice("scoring", as: ClassificationScore.self) ?? .rocAUC
    let k = inv.int("folds") ?? 5
    let search: Tuning.Search = inv.text("search") == "random" ? .random(count: inv.int("n") ?? 20, seed: UInt64(inv.int("search_seed") ?? 0)) : .grid
    let result = try Tuning(
      method, features: features, target: target, on: frame, fixed: fixed, grid: grid, search: search,
      folds: k, stratified: inv.bool("stratify") ?? true, foldSeed: UInt64(inv.int("folds_seed") ?? 0), score: score)
    let format = { (x: Double) in ValueFormatter.number(x, significant: 4) }
    // Ranks as scikit-learn's rank_test_score: tied means share the better rank.
    let ranks = result.candidates.map { c in 1 + result.candidates.filter { score.lowerIsBetter ? $0.mean < c.mean : $0.mean > c.mean }.count }
    let rows = result.candidates.enumerated().map { i, c in c.values.map(\.value.description) + [format(c.mean), format(c.std), String(ranks[i])] }
    inv.output(.table(Table(
      title: "\(method.rawValue) predicting \(target) on \(frameName): \(plural(result.candidates.count, "candidate")), \(k) folds each, by \(score.rawValue)",
      headers: grid.map(\.name) + ["mean", "std", "rank"], rows: rows,
      numeric: grid.map { _ in true } + [true, true, true])))
    let best = result.candidates[result.best]
    let name = inv.outputName ?? "tuned"
    inv.env.catalog.classifiers[name] = result.model
    inv.message("best: \(best.values.map { "\($0.name)=\($0.value)" }.joined(separator: " ")) (\(score.rawValue) \(format(best.mean)) ± \(format(best.std))\(score.lowerIsBetter ? ", lower is better" : "")); trained \(name) with it on \(grouped(result.model.trainingRows)) rows of \(frameName)")
  }
}
