/// The hyperparameters of each supervised method, with scikit-learn's defaults, and the
/// settings the estimators are fitted with; the tables drive `train`'s options, help and checks.
extension Classifier {
  /// scikit-learn's DecisionTreeClassifier defaults.
  public static let treeParameters = ParameterTable("tree", [
    maxDepth, minSamplesLeaf(1), criterion, classWeight,
    Parameter("seed", .integer(min: 0, max: Int(Int32.max)), default: .value(.integer(0)), "the order features are tried in, which decides between equally good splits"),
  ])

  /// scikit-learn's RandomForestClassifier defaults.
  public static let forestParameters = ParameterTable("forest", [
    Parameter("n_estimators", .integer(min: 1, max: 10_000), default: .value(.integer(100)), "the number of trees"),
    Parameter("max_features", .choice(RandomForest.FeatureShare.allCases.map(\.rawValue)), default: .value(.word("sqrt")), "how many features each node tries: the square root or log2 of their number, or all"),
    maxDepth, minSamplesLeaf(1), criterion,
    Parameter("bootstrap", .boolean, default: .value(.boolean(true)), "grow each tree on rows drawn with replacement (false: on every row)"),
    classWeight,
    Parameter("seed", .integer(min: 0, max: Int(Int32.max)), default: .value(.integer(0)), "the rows and features each tree draws"),
  ])

  /// scikit-learn's HistGradientBoostingClassifier defaults.
  public static let boostingParameters = ParameterTable("boosting", [
    Parameter("learning_rate", .number(NumericBounds(min: 0, max: 1, minExclusive: true)), default: .value(.number(0.1)), "how much of each tree is added"),
    Parameter("max_iter", .integer(min: 1, max: 10_000), default: .value(.integer(100)), "the most boosting rounds"),
    Parameter("max_leaf_nodes", .integer(min: 2, max: 100_000), default: .value(.integer(31)), "the most leaves per tree"),
    maxDepth, minSamplesLeaf(20),
    Parameter("l2_regularization", .number(.nonNegative), default: .value(.number(0)), "the L2 penalty on leaf values"),
    Parameter("max_bins", .integer(min: 2, max: 255), default: .value(.integer(255)), "the most bins a number feature is cut into"),
    Parameter("early_stopping", .choice(["auto", "on", "off"]), default: .value(.word("auto")), "stop when the validation loss stops falling; auto: on above 10,000 rows"),
    Parameter("validation_fraction", .fraction, default: .value(.number(0.1)), "the share of rows held out to decide early stopping"),
    Parameter("n_iter_no_change", .integer(min: 1, max: 1_000), default: .value(.integer(10)), "rounds without improvement before stopping"),
    classWeight,
    Parameter("seed", .integer(min: 0, max: Int(Int32.max)), default: .value(.integer(0)), "the validation rows and the rows binned on large data"),
  ])

  /// scikit-learn's LogisticRegression defaults (L2, C=1), number features standardised.
  public static let logisticParameters = ParameterTable("logistic", [
    Parameter("C", .number(.positive), default: .value(.number(1)), "the inverse of the penalty: smaller keeps coefficients nearer 0"),
    Parameter("max_iter", .integer(min: 1, max: 10_000), default: .value(.integer(100)), "the most Newton steps"),
    classWeight,
  ])

  /// scikit-learn's MLPClassifier defaults (one hidden layer of 100, relu, adam), number features standardised.
  public static let mlpParameters = ParameterTable("mlp", [
    Parameter("hidden", .integer(min: 1, max: 1_000), default: .value(.integer(100)), "the units in each hidden layer"),
    Parameter("layers", .integer(min: 1, max: 10), default: .value(.integer(1)), "how many hidden layers"),
    Parameter("alpha", .number(.nonNegative), default: .value(.number(0.0001)), "the L2 penalty on the weights"),
    Parameter("learning_rate", .number(NumericBounds(min: 0, max: 1, minExclusive: true)), default: .value(.number(0.001)), "Adam's step size"),
    Parameter("batch_size", .integer(min: 1, max: 100_000), default: .value(.integer(200)), "the rows in each mini-batch"),
    Parameter("max_iter", .integer(min: 1, max: 10_000), default: .value(.integer(200)), "the most epochs (passes over the rows)"),
    Parameter("tol", .number(.nonNegative), default: .value(.number(0.0001)), "the least improvement that counts"),
    Parameter("n_iter_no_change", .integer(min: 1, max: 1_000), default: .value(.integer(10)), "epochs without improvement before stopping"),
    Parameter("early_stopping", .choice(["on", "off"]), default: .value(.word("off")), "stop on the accuracy of a held-out part and keep the best epoch"),
    Parameter("validation_fraction", .fraction, default: .value(.number(0.1)), "the share of rows held out for early stopping"),
    Parameter("seed", .integer(min: 0, max: Int(Int32.max)), default: .value(.integer(0)), "the starting weights, the batches and the validation rows"),
  ])

