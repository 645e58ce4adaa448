import Foundation

/// A classifier as the model file holds it (docs/model-format.md), and the checks that make
/// a file safe to predict with: every node, feature and count of a tree, every coefficient
/// of a logistic regression, consistent and finite.
extension Classifier: Codable {
  private enum Keys: String, CodingKey {
    case method, target, classes, classType = "class_type", encoding, criterion, nodes, trainingRows = "training_rows"
    case center, scale, coefficients, intercepts, iterations, converged
    case trees, baseline, rounds, validationLoss = "validation_loss"
    case weights, biases, epochs
  }

  public init(from decoder: Swift.Decoder) throws {
    let c = try decoder.container(keyedBy: Keys.self)
    let type = try c.decode(DataType.self, forKey: .classType)
    let texts = try c.decode([String].self, forKey: .classes)
    let classes = try texts.map { text -> Scalar in
      switch type {
      case .string: return .string(text)
      case .int: if let v = Int(text) { return .int(v) }
      case .double: if let v = Double(text), v.isFinite { return .double(v) }
      case .bool: if text == "true" || text == "false" { return .bool(text == "true") }
      case .date, .datetime: break
      }
      throw ModelProblem("classes holds \(text), which is not a \(type.rawValue) class")
    }
    let encoding = try c.decode(FeatureEncoding.self, forKey: .encoding)
    let method = try c.decode(Method.self, forKey: .method)
    let estimator: Estimator
    switch method {
    case .tree:
      estimator = .tree(DecisionTree(
        nodes: try c.decode([DecisionTree.Node].self, forKey: .nodes), featureNames: encoding.names, classes: classes.count,
        criterion: try c.decode(DecisionTree.Criterion.self, forKey: .criterion)))
    case .forest:
      let criterion = try c.decode(DecisionTree.Criterion.self, forKey: .criterion)
      // Version 3 files hold each tree's nodes as columns, version 2 files as objects.
      var list = try c.nestedUnkeyedContainer(forKey: .trees)
      var trees: [ForestTree] = []
      while !list.isAtEnd {
        let columns = ModelFile.version(of: decoder) >= 3 ? try list.decode(TreeColumns.self) : TreeColumns(try list.decode([DecisionTree.Node].self))
        trees.append(try columns.tree(classes: classes.count))
      }
      estimator = .forest(RandomForest(trees: trees, criterion: criterion))
    case .boosting:
      estimator = .boosting(HistogramGradientBoosting(
        baseline: try c.decode([Double].self, forKey: .baseline),
        rounds: try c.decode([[[HistogramTree.Node]]].self, forKey: .rounds).map { $0.map(HistogramTree.init(nodes:)) },
        validationLoss: try c.decode([Double].self, forKey: .validationLoss)))
    case .mlp:
      estimator = .mlp(MultilayerPerceptron(
        center: try c.decode([Double].self, forKey: .center), scale: try c.decode([Double].self, forKey: .scale),
        weights: try c.decode([[Double]].self, forKey: .weights), biases: try c.decode([[Double]].self, forKey: .biases),
        epochs: try c.decode(Int.self, forKey: .epochs), converged: try c.decode(Bool.self, forKey: .converged)))
    case .logistic:
      estimator = .logistic(LogisticRegression(
        center: try c.decode([Double].self, forKey: .center), scale: try c.decode([Double].self, forKey: .scale),
        coefficients: try c.decode([[Double]].self, forKey: .coefficients), intercepts: try c.decode([Double].self, forKey: .intercepts),
        iterations: try c.decode(Int.self, forKey: .iterations), converged: try c.decode(Bool.self, forKey: .converged)))
    }
    self.init(
      method: method, target: try c.decode(String.self, forKey: .target), classes: classes,
      encoding: encoding, estimator: estimator, trainingRows: try c.decode(Int.self, forKey: .trainingRows))
  }

  public func encode(to encoder: Swift.Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(method, forKey: .method)
    try c.encode(target, forKey: .target)
    try c.encode(classType, forKey: .classType)
    try c.encode(classes.map(ValueFormatter.plain), forKey: .classes)
    try c.encode(encoding, forKey: .encoding)
    try c.encode(trainingRows, forKey: .trainingRows)
    switch estimator {
    case .tree(let tree):
      try c.encode(tree.criterion, forKey: .criterion)
      try c.encode(tree.nodes, forKey: .nodes)
    case .forest(let forest):
      try c.encode(forest.criterion, forKey: .criterion)
      try c.encode(forest.trees.map(TreeColumns.init), forKey: .trees)
    case .boosting(let model):
      try c.encode(model.baseline, forKey: .baseline)
      try c.encode(model.rounds.map { $0.map(\.nodes) }, forKey: .rounds)
      try c.encode(model.validationLoss, forKey: .validationLoss)
    case .mlp(let model):
      try c.encode(model.center, forKey: .center)
      try c.encode(model.scale, forKey: .scale)
      try c.encode(model.weights, forKey: .weights)
      try c.encode(model.biases, forKey: .biases)
      try c.encode(model.epochs, forKey: .epochs)
      try c.encode(model.converged, forKey: .converged)
    case .logistic(let model):
      try c.encode(model.center, forKey: .center)
      try c.encode(model.scale, forKey: .scale)
      try c.encode(model.coefficients, forKey: .coefficients)
      try c.encode(model.intercepts, forKey: .intercepts)
      try c.encode(model.iterations, forKey: .iterations)
      try c.encode(model.converged, forKey: .converged)
    }
  }

