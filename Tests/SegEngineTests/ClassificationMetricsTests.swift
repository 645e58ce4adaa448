import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Classification metrics against sklearn.metrics (Reference/metrics.json, made by
/// scripts/make-reference-metrics.py) to 1e-12: two classes with tied scores, three text
/// classes with one never predicted, and Bank Marketing.
@Suite struct ClassificationMetricsTests {
  nonisolated(unsafe) static let reference = try! JSONSerialization.jsonObject(
    with: Data(contentsOf: ClusterReferenceTests.folder.appendingPathComponent("metrics.json"))) as! [String: Any]

  static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

  static func compare(_ got: ClassificationMetrics, _ want: [String: Any]) {
    #expect(got.classes.map(ValueFormatter.plain) == want["classes"] as! [String])
    #expect(got.confusion == want["confusion"] as! [[Int]])
    for (name, values) in [("precision", got.perClass.map(\.precision)), ("recall", got.perClass.map(\.recall)), ("f1", got.perClass.map(\.f1))] {
      #expect(zip(values, want[name] as! [Double]).allSatisfy { close($0, $1) }, "\(name): \(values) vs \(want[name]!)")
    }
    #expect(got.perClass.map(\.support) == want["support"] as! [Int])
    #expect(close(got.accuracy, want["accuracy"] as! Double))
    #expect(close(got.balancedAccuracy, want["balanced_accuracy"] as! Double))
    for (name, triple) in [("macro", got.macro), ("weighted", got.weighted)] {
      let w = want[name] as! [Double]
      #expect(close(triple.precision, w[0]) && close(triple.recall, w[1]) && close(triple.f1, w[2]), "\(name): \(triple) vs \(w)")
    }
    // The curves, point for point, as sklearn.metrics.roc_curve, precision_recall_curve and
    // sklearn.calibration.calibration_curve(n_bins=5) draw them.
    let curves = want["curves"] as! [[String: Any]]
    #expect(got.curveInputs.map(\.label) == curves.map { $0["label"] as! String })
    for (input, c) in zip(got.curveInputs, curves) {
      let same = { (a: [Double], b: Any?) in a.count == (b as! [Double]).count && zip(a, b as! [Double]).allSatisfy { close($0, $1) } }
      let roc = ClassificationCurves.roc(input), pr = ClassificationCurves.precisionRecall(input), calibration = ClassificationCurves.calibration(input, bins: 5)
      #expect(same(roc.x, c["fpr"]) && same(roc.y, c["tpr"]), "\(input.label) ROC: \(roc.x.count) points vs \((c["fpr"] as! [Double]).count)")
      #expect(same(pr.x, c["recall"]) && same(pr.y, c["precision"]), "\(input.label) precision-recall: \(pr.x.count) points vs \((c["recall"] as! [Double]).count)")
      #expect(same(calibration.x, c["prob_pred"]) && same(calibration.y, c["prob_true"]), "\(input.label) calibration")
    }
    if let p = got.probabilistic {
      #expect(close(p.rocAUC, want["roc_auc"] as! Double), "roc auc \(p.rocAUC) vs \(want["roc_auc"]!)")
      #expect(close(p.averagePrecision, want["average_precision"] as! Double), "average precision \(p.averagePrecision) vs \(want["average_precision"]!)")
      #expect(close(p.logLoss, want["log_loss"] as! Double), "log loss \(p.logLoss) vs \(want["log_loss"]!)")
    } else {
      Issue.record("no probability scores")
    }
  }

  static let generated = try! CSVReader.read(path: ClusterReferenceTests.folder.appendingPathComponent("metrics_generated.csv").path).frame

  @Test(arguments: [("binary", "actual", "predicted", ["score"]), ("multi", "class", "guess", ["p_a", "p_b", "p_c"])])
  func generatedDataMatchesScikitLearn(_ name: String, _ actual: String, _ predicted: String, _ scores: [String]) throws {
    let f = Self.generated
    let got = try ClassificationMetrics(actual: try f.column(actual), predicted: try f.column(predicted), scores: try scores.map { try f.column($0) })
    Self.compare(got, Self.reference[name] as! [String: Any])
  }

  /// positive= names the class the score is for: the other class with 1 − score ranks alike.
  @Test func positiveClassNamesWhatTheScoreIsFor() throws {
    let f = Self.generated
    let p = try f.column("score").doubles()!
    let flipped = try ClassificationMetrics(actual: try f.column("actual"), predicted: try f.column("predicted"), scores: [.doubles("q", p.map { 1 - $0 })], positive: "0")
    let want = Self.reference["binary"] as! [String: Any]
    #expect(Self.close(try #require(flipped.probabilistic).rocAUC, want["roc_auc"] as! Double))
    #expect(throws: EngineError.self) { try ClassificationMetrics(actual: try f.column("actual"), predicted: try f.column("predicted"), scores: [try f.column("score")], positive: "2") }
  }

  @Test(.enabled(if: SharedData.path("bank_marketing.csv") != nil, "../shared/data is absent; real-data test skipped"))
  func bankMarketingMatchesScikitLearn() throws {
    var options = CSVReadOptions()
    options.delimiter = UInt8(ascii: ";")
    let bank = try CSVReader.read(path: try #require(SharedData.path("bank_marketing.csv")), options: options).frame
    let outcome = try bank.column("poutcome"), pdays = try bank.column("pdays").doubles()!, balance = try bank.column("balance").doubles()!
    let predicted = Column.strings("predicted", (0..<bank.rowCount).map { outcome.value(at: $0) == .string("success") ? "yes" : "no" })
    let score = Column.doubles("score", (0..<bank.rowCount).map { (pdays[$0] > 0 ? 0.3 : 0.05) + min(max(balance[$0], 0), 10000) / 100000 })
    let got = try ClassificationMetrics(actual: try bank.column("y"), predicted: predicted, scores: [score])
    Self.compare(got, try #require(Self.reference["bank"] as? [String: Any]))
  }

  @Test(arguments: [
    (["a", "b"], ["a", "b"], [[0.5, 0.5], [0.5, 0.5]], "give one column"),
    (["a", "b", "c"], ["a", "b", "c"], [[0.1, 0.2, 0.3]], "one probability column per class, in the order a, b, c"),
    (["a", "a", "a"], ["a", "b", "a"], [[0.1, 0.2, 0.3]], "no row is actually b"),
    (["a", "b", "a"], ["a", "b", "a"], [[0.1, 1.2, 0.3]], "outside 0…1"),
  ])
  func badScoresAreRefused(_ actual: [String], _ predicted: [String], _ scores: [[Double]], _ message: String) {
    do {
      _ = try ClassificationMetrics(actual: .strings("y", actual), predicted: .strings("p", predicted), scores: scores.enumerated().map { .doubles("s\($0)", $1) })
      Issue.record("accepted")
    } catch let e as EngineError {
      #expect(e.message.contains(message), "\(e.message)")
    } catch {
      Issue.record("\(error)")
    }
  }

  @Test func missingRowsAreLeftOutAndCounted() throws {
    let got = try ClassificationMetrics(actual: .strings("y", ["a", nil, "b", "b"]), predicted: .strings("p", ["a", "b", nil, "b"]))
    #expect(got.rowsLeftOut == 2)
    #expect(got.accuracy == 1)
  }

  @Test func textAgainstNumbersIsRefused() {
    #expect(throws: EngineError.self) { try ClassificationMetrics(actual: .strings("y", ["1", "0"]), predicted: .ints("p", [1, 0])) }
  }
}
