import SegEngine

/// Fitting models that predict a column, and predicting with them.
extension CommandTable {
  static let train = CommandSpec(
    "train", family: .predict, summary: "fit a model that predicts a column from others",
    explanation: """
      Learns to predict target= (a class: a segment, responded or not, churned or not) from
      the feature columns, on the current frame's rows that have a target value. tree is a
      CART decision tree, as scikit-learn's DecisionTreeClassifier: it asks yes/no questions
      about one feature at a time. forest is a random forest (RandomForestClassifier): 100
      trees, each on a bootstrap sample of the rows, trying sqrt(features) features at a node,
      their probabilities averaged. boosting is histogram gradient boosting
      (HistGradientBoostingClassifier): up to 100 rounds of 31-leaf trees on number features
      cut into 255 bins, stopping early on a 10% validation part above 10,000 rows; it reads
      missing values and text columns as they are, splitting a text column into sets of its
      values. Forest trees and boosting split only at the bins' edges. mlp is a neural network
      (MLPClassifier): one hidden layer of 100 relu units trained by Adam on mini-batches of
      200 rows, on standardised number features. logistic is a logistic regression with an L2 penalty
      (scikit-learn's LogisticRegression, C=1; multinomial for more than two classes) on
      standardised number features, solved exactly. Number features are used as they are (a missing value
      gets the training median); text and true/false features become one 0/1 feature per
      value (a value the training rows never had counts as none of them). The model keeps
      that encoding, so predict works on new, raw rows. class_weight=balanced (tree, forest,
      boosting, logistic) weighs each row by n / (classes × its class's rows), so a rare class
      (the few who respond) counts as much as a common one. Train on a training frame from
      split and judge with predict and metrics on the test frame; plot tree m draws a tree
      as its rules.
      """,
    positionals: supervisedPositionals,
    options: [OptionSpec("target", .column, default: .required, "the column to predict"), fromOption],
    output: "the model's name (default: model)",
    example: """
      sample customers n=1000 seed=1
      split test=25% stratify=channel seed=1
      train tree age income web_visits region target=channel max_depth=3 as m
      predict m from=test
      metrics channel channel_predicted from=test
      train boosting age income web_visits region target=channel as gb
      predict gb from=test probabilities=true as by_boosting
      metrics channel by_boosting from=test scores=by_boosting_both,by_boosting_online,by_boosting_store
      """,
    variants: supervisedVariants
  ) { inv in
    guard let (method, frameName, frame, features, target) = try supervisedInputs(inv) else { return }
    let model = try Classifier(fitting: method, features: features, target: target, on: frame, try inv.parameterValues(method.parameters))
    let name = inv.outputName ?? "model"
    inv.env.catalog.classifiers[name] = model
    var shape: String
    switch model.estimator {
    case .tree(let tree):
      let leaves = tree.nodes.filter { $0.feature == nil }.count
      shape = "\(leaves == 1 ? "1 leaf" : "\(grouped(leaves)) leaves"), depth \(tree.nodes.map(\.depth).max() ?? 0)"
    case .forest(let forest):
      let leaves = forest.trees.reduce(0) { $0 + $1.leafCount }
      shape = "\(plural(forest.trees.count, "tree")), \(grouped(leaves / forest.trees.count)) leaves each on average"
    case .boosting(let fit):
      shape = plural(fit.rounds.count, "round")
      if let last = fit.validationLoss.last {
        shape += fit.rounds.count < (inv.int("max_iter") ?? 100) ? ", stopped early (validation log loss \(ValueFormatter.number(last)))" : " (validation log loss \(ValueFormatter.number(last)))"
      }
    case .mlp(let fit):
      shape = (fit.converged ? "stopped after " : "not converged after ") + plural(fit.epochs, "epoch")
      if !fit.converged { inv.warning("the network was still improving after max_iter=\(fit.epochs) epochs; raise max_iter") }
    case .logistic(let fit):
      shape = fit.converged ? "converged in \(plural(fit.iterations, "Newton step"))" : "not converged after \(plural(fit.iterations, "Newton step"))"
      if !fit.converged { inv.warning("logistic regression did not converge in max_iter=\(fit.iterations) steps; raise max_iter") }
    }
    inv.message("trained \(name): a \(method.rawValue) predicting \(target) (\(model.classes.count) classes) from \(plural(features.count, "column")) (\(plural(model.encoding.names.count, "feature"))) on \(grouped(model.trainingRows)) rows of \(frameName); \(shape)")
  }