  private static let maxDepth = Parameter("max_depth", .integer(min: 1, max: 1_000), default: .described("none: no limit"), "the deepest a leaf may be")
  /// scikit-learn's class_weight of the tree, forest, boosting and logistic regression
  /// (its MLPClassifier has none, so neither has mlp).
  private static let classWeight = Parameter("class_weight", .choice(["none", "balanced"]), default: .value(.word("none")),
    "balanced weighs each row by n / (classes × its class's rows), so rare classes count as much as common ones")
  private static let criterion = Parameter("criterion", .choice(DecisionTree.Criterion.allCases.map(\.rawValue)), default: .value(.word("gini")), "how a node's mix of classes is measured")
  private static func minSamplesLeaf(_ value: Int) -> Parameter {
    Parameter("min_samples_leaf", .integer(min: 1, max: 1_000_000_000), default: .value(.integer(value)), "the fewest training rows in a leaf")
  }

  /// scikit-learn's class_weight="balanced": n / (classes × the class's count), per class.
  static func classWeights(_ values: ParameterValues, labels: [Int], classes: Int) -> [Double]? {
    guard values.word("class_weight") == "balanced" else { return nil }
    var counts = [Double](repeating: 0, count: classes)
    for y in labels { counts[y] += 1 }
    return counts.map { Double(labels.count) / (Double(classes) * $0) }
  }

  static func forestSettings(_ values: ParameterValues) -> RandomForest.Settings {
    RandomForest.Settings(
      trees: values.int("n_estimators") ?? 100, criterion: values.choice("criterion", as: DecisionTree.Criterion.self) ?? .gini,
      maxDepth: values.int("max_depth") ?? Int.max, minSamplesLeaf: values.int("min_samples_leaf") ?? 1,
      maxFeatures: values.choice("max_features", as: RandomForest.FeatureShare.self) ?? .sqrt, bootstrap: values.bool("bootstrap") ?? true,
      seed: UInt64(values.int("seed") ?? 0))
  }

  static func mlpSettings(_ values: ParameterValues) -> MultilayerPerceptron.Settings {
    MultilayerPerceptron.Settings(
      hidden: Array(repeating: values.int("hidden") ?? 100, count: values.int("layers") ?? 1), alpha: values.number("alpha") ?? 1e-4,
      batchSize: values.int("batch_size") ?? 200, learningRate: values.number("learning_rate") ?? 1e-3, maxIterations: values.int("max_iter") ?? 200,
      tolerance: values.number("tol") ?? 1e-4, patience: values.int("n_iter_no_change") ?? 10, earlyStopping: values.word("early_stopping") == "on",
      validationFraction: values.number("validation_fraction") ?? 0.1, seed: UInt64(values.int("seed") ?? 0))
  }

  static func boostingSettings(_ values: ParameterValues) -> HistogramGradientBoosting.Settings {
    let tree = HistogramTreeSettings(
      maxLeaves: values.int("max_leaf_nodes") ?? 31, maxDepth: values.int("max_depth") ?? Int.max, minSamplesLeaf: values.int("min_samples_leaf") ?? 20,
      l2: values.number("l2_regularization") ?? 0, learningRate: values.number("learning_rate") ?? 0.1)
    let stopping = values.word("early_stopping") ?? "auto"
    return HistogramGradientBoosting.Settings(
      tree: tree, maxIterations: values.int("max_iter") ?? 100, maxBins: values.int("max_bins") ?? 255,
      earlyStopping: stopping == "auto" ? nil : stopping == "on", validationFraction: values.number("validation_fraction") ?? 0.1,
      patience: values.int("n_iter_no_change") ?? 10, seed: UInt64(values.int("seed") ?? 0))
  }
}
