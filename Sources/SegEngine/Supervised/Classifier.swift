/// A fitted model that predicts a class (a segment, a response, churn) from other columns:
/// the feature columns it reads and how it encodes them, the classes it knows, and the
/// estimator. It predicts on raw rows of any frame that has the feature columns.
public struct Classifier: Sendable, Equatable {
  /// The supervised methods, with their hyperparameter tables.
  public enum Method: String, Sendable, CaseIterable, Codable {
    case tree, forest, boosting, logistic, mlp

    public var parameters: ParameterTable {
      switch self {
      case .tree: Classifier.treeParameters
      case .forest: Classifier.forestParameters
      case .boosting: Classifier.boostingParameters
      case .logistic: Classifier.logisticParameters
      case .mlp: Classifier.mlpParameters
      }
    }

    /// Whether the method reads missing values as they are rather than filled, and text
    /// columns as category indices rather than one-hot.
    var handlesMissingAndCategories: Bool { self == .boosting }
  }

  /// The fitted estimator.
  public enum Estimator: Sendable, Equatable {
    case tree(DecisionTree)
    case forest(RandomForest)
    case boosting(HistogramGradientBoosting)
    case logistic(LogisticRegression)
    case mlp(MultilayerPerceptron)
  }

  public let method: Method
  /// The column predicted.
  public let target: String
  /// The classes in sorted order; predictions are indices into it.
  public let classes: [Scalar]
  public let encoding: FeatureEncoding
  public let estimator: Estimator
  /// Rows the fit used (those with a class).
  public let trainingRows: Int
  /// The type of the target column, which predictions take.
  public var classType: DataType { classes.first?.type ?? DataType.string }

  public init(method: Method, target: String, classes: [Scalar], encoding: FeatureEncoding, estimator: Estimator, trainingRows: Int) {
    self.method = method
    self.target = target
    self.classes = classes
    self.encoding = encoding
    self.estimator = estimator
    self.trainingRows = trainingRows
  }

  /// The tree, for a tree model.
  public var tree: DecisionTree? {
    if case .tree(let t) = estimator { return t }
    return nil
  }

  /// A tree model's leaves in the tree's order, each with the tests that lead to it in the
  /// columns' own terms (a one-hot feature as its column and value); nil for other models.
  public var leafRules: [(leaf: DecisionTree.Node, bounds: [SegmentExplanation.FeatureBound])]? {
    guard let tree else { return nil }
    let sources = encoding.featureSources
    // The encoding keeps values as text: a column of only true and false was a true/false
    // column (the readers make one of such text).
    var trueFalse = Set<String>()
    for case .categories(let column, let values) in encoding.inputs where Set(values).isSubset(of: ["false", "true"]) { trueFalse.insert(column) }
    return tree.leafConditions.map { leaf, bounds in
      (tree.nodes[leaf], bounds.map { b in
        let source = sources[b.feature]
        return SegmentExplanation.FeatureBound(
          column: source.column, category: source.category, above: b.above, atMost: b.atMost, isTrueFalse: trueFalse.contains(source.column))
      })
    }
  }

  /// Fits `method` to predict `target` from `features` on `frame`'s rows that have a class.
  public init(fitting method: Method, features: [String], target: String, on frame: DataFrame, _ values: ParameterValues) throws {
    guard !features.contains(target) else {
      throw EngineError.invalidParameter(name: "target", value: target, reason: "is also a feature; a model cannot read the answer it predicts")
    }
    let (training, y, classes) = try Self.labelledRows(of: frame, target: target)
    let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    let encoding = try FeatureEncoding(fitting: features, on: training, categoryIndices: method.handlesMissingAndCategories)
    let x = try encoding.matrix(training, fillingMissing: !method.handlesMissingAndCategories)
    let codes = y.map { index[$0]! }
    let classWeights = Self.classWeights(values, labels: codes, classes: classes.count)
    let estimator: Estimator
    switch method {
    case .tree:
      estimator = .tree(DecisionTree(
        features: x, names: encoding.names, labels: codes, classes: classes.count,
        maxDepth: values.int("max_depth") ?? Int.max, minSamplesLeaf: values.int("min_samples_leaf") ?? 1,
        criterion: values.choice("criterion", as: DecisionTree.Criterion.self) ?? .gini, seed: UInt64(values.int("seed") ?? 0),
        classWeights: classWeights))
    case .forest:
      var settings = Self.forestSettings(values)
      settings.classWeights = classWeights
      estimator = .forest(try RandomForest(fitting: x, labels: codes, classes: classes.count, settings))
    case .boosting:
      var settings = Self.boostingSettings(values)
      settings.classWeights = classWeights
      estimator = .boosting(try HistogramGradientBoosting(fitting: x, categoryCounts: encoding.categoryCounts, labels: codes, classes: classes.count, settings))
    case .mlp:
      estimator = .mlp(try MultilayerPerceptron(fitting: x, labels: codes, classes: classes.count, standardise: encoding.numberFeatures, Self.mlpSettings(values)))
    case .logistic:
      estimator = .logistic(try LogisticRegression(
        fitting: x, labels: codes, classes: classes.count, standardise: encoding.numberFeatures, c: values.number("C") ?? 1, maxIterations: values.int("max_iter") ?? 100,
        classWeights: classWeights))
    }
    self.init(method: method, target: target, classes: classes, encoding: encoding, estimator: estimator, trainingRows: training.rowCount)
  }

