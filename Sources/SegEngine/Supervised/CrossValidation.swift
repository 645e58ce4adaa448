import Foundation

/// A classifier judged by k-fold cross-validation: for every fold, the whole model (its
/// feature encoding, the standardising of logistic regression, the estimator) is fitted on
/// the other folds only and scored on the fold, as scikit-learn's cross_validate.
public struct CrossValidation: Sendable {
  public struct Fold: Sendable {
    public var trainingRows: Int
    public var testRows: Int
    public var scores: [ClassificationScore: Double]
  }

  public let folds: [Fold]
  public let classes: [Scalar]

  public init(
    _ method: Classifier.Method, features: [String], target: String, on frame: DataFrame, _ values: ParameterValues,
    folds k: Int, stratified: Bool, seed: UInt64
  ) throws {
    let (data, y, classes) = try Classifier.labelledRows(of: frame, target: target)
    self.classes = classes
    let split = try KFold(rows: data.rowCount, folds: k, classes: stratified ? y : nil, seed: seed)
    var scored: [Fold] = []
    for test in split.folds {
      try CancellationToken.check()
      var inTest = [Bool](repeating: false, count: data.rowCount)
      for r in test { inTest[r] = true }
      let training = data.gather((0..<data.rowCount).filter { !inTest[$0] })
      let held = data.gather(test)
      let model = try Classifier(fitting: method, features: features, target: target, on: training, values)
      guard model.classes == classes, Set(test.map { y[$0] }).count == classes.count else {
        throw EngineError.unsupported("a fold lacks a class of \(target), so it cannot be scored; use stratify=true or fewer folds")
      }
      let m = try model.metrics(on: held, probabilities: true)
      var scores: [ClassificationScore: Double] = [:]
      for score in ClassificationScore.allCases { scores[score] = score.value(m) }
      scored.append(Fold(trainingRows: training.rowCount, testRows: held.rowCount, scores: scores))
    }
    folds = scored
  }

  /// The mean and the standard deviation (over folds, NumPy's default ddof=0) of a score.
  public func summary(_ score: ClassificationScore) -> (mean: Double, std: Double) {
    let values = folds.compactMap { $0.scores[score] }
    return (Statistics.sum(values) / Double(values.count), Statistics.populationVariance(values).squareRoot())
  }
}
