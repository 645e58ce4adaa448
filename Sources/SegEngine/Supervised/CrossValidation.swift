import Foundation

/// A classifier judged by k-fold cross-validation: for every fold, the whole model (its
/// feature encoding, the standardising of logistic regression, the estimator) is fitted on
/// the other folds only and scored on the fold, as scikit-learn's cross_validate. So is the
/// frame's own preparation when it can be: steps that leave the values they read as they
/// were (scale, transform, pca) are fitted again on each fold's training rows and replayed
/// on its test rows, as a scikit-learn Pipeline refits its transformers.
public struct CrossValidation: Sendable {
  public struct Fold: Sendable {
    public var trainingRows: Int
    public var testRows: Int
    public var scores: [ClassificationScore: Double]
  }

  public let folds: [Fold]
  public let classes: [Scalar]
  /// Whether the frame's preparation was fitted again inside every fold (false: it has none,
  /// or a step changed values in place, so the rows before it are gone).
  public let refitsPreparation: Bool

  /// The frame's steps, unfitted, when all of them can be fitted again on a fold's rows:
  /// scale, transform and pca keep the columns they read (in place they only change what
  /// models read), so the frame still holds what they learned from.
  public static func refittableSteps(_ frame: DataFrame) -> [PreparationStep]? {
    guard !frame.pipeline.isEmpty, let steps = frame.preparationSteps,
          frame.pipeline.allSatisfy({ [.scale, .transform, .pca].contains($0.verb) }) else { return nil }
    return steps
  }

  public init(
    _ method: Classifier.Method, features: [String], target: String, on frame: DataFrame, _ values: ParameterValues,
    folds k: Int, stratified: Bool, seed: UInt64
  ) throws {
    let (data, y, classes) = try Classifier.labelledRows(of: frame, target: target)
    self.classes = classes
    let steps = Self.refittableSteps(frame)
    refitsPreparation = steps != nil
    let split = try KFold(rows: data.rowCount, folds: k, classes: stratified ? y : nil, seed: seed)
    var scored: [Fold] = []
    for test in split.folds {
      try CancellationToken.check()
      var inTest = [Bool](repeating: false, count: data.rowCount)
      for r in test { inTest[r] = true }
      var training = data.gather((0..<data.rowCount).filter { !inTest[$0] })
      var held = data.gather(test)
      if let steps {
        training.pipeline = []
        training = try training.fitting(steps)
        held = try DataFrame.replay(training.pipeline, on: held)
      }
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