  /// The rows of `frame` that have a target value, their classes and the classes in sorted
  /// order; refused when there are fewer than two classes or too many to learn.
  static func labelledRows(of frame: DataFrame, target: String) throws -> (rows: DataFrame, classOf: [Scalar], classes: [Scalar]) {
    let (data, y) = try rowsWithTarget(of: frame, target: target)
    guard !y.isEmpty else { throw EngineError.emptyInput("no row has a value of \(target)") }
    let classes = Array(Set(y)).sorted(by: ScalarOrder.less)
    guard classes.count >= 2 else {
      throw EngineError.unsupported("\(target) has one class (\(ValueFormatter.plain(classes[0]))) in these rows: there is nothing to tell apart")
    }
    guard classes.count <= 1_000 else {
      throw EngineError.unsupported("\(target) has \(ValueFormatter.grouped(classes.count)) classes, more than a classifier can learn from \(ValueFormatter.grouped(y.count)) rows; is it an id or a number to bin first?")
    }
    return (data, y, classes)
  }

  /// The rows of `frame` whose target is not missing, and their targets.
  static func rowsWithTarget(of frame: DataFrame, target: String) throws -> (rows: DataFrame, targets: [Scalar]) {
    let labels = try frame.column(target)
    let rows = (0..<frame.rowCount).filter { !labels.value(at: $0).isMissing }
    return (rows.count == frame.rowCount ? frame : frame.gather(rows), rows.map { labels.value(at: $0) })
  }

  /// The predicted class of each row of `frame` and each class's probability (per class, per row).
  public func predict(_ frame: DataFrame) throws -> (classes: [Int], probabilities: [[Double]]) {
    let missing = encoding.inputs.map(\.column).filter { frame.index(of: $0) == nil }
    guard missing.isEmpty else {
      throw EngineError.unsupported("the model reads \(missing.joined(separator: ", ")), which this frame does not have; predict on a frame with the model's feature columns")
    }
    let x = try encoding.matrix(frame, fillingMissing: !method.handlesMissingAndCategories)
    let probabilities: [[Double]]
    switch estimator {
    case .tree(let tree): return (tree.predict(x), tree.probabilities(x))
    case .forest(let forest): probabilities = try forest.probabilities(x)
    case .boosting(let model): probabilities = try model.probabilities(x)
    case .logistic(let model): probabilities = model.probabilities(x)
    case .mlp(let model): probabilities = model.probabilities(x)
    }
    let rows = x.first?.count ?? 0
    // Weights of a hand-edited file or values near the largest number can overflow a score to
    // inf − inf: such a row has no probability to report.
    if let row = (0..<rows).first(where: { i in probabilities.contains { !$0[i].isFinite } }) {
      throw EngineError.unsupported("row \(row + 1) gets no probability from the model: its arithmetic overflowed (values or model weights too large); check that row's values, or fit the model again")
    }
    // The most probable class; the first on ties, as scikit-learn's argmax.
    let predicted = (0..<rows).map { i in probabilities.indices.max { probabilities[$0][i] < probabilities[$1][i] || (probabilities[$0][i] == probabilities[$1][i] && $0 > $1) }! }
    return (predicted, probabilities)
  }
}

extension Classifier {
  /// The metrics of this model's predictions on `frame`'s rows (which must all have the
  /// target), with probability scores when `probabilities`.
  public func metrics(on frame: DataFrame, probabilities withScores: Bool) throws -> ClassificationMetrics {
    let (predicted, probabilities) = try predict(frame)
    let column = Column.fromScalars("predicted", type: classType, predicted.map { classes[$0] })
    let scores = !withScores ? [] : classes.count == 2 ? [Column.doubles("p", probabilities[1])] : probabilities.enumerated().map { Column.doubles("p\($0.offset)", $0.element) }
    return try ClassificationMetrics(actual: try frame.column(target), predicted: column, scores: scores)
  }
}
