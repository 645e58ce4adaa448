import Testing
@testable import SegEngine

/// crossval fits the frame's own preparation again inside every fold when its steps keep
/// the values they read (scale, transform, pca), as a scikit-learn Pipeline refits its
/// transformers: each fold's scores are those of the steps and the model fitted on that
/// fold's training rows alone, not of steps that saw the rows being scored.
@Suite struct CrossValidationTests {
  static func prepared(_ steps: [PreparationStep]) throws -> DataFrame {
    var frame = try SampleData.customers(count: 600, seed: 4)
    for step in steps { frame = try step.fit(frame).frame }
    return frame
  }

  static let yeoJohnson = PreparationStep(.transform(method: .yeojohnson, suffix: "_t"), columns: ["income"])

  @Test(arguments: [
    [yeoJohnson],
    [PreparationStep(.scale(method: .robust, suffix: ""), columns: ["income"]), yeoJohnson],
    [PreparationStep(.scale(method: .minmax, suffix: ""), columns: ["web_visits", "customer_id"]), PreparationStep(.pca(components: 2, prefix: "pc"), columns: ["web_visits", "customer_id"])],
  ])
  func stepsAreFittedAgainOnEachFoldsTrainingRows(_ steps: [PreparationStep]) throws {
    let frame = try Self.prepared(steps)
    let features = frame.pipeline.last!.outputColumns + ["region"]
    let values = try ParameterValues([:], for: Classifier.logisticParameters)
    let result = try CrossValidation(.logistic, features: features, target: "channel", on: frame, values, folds: 4, stratified: true, seed: 2)
    #expect(result.refitsPreparation)
    // The same folds by hand: the raw rows of each part, the steps fitted on the training part.
    let (data, y, _) = try Classifier.labelledRows(of: frame, target: "channel")
    var raw = data
    raw.pipeline = []
    let split = try KFold(rows: data.rowCount, folds: 4, classes: y, seed: 2)
    var leaked = false
    for (fold, test) in zip(result.folds, split.folds) {
      let inTest = Set(test)
      let training = try raw.gather((0..<raw.rowCount).filter { !inTest.contains($0) }).fitting(steps)
      let held = try DataFrame.replay(training.pipeline, on: raw.gather(test))
      let model = try Classifier(fitting: .logistic, features: features, target: "channel", on: training, values)
      let want = try model.metrics(on: held, probabilities: true)
      #expect(fold.scores[.logLoss] == ClassificationScore.logLoss.value(want))
      #expect(fold.scores[.accuracy] == ClassificationScore.accuracy.value(want))
      // Scored with the steps fitted on every row, the fold would read otherwise.
      let everyRow = try Classifier(fitting: .logistic, features: features, target: "channel", on: data.gather((0..<data.rowCount).filter { !inTest.contains($0) }), values)
      if ClassificationScore.logLoss.value(try everyRow.metrics(on: data.gather(test), probabilities: true)) != fold.scores[.logLoss] { leaked = true }
    }
    #expect(leaked, "the steps fitted on every row give other scores, so the refit is what the scores show")
  }

  @Test func stepsThatChangeValuesInPlaceCannotBeFittedAgain() throws {
    let frame = try Self.prepared([PreparationStep(.impute(strategy: .median, constant: nil, using: [], k: 5), columns: ["income"]), Self.yeoJohnson])
    #expect(CrossValidation.refittableSteps(frame) == nil)
    let result = try CrossValidation(.tree, features: ["income_t", "age"], target: "channel", on: frame,
      try ParameterValues(["max_depth": .integer(3)], for: Classifier.treeParameters), folds: 3, stratified: true, seed: 1)
    #expect(!result.refitsPreparation)
  }
}