  static let predict = CommandSpec(
    "predict", family: .predict, summary: "add a model's predictions to a frame",
    explanation: """
      Adds the class a trained model predicts for every row of the current frame (or from=),
      in a column named after the target (channel_predicted) unless as names it.
      probabilities=true also adds each class's probability (channel_predicted_online, …):
      for a tree, the class shares of the leaf the row falls in; for a forest, their mean over
      the trees; for boosting, logistic and mlp, the model's. The frame needs the
      model's feature columns, raw: the model encodes them as it learned to. With a model
      from lifetime, it scores a frame of customer summaries (frequency, recency, T and,
      with a spend model, monetary_value, in the model's unit) and adds p_alive,
      expected_purchases, and expected_spend and clv.
      """,
    positionals: [PositionalSpec("model", .frame, "the model's name, from train … as")],
    options: [
      OptionSpec("probabilities", .boolean, default: "false", "add one probability column per class"),
      fromOption,
    ],
    output: "the prediction column (default: <target>_predicted)",
    example: """
      sample customers n=600 seed=2
      train tree age income web_visits target=loyalty_member max_depth=2 as m
      predict m probabilities=true
      show loyalty_member loyalty_member_predicted loyalty_member_predicted_true n=5
      """
  ) { inv in
    if let lifetime = inv.env.catalog.lifetimeModels[inv.positionalText("model") ?? ""]?.model {
      try scoreLifetimes(inv, lifetime)
      return
    }
    let model = try trainedModel(inv)
    let (frameName, frame) = try inv.inputFrame()
    try addPredictions(inv, model, frameName, frame, column: inv.outputName ?? model.target + "_predicted", probabilities: inv.bool("probabilities") ?? false)
  }

  /// predict with a lifetime model: p_alive, expected_purchases (and expected_spend, clv)
  /// for a frame of customer summaries.
  private static func scoreLifetimes(_ inv: Invocation, _ model: LifetimeModel) throws {
    if let option = inv.arguments.options["probabilities"] {
      throw Diagnostic(message: "probabilities= is for models from train", range: option.value.range,
        label: "a lifetime model adds p_alive, the probability a customer still buys")
    }
    if inv.outputName != nil {
      throw Diagnostic(message: "a lifetime model adds columns of fixed names", range: inv.command.range,
        label: "leave as out: predict adds p_alive, expected_purchases" + (model.spend == nil ? "" : ", expected_spend and clv"))
    }
    let (frameName, frame) = try inv.inputFrame()
    let out = try model.scored(frame)
    inv.env.catalog.store(out, as: frameName, makeCurrent: inv.env.catalog.currentName == frameName)
    inv.message("scored \(plural(frame.rowCount, "customer")) of \(frameName) with \(model.kind.title): p_alive, expected_purchases over \(model.terms.months) months"
      + (model.spend == nil ? "" : ", expected_spend and clv"))
  }

  /// Adds `model`'s predicted classes (and, if asked, each class's probability) to the frame
  /// `frameName` as `column`, for predict and for assign with a classifier.
  static func addPredictions(_ inv: Invocation, _ model: Classifier, _ frameName: String, _ frame: DataFrame, column: String, probabilities: Bool) throws {
    let result = try model.predict(frame)
    var out = frame
    try out.setColumn(Column.fromScalars(column, type: model.classType, result.classes.map { model.classes[$0] }))
    if probabilities {
      for (c, label) in model.classes.enumerated() {
        try out.setColumn(.doubles("\(column)_\(ValueFormatter.plain(label))", result.probabilities[c]))
      }
    }
    // Predicting into another frame (from=) leaves the current one current.
    inv.env.catalog.store(out, as: frameName, makeCurrent: inv.env.catalog.currentName == frameName)
    inv.message("predicted \(model.target) for \(grouped(frame.rowCount)) rows of \(frameName) as \(column)" + (probabilities ? ", with \(plural(model.classes.count, "probability column"))" : ""))
  }

  static let supervisedPositionals = [
    PositionalSpec("method", .choice(Classifier.Method.allCases.map(\.rawValue)), "the kind of model: tree, forest, boosting, logistic or mlp"),
    PositionalSpec("features", .column, repeating: true, "the columns to predict from"),
  ]

  /// Each kind of model's options, from the engine's parameter tables.
  static let supervisedVariants = CommandVariants(slot: "method", Classifier.Method.allCases.map { ($0.rawValue, $0.parameters.parameters.map(OptionSpec.init)) })

  /// The kind of model, the frame, the feature columns and the target a train-like command names.
  static func supervisedInputs(_ inv: Invocation) throws -> (Classifier.Method, String, DataFrame, [String], String)? {
    guard let method = inv.positionalWords("method").first.flatMap(Classifier.Method.init(rawValue:)) else { return nil }
    let (frameName, frame) = try inv.inputFrame()
    let features = try frame.resolveColumns(inv.positionalWords("features"))
    guard let target = try inv.names("target").first.map({ try frame.resolveColumns([$0])[0] }) else { return nil }
    return (method, frameName, frame, features, target)
  }

  /// The trained model the command's model slot (or `slot`) names.
  static func trainedModel(_ inv: Invocation, slot: String = "model") throws -> Classifier {
    let name = inv.positionalText(slot) ?? ""
    guard let model = inv.env.catalog.classifiers[name] else {
      let known = inv.env.catalog.classifiers.keys.sorted()
      throw Diagnostic(category: .runtime, message: "unknown model \"\(name)\"", range: inv.positionals(slot).first?.range,
        label: Suggestions.label(for: name, in: known, what: "models"),
        help: known.isEmpty ? "train one first: train tree <columns> target=<column> as \(name)" : "the models are: \(known.joined(separator: ", "))")
    }
    return model
  }
}
