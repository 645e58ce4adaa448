import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// The online update of the k-means family (`cluster minibatch … update=`) against
/// scikit-learn's MiniBatchKMeans.partial_fit, batch after batch from the same centres
/// (scripts/make-reference-partial-fit.py, Reference/partial_fit.json).
@Suite struct PartialFitTests {
  nonisolated(unsafe) static let reference = try! JSONSerialization.jsonObject(
    with: Data(contentsOf: ClusterReferenceTests.folder.appendingPathComponent("partial_fit.json"))) as! [String: Any]

  static func check(_ case_: [String: Any], x: [Double], _ what: String) throws {
    let k = case_["k"] as! Int, d = case_["dims"] as! Int
    let names = (0..<d).map { "x\($0)" }
    var model = ClusterModel(method: MiniBatchKMeans.method, features: names, k: k, centers: case_["start"] as! [Double], parameters: [:],
      rule: .runningMeans(counts: Array(repeating: 0, count: k)))
    for (i, step) in (case_["steps"] as! [[String: Any]]).enumerated() {
      let rows = step["rows"] as! [Int]
      let batch = FeatureMatrix(rows: rows[1] - rows[0], dims: d, values: Array(x[(rows[0] * d)..<(rows[1] * d)]), names: names)
      model = try MiniBatchKMeans(k: k).partialFit(batch, model: model).model
      guard case .runningMeans(let counts) = model.rule else { Issue.record("not running means"); return }
      #expect(counts == step["counts"] as! [Double], "\(what) step \(i) counts")
      for (got, want) in zip(model.centers, step["centers"] as! [Double]) {
        #expect(abs(got - want) <= 1e-12 * max(1, abs(want)), "\(what) step \(i): \(got) vs \(want)")
      }
    }
  }

  @Test func generatedBatchesMatchScikitLearn() throws {
    let generated = Self.reference["generated"] as! [String: Any]
    try Self.check(generated, x: generated["x"] as! [Double], "generated")
  }

  @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; real-data tests skipped"))
  func wholesaleBatchesMatchScikitLearn() throws {
    let frame = try CSVReader.read(path: try #require(SharedData.path("wholesale_customers.csv"))).frame
    let columns = try ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"].map { try frame.column($0).doubles()!.map(log1p) }
    let x = (0..<frame.rowCount).flatMap { i in columns.map { $0[i] } }
    try Self.check(Self.reference["wholesale"] as! [String: Any], x: x, "wholesale")
  }

  @Test func aKMeansModelIsContinuedFromItsClustersSizes() throws {
    let x = FeatureMatrix(rows: 4, dims: 1, values: [0, 1, 10, 11], names: ["x"])
    let kmeans = ClusterModel(method: KMeans.method, features: ["x"], k: 2, centers: [0.5, 10.5], parameters: [:])
    let updated = try MiniBatchKMeans(k: 2).partialFit(FeatureMatrix(rows: 2, dims: 1, values: [2.5, 3.5], names: ["x"]), model: kmeans, sizes: [2, 2])
    // (0.5·2 + 2.5 + 3.5) / 4.
    #expect(updated.model.centers == [1.75, 10.5])
    #expect { try MiniBatchKMeans(k: 2).partialFit(x, model: kmeans) } throws: { ($0 as! EngineError).message.contains("only a k-means or mini-batch") }
  }
}
