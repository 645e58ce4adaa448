import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Preparation steps as estimators: fitted on some rows, applied to others, and fitted again
/// from what a frame's pipeline remembers, with the engine alone.
@Suite struct PreparationStepTests {
  static let steps = [
    PreparationStep(.impute(strategy: .median, constant: nil, using: [], k: 5), columns: ["age", "income"]),
    PreparationStep(.winsorize(lower: 0.05, upper: 0.95), columns: ["income"]),
    PreparationStep(.transform(method: .yeojohnson, suffix: ""), columns: ["web_visits"]),
    PreparationStep(.scale(method: .zscore, suffix: ""), columns: ["age", "income", "web_visits"]),
    PreparationStep(.encode(method: .onehot, dropFirst: false, maxCategories: nil), columns: ["region"]),
    PreparationStep(.pca(components: 2, prefix: "pc"), columns: ["age", "income", "web_visits"]),
  ]

  /// A fold's training rows and the rest.
  static func split() throws -> (train: DataFrame, test: DataFrame) {
    let customers = try SampleData.customers(count: 600, seed: 11)
    let inTrain = (0..<customers.rowCount).map { $0 % 5 != 0 }
    return (customers.keeping(inTrain), customers.keeping(inTrain.map { !$0 }))
  }

  @Test func aPipelineFittedOnTrainingRowsPreparesTheTestRowsWithWhatTheyLearned() throws {
    let (train, test) = try Self.split()
    let fitted = try train.fitting(Self.steps)
    let prepared = try fitted.replayPipeline(on: test)
    // The test rows are filled with the training median, not their own.
    let trainMedian = Statistics.median(Statistics.present(try train.column("age").doubles()!))
    let testAge = try test.column("age").doubles()!
    let filled = try prepared.column("age").doubles()!
    #expect(testAge.contains { $0.isNaN }, "the sample has missing ages to fill")
    for i in testAge.indices where testAge[i].isNaN { #expect(filled[i] == trainMedian) }
    // Models read the test rows scaled by the training mean and deviation.
    let scale = try #require(fitted.pipeline.first { $0.verb == .scale }?.columns.first { $0.input == "age" })
    let read = try prepared.modelColumn("age").doubles()!
    for i in filled.indices { #expect(abs(read[i] - (filled[i] - scale.parameters["center"]!) / scale.parameters["scale"]!) < 1e-12) }
    #expect(prepared.index(of: "pc2") != nil && prepared.index(of: "region_North") != nil)
  }

  /// On the wholesale customers: a fold's test rows read, through a pipeline fitted on the
  /// training rows, exactly what the training rows' limits, transform and scale give by hand.
  @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; real-data tests skipped"))
  func onRealDataTheTestFoldIsPreparedWithTheTrainingFoldsNumbers() throws {
    let wholesale = try CSVReader.read(path: try #require(SharedData.path("wholesale_customers.csv"))).frame
    let inTrain = (0..<wholesale.rowCount).map { $0 % 4 != 0 }
    let (train, test) = (wholesale.keeping(inTrain), wholesale.keeping(inTrain.map { !$0 }))
    let steps = [
      PreparationStep(.winsorize(lower: 0.02, upper: 0.98), columns: ["Fresh", "Milk"]),
      PreparationStep(.transform(method: .log1p, suffix: ""), columns: ["Fresh", "Milk"]),
      PreparationStep(.scale(method: .zscore, suffix: ""), columns: ["Fresh", "Milk"]),
    ]
    let prepared = try train.fitting(steps).replayPipeline(on: test)
    for name in ["Fresh", "Milk"] {
      let trainValues = try train.column(name).doubles()!
      let (low, high) = try Winsorizer.bounds(trainValues, lower: 0.02, upper: 0.98)
      let trainLogs = trainValues.map { log1p(min(max($0, low), high)) }
      let mean = trainLogs.reduce(0, +) / Double(trainLogs.count)
      let sd = (trainLogs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(trainLogs.count)).squareRoot()
      let expected = try test.column(name).doubles()!.map { (log1p(min(max($0, low), high)) - mean) / sd }
      let read = try prepared.modelColumn(name).doubles()!
      #expect(read.count == 110)
      for (a, b) in zip(read, expected) { #expect(abs(a - b) < 1e-12, "\(name): \(a) vs \(b)") }
      // The frame itself keeps the limited values in their own units.
      #expect(try prepared.column(name).doubles()! == test.column(name).doubles()!.map { min(max($0, low), high) })
    }
  }

  @Test func aFramesPipelineRemembersItsStepsAndFitsThemAgainTheSame() throws {
    let raw = try SampleData.customers(count: 300, seed: 5)
    let fitted = try raw.fitting(Self.steps)
    let remembered = try #require(fitted.preparationSteps)
    #expect(remembered == Self.steps)
    let again = try raw.fitting(remembered)
    #expect(again == fitted)
    // Fitted on other rows, the same steps learn other numbers.
    let other = try SampleData.customers(count: 300, seed: 6).fitting(remembered)
    #expect(other.pipeline.map(\.columns) != fitted.pipeline.map(\.columns))
  }

  @Test func aStepFittedOnSomeRowsCannotBeFittedAgainAsAPipeline() throws {
    let raw = try SampleData.customers(count: 100, seed: 5)
    let someRows = (0..<raw.rowCount).map { $0 < 50 }
    let prepared = try PreparationStep(.impute(strategy: .mean, constant: nil, using: [], k: 5), columns: ["age"]).fit(raw, rows: someRows)
    #expect(prepared.frame.preparationSteps == nil)
  }

  @Test func theModelFileKeepsTheStepsSoASavedModelCanBeFittedAgain() throws {
    let fitted = try SampleData.customers(count: 200, seed: 2).fitting(Self.steps)
    let data = try ModelFile.encode(.pipeline(fitted.pipeline))
    guard case .pipeline(let back) = try ModelFile.decode(data, path: "p.json") else { Issue.record("not a pipeline"); return }
    #expect(back.map(\.step) == Self.steps.map { $0 })
  }

  @Test(arguments: [
    (PreparationStep(.clip(min: nil, max: nil), columns: ["age"]), "clip needs min=, max= or both"),
    (PreparationStep(.clip(min: 50, max: 20), columns: ["age"]), "min= must not be above max="),
    (PreparationStep(.impute(strategy: .mean, constant: nil, using: ["age"], k: 5), columns: ["income"]), "using= is for strategy=regression or knn"),
    (PreparationStep(.impute(strategy: .regression, constant: nil, using: [], k: 5), columns: ["income"]), "regression needs predictor columns"),
  ])
  func badStepsAreRefusedWithTheReason(_ step: PreparationStep, _ reason: String) throws {
    let raw = try SampleData.customers(count: 50, seed: 1)
    #expect { try step.fit(raw) } throws: { "\($0)".contains(reason) }
  }
}
