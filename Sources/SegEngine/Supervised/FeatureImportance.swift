/// How much a classifier relies on each of its feature columns: by permutation (scikit-learn's
/// permutation_importance: how much a score drops on rows whose column is shuffled, the
/// other columns kept) or, for a tree or a forest, by impurity (feature_importances_, a one-hot column's
/// features added together).
public struct FeatureImportance: Sendable {
  public enum Method: String, Sendable, CaseIterable {
    case permutation, impurity
  }

  public struct Entry: Sendable {
    public var column: String
    public var importance: Double
    /// The standard deviation over repeats (0 for impurity).
    public var spread: Double
  }

  /// Columns, most important first (ties in the model's column order).
  public let entries: [Entry]
  /// The score on the rows as they are (permutation only).
  public let baseline: Double?

  /// Importance by impurity decrease; a tree's or a forest's only.
  public init(impurityOf model: Classifier) throws {
    let shares: [Double]
    switch model.estimator {
    case .tree(let tree): shares = tree.importances
    case .forest(let forest): shares = forest.importances(features: model.encoding.names.count)
    case .boosting, .logistic, .mlp:
      throw EngineError.invalidParameter(name: "method", value: "impurity", reason: "impurity importance is a tree's or a forest's; use method=permutation for a \(model.method.rawValue) model")
    }
    var byColumn: [String: Double] = [:]
    for (column, share) in zip(model.encoding.featureColumns, shares) { byColumn[column, default: 0] += share }
    entries = Self.ranked(model.encoding.inputs.map { Entry(column: $0.column, importance: byColumn[$0.column]!, spread: 0) })
    baseline = nil
  }

  /// Importance by permutation on `frame`'s rows that have the target: each feature column
  /// shuffled `repeats` times; `score` is accuracy (drops) or log loss (rises; reported as
  /// its rise so that larger is more important either way).
  public init(permuting model: Classifier, on frame: DataFrame, score: ClassificationScore, repeats: Int, seed: UInt64) throws {
    let data = try Classifier.rowsWithTarget(of: frame, target: model.target).rows
    guard data.rowCount >= 2 else { throw EngineError.emptyInput("permutation importance needs rows with \(model.target) to score on") }
    let evaluate = { (f: DataFrame) throws -> Double in score.value(try model.metrics(on: f, probabilities: score.needsProbabilities))! }
    let base = try evaluate(data)
    var g = SeededGenerator(seed: seed)
    var found: [Entry] = []
    for input in model.encoding.inputs {
      try CancellationToken.check()
      let original = try data.column(input.column)
      var drops: [Double] = []
      for _ in 0..<repeats {
        var order = Array(0..<data.rowCount)
        order.shuffle(using: &g)
        var shuffled = original.gather(order)
        shuffled.name = original.name
        var permuted = data
        try permuted.setColumn(shuffled)
        let s = try evaluate(permuted)
        drops.append(score.lowerIsBetter ? s - base : base - s)
      }
      found.append(Entry(column: input.column, importance: Statistics.sum(drops) / Double(repeats), spread: Statistics.populationVariance(drops).squareRoot()))
    }
    entries = Self.ranked(found)
    baseline = base
  }

  private static func ranked(_ entries: [Entry]) -> [Entry] {
    entries.enumerated().sorted { ($0.element.importance, -$0.offset) > ($1.element.importance, -$1.offset) }.map(\.element)
  }
}
