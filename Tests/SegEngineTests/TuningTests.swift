import Testing
@testable import SegEngine

/// `tune`: every candidate scored as crossval scores it, the best picked by the score's
/// direction, and refitted on every row.
@Suite struct TuningTests {
  static let frame = try! SampleData.customers(count: 400, seed: 11)
  static let features = ["age", "income", "web_visits", "region"]

  @Test(arguments: [ClassificationScore.rocAUC, .logLoss])
  func theGridIsSearchedInOrderAndTheBestRefitted(_ score: ClassificationScore) throws {
    let grid: [(name: String, values: [ParameterValue])] = [("max_depth", [.integer(1), .integer(3)]), ("criterion", [.word("gini"), .word("entropy")])]
    let result = try Tuning(
      .tree, features: Self.features, target: "channel", on: Self.frame, fixed: ["min_samples_leaf": .integer(5)], grid: grid, search: .grid,
      folds: 3, stratified: true, foldSeed: 2, score: score)
    // itertools.product order: the last hyperparameter changes fastest.
    #expect(result.candidates.map { $0.values.map(\.value) } == [
      [.integer(1), .word("gini")], [.integer(1), .word("entropy")], [.integer(3), .word("gini")], [.integer(3), .word("entropy")],
    ])
    for c in result.candidates {
      var given: [String: ParameterValue] = ["min_samples_leaf": .integer(5)]
      for (name, value) in c.values { given[name] = value }
      let alone = try CrossValidation(.tree, features: Self.features, target: "channel", on: Self.frame, try ParameterValues(given, for: Classifier.treeParameters), folds: 3, stratified: true, seed: 2)
      #expect(alone.summary(score).mean == c.mean)
    }
    let means = result.candidates.map(\.mean)
    #expect(result.candidates[result.best].mean == (score.lowerIsBetter ? means.min() : means.max()))
    var given: [String: ParameterValue] = ["min_samples_leaf": .integer(5)]
    for (name, value) in result.candidates[result.best].values { given[name] = value }
    #expect(result.model == (try Classifier(fitting: .tree, features: Self.features, target: "channel", on: Self.frame, try ParameterValues(given, for: Classifier.treeParameters))))
  }

  @Test func aRandomSearchDrawsDistinctCandidatesFromItsSeed() throws {
    let grid: [(name: String, values: [ParameterValue])] = [("max_depth", (1...6).map { .integer($0) }), ("min_samples_leaf", [.integer(1), .integer(10), .integer(30)])]
    let run = { (seed: UInt64) in
      try Tuning(.tree, features: Self.features, target: "channel", on: Self.frame, fixed: [:], grid: grid, search: .random(count: 4, seed: seed),
        folds: 3, stratified: true, foldSeed: 0, score: .accuracy).candidates.map { $0.values.map(\.value.description).joined(separator: " ") }
    }
    let drawn = try run(5)
    #expect(drawn.count == 4 && Set(drawn).count == 4)
    #expect(try run(5) == drawn)
  }

  @Test func aGridTooLargeIsRefused() throws {
    let grid: [(name: String, values: [ParameterValue])] = [("max_depth", (1...100).map { .integer($0) }), ("min_samples_leaf", (1...100).map { .integer($0) })]
    #expect(throws: EngineError.self) {
      _ = try Tuning(.tree, features: Self.features, target: "channel", on: Self.frame, fixed: [:], grid: grid, search: .grid, folds: 3, stratified: true, foldSeed: 0, score: .accuracy)
    }
  }
}
