import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Stratified splits put as many rows of each class in the test part as scikit-learn's
/// train_test_split, and stratified folds as many in each fold as its StratifiedKFold
/// (Reference/split.json, made by scripts/make-reference-split.py); where train_test_split's
/// remainders tie it draws the extra rows' classes, and only the totals must agree.
@Suite struct TrainTestSplitTests {
  nonisolated(unsafe) static let reference = try! JSONSerialization.jsonObject(
    with: Data(contentsOf: ClusterReferenceTests.folder.appendingPathComponent("split.json"))) as! [String: Any]

  static func check(_ labels: [String], _ case_: [String: Any]) throws {
    let test = case_["test"] as! Double
    let split = try TrainTestSplit(rows: labels.count, test: test, classes: labels, seed: 0)
    #expect(split.test.count == case_["test_rows"] as! Int)
    #expect(split.train.count + split.test.count == labels.count)
    #expect(Set(split.train).isDisjoint(with: split.test))
    var counts: [String: Int] = [:]
    for r in split.test { counts[labels[r], default: 0] += 1 }
    let want = case_["test_counts"] as! [String: Int]
    if !(case_["ties"] as! Bool) {
      #expect(counts.filter { $0.value > 0 } == want.filter { $0.value > 0 }, "test=\(test): \(counts) vs \(want)")
    }
  }

  @Test func generatedCountsMatchScikitLearn() throws {
    for c in Self.reference["generated"] as! [[String: Any]] {
      let counts = c["counts"] as! [Int]
      try Self.check(counts.enumerated().flatMap { i, n in Array(repeating: "c\(i)", count: n) }, c)
    }
  }

  @Test(.enabled(if: SharedData.path("bank_marketing.csv") != nil, "../shared/data is absent; real-data test skipped"))
  func bankMarketingMatchesScikitLearn() throws {
    var options = CSVReadOptions()
    options.delimiter = UInt8(ascii: ";")
    let bank = try CSVReader.read(path: try #require(SharedData.path("bank_marketing.csv")), options: options).frame
    for c in try #require(Self.reference["bank"] as? [[String: Any]]) {
      let column = try bank.column(c["column"] as! String)
      try Self.check((0..<bank.rowCount).map { ValueFormatter.plain(column.value(at: $0)) }, c)
    }
  }

  @Test func theSameSeedGivesTheSameRowsAndAnotherSeedOthers() throws {
    let a = try TrainTestSplit(rows: 1000, test: 0.2, seed: 3)
    #expect(a == (try TrainTestSplit(rows: 1000, test: 0.2, seed: 3)))
    #expect(a != (try TrainTestSplit(rows: 1000, test: 0.2, seed: 4)))
    #expect(a.test.count == 200 && a.train == a.train.sorted())
  }

  @Test(arguments: [(10, 0.0, "more than 0%"), (10, 1.0, "less than 100%"), (1, 0.5, "leave the training part empty")])
  func impossibleSharesAreRefused(_ rows: Int, _ share: Double, _ message: String) {
    do {
      _ = try TrainTestSplit(rows: rows, test: share, seed: 0)
      Issue.record("accepted")
    } catch let e as EngineError {
      #expect(e.message.contains(message), "\(e.message)")
    } catch { Issue.record("\(error)") }
  }

  @Test func aClassOfOneRowCannotBeStratified() {
    #expect(throws: EngineError.self) { try TrainTestSplit(rows: 5, test: 0.4, classes: ["a", "a", "b", "b", "c"], seed: 0) }
  }

  @Test func stratifiedFoldsHoldScikitLearnsClassCounts() throws {
    for c in Self.reference["folds"] as! [[String: Any]] {
      let labels = c["labels"] as! [String], k = c["folds"] as! Int
      let folds = try KFold(rows: labels.count, folds: k, classes: labels, seed: 0).folds
      #expect(folds.flatMap { $0 }.sorted() == Array(0..<labels.count), "every row in one fold")
      let counts = folds.map { rows in Dictionary(grouping: rows.map { labels[$0] }, by: { $0 }).mapValues(\.count) }
      #expect(counts == c["test_counts"] as! [[String: Int]], "\(k) folds: \(counts)")
    }
  }

  /// Other rows in each fold (seg's generator is not NumPy's), so the means differ by chance,
  /// a little: the same model judged the same way scores alike.
  @Test(.enabled(if: SharedData.path("bank_marketing.csv") != nil, "../shared/data is absent; real-data test skipped"))
  func crossValidatedLogisticScoresLikeScikitLearns() throws {
    var options = CSVReadOptions()
    options.delimiter = UInt8(ascii: ";")
    let bank = try CSVReader.read(path: try #require(SharedData.path("bank_marketing.csv")), options: options).frame
    let want = try #require(Self.reference["bank_crossval"] as? [String: Any])
    let result = try CrossValidation(
      .logistic, features: (want["numbers"] as! [String]) + (want["texts"] as! [String]), target: "y", on: bank,
      try ParameterValues([:], for: Classifier.logisticParameters), folds: 5, stratified: true, seed: 0)
    #expect(abs(result.summary(.accuracy).mean - (want["accuracy"] as! Double)) < 0.005)
    #expect(abs(result.summary(.rocAUC).mean - (want["roc_auc"] as! Double)) < 0.01)
    #expect(abs(result.summary(.balancedAccuracy).mean - (want["balanced_accuracy"] as! Double)) < 0.02)
  }

  @Test func aClassWithFewerRowsThanFoldsIsRefused() {
    #expect(throws: EngineError.self) { try KFold(rows: 6, folds: 3, classes: ["a", "a", "a", "a", "b", "b"], seed: 0) }
    #expect(throws: EngineError.self) { try KFold(rows: 2, folds: 3, seed: 0) }
  }
}