  func validate() throws {
    guard !target.isEmpty else { throw ModelProblem("classifier.target is empty") }
    guard (2...1_000).contains(classes.count), Set(classes).count == classes.count else {
      throw ModelProblem("classifier.classes must be 2 to 1,000 different classes")
    }
    guard trainingRows >= 0 else { throw ModelProblem("classifier.training_rows is negative") }
    let columns = encoding.inputs.map(\.column)
    guard !columns.isEmpty, Set(columns).count == columns.count, !columns.contains(""), !columns.contains(target) else {
      throw ModelProblem("classifier.encoding must read different, named columns other than the target")
    }
    for input in encoding.inputs {
      switch input {
      case .number(let column, let fill):
        guard fill.isFinite else { throw ModelProblem("classifier.encoding fills \(column) with a number that is not finite") }
      case .categories(let column, let values):
        guard !values.isEmpty, Set(values).count == values.count, !encoding.categoryIndices || values.count <= 255 else { throw ModelProblem("classifier.encoding of \(column) needs different values") }
      }
    }
    let features = encoding.names.count
    switch estimator {
    case .tree(let tree): try Self.validate(tree.nodes, features: features, classes: classes.count)
    case .forest(let forest):
      guard (1...10_000).contains(forest.trees.count) else { throw ModelProblem("classifier.trees must hold 1 to 10,000 trees") }
      guard forest.trees.reduce(0, { $0 + $1.nodeCount }) <= 50_000_000 else { throw ModelProblem("classifier.trees hold more than 50,000,000 nodes") }
      for tree in forest.trees { try tree.validate(features: features) }
    case .boosting(let model): try Self.validate(model, features: features, classes: classes.count)
    case .mlp(let model):
      let widths = [features] + model.biases.map(\.count)
      guard (2...12).contains(model.weights.count), model.weights.count == model.biases.count, widths.last == (classes.count == 2 ? 1 : classes.count),
        model.center.count == features, model.scale.count == features,
        model.weights.indices.allSatisfy({ model.weights[$0].count == widths[$0] * widths[$0 + 1] }), widths.allSatisfy({ (1...100_000).contains($0) }),
        model.weights.reduce(0, { $0 + $1.count }) <= 50_000_000
      else { throw ModelProblem("classifier weights and biases must fit \(features) features, their layers and \(classes.count) classes") }
      guard (model.center + model.weights.joined() + model.biases.joined()).allSatisfy(\.isFinite), model.scale.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw ModelProblem("classifier weights must be finite and scales above 0")
      }
    case .logistic(let model):
      let blocks = classes.count == 2 ? 1 : classes.count
      guard model.center.count == features, model.scale.count == features, model.coefficients.count == blocks,
        model.coefficients.allSatisfy({ $0.count == features }), model.intercepts.count == blocks
      else { throw ModelProblem("classifier coefficients, intercepts, center and scale must fit \(features) features and \(classes.count) classes") }
      guard (model.center + model.intercepts + model.coefficients.flatMap { $0 }).allSatisfy(\.isFinite), model.scale.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw ModelProblem("classifier coefficients must be finite and scales above 0")
      }
    }
  }

  private static func validate(_ model: HistogramGradientBoosting, features: Int, classes: Int) throws {
    let slots = classes == 2 ? 1 : classes
    guard model.baseline.count == slots, model.baseline.allSatisfy(\.isFinite), model.validationLoss.allSatisfy({ !$0.isNaN }) else {
      throw ModelProblem("classifier.baseline must hold \(slots) finite numbers")
    }
    guard (1...10_000).contains(model.rounds.count), model.rounds.allSatisfy({ $0.count == slots }) else {
      throw ModelProblem("classifier.rounds must hold 1 to 10,000 rounds of \(slots) trees")
    }
    guard model.rounds.joined().reduce(0, { $0 + $1.nodes.count }) <= 50_000_000 else { throw ModelProblem("classifier.rounds hold more than 50,000,000 nodes") }
    for (r, trees) in model.rounds.enumerated() {
      for tree in trees {
        guard !tree.nodes.isEmpty else { throw ModelProblem("classifier.rounds[\(r)] has a tree without nodes") }
        for (i, node) in tree.nodes.enumerated() {
          guard node.value.isFinite, node.rows >= 0 else { throw ModelProblem("classifier.rounds[\(r)] node \(i) has a value that is not finite") }
          guard let f = node.feature else { continue }
          guard (0..<features).contains(f), node.threshold?.isFinite ?? true, node.categories?.allSatisfy({ (0..<255).contains($0) }) ?? true, node.left > i, node.right > i, node.left < tree.nodes.count, node.right < tree.nodes.count else {
            throw ModelProblem("classifier.rounds[\(r)] node \(i) has a feature, threshold or child out of range")
          }
        }
      }
    }
  }

  private static func validate(_ nodes: [DecisionTree.Node], features: Int, classes: Int) throws {
    guard !nodes.isEmpty, nodes.count <= 10_000_000 else { throw ModelProblem("classifier.nodes must hold 1 to 10,000,000 nodes") }
    for (i, node) in nodes.enumerated() {
      guard node.counts.count == classes, node.counts.allSatisfy({ $0 >= 0 }),
        node.weighted.map({ $0.count == classes && $0.allSatisfy { $0 >= 0 && $0.isFinite } }) ?? true
      else {
        throw ModelProblem("classifier.nodes[\(i)] needs one count per class")
      }
      guard let f = node.feature else { continue }
      // Children come after their parent (preorder), so a walk always ends at a leaf.
      guard (0..<features).contains(f), node.threshold.isFinite, node.left > i, node.right > i, node.left < nodes.count, node.right < nodes.count else {
        throw ModelProblem("classifier.nodes[\(i)] has a feature, threshold or child out of range")
      }
    }
  }
}
