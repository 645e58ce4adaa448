import Foundation
import Testing
@testable import SegEngine

/// The model file: what the engine writes it reads back the same, old files load, and a
/// file that does not hold together is refused whole with one "damaged" error.
@Suite struct ModelFileTests {
  /// A segmentation fitted and saved with the engine alone: impute, scale in place, k-means.
  static func fitted(method: String = "kmeans", _ given: [String: ParameterValue] = ["k": .integer(3), "seed": .integer(7)]) throws
    -> (model: SegmentationModel, labels: [Int], customers: DataFrame)
  {
    let frame = try SampleData.customers(count: 400, seed: 3).fitting([
      PreparationStep(.impute(strategy: .median, constant: nil, using: [], k: 5), columns: ["age", "income"]),
      PreparationStep(.scale(method: .zscore, suffix: ""), columns: ["age", "income"]),
    ])
    let view = try frame.modelView()
    let x = try FeatureMatrix(columns: try ["age", "income"].map { try view.column($0).doubles()! }, names: ["age", "income"])
    let fit = try ClusteringMethods.make(method, given).fit(x)
    var model = SegmentationModel(label: "segment", columns: ["age", "income"], pipeline: frame.pipeline, clusterer: fit.model,
      names: ["0": "Young"], rules: [])
    model.baseline = try ModelBaseline(model: model, fitted: frame, labels: fit.labels, matrix: x)
    return (model, fit.labels, try SampleData.customers(count: 400, seed: 3))
  }

  @Test(arguments: ["kmeans", "minibatch", "bisecting", "hierarchical", "gmm"])
  func theEngineAloneFitsSavesLoadsAndLabelsTheSame(_ method: String) throws {
    let (model, labels, raw) = try Self.fitted(method: method, ["k": .integer(3)])
    let data = try ModelFile.encode(.segmentation(model))
    guard case .segmentation(let back) = try ModelFile.decode(data, path: "m.json") else { Issue.record("not a segmentation"); return }
    #expect(back == model)
    // The same customers, loaded afresh, replayed through the saved pipeline, get the same labels.
    let prepared = try DataFrame.replay(back.pipeline, on: raw)
    let x = try FeatureMatrix(columns: try back.clusterer.features.map { try prepared.modelColumn($0).doubles()! }, names: back.clusterer.features)
    let assigned = try back.clusterer.assign(x)
    if method == "hierarchical" {
      // Hierarchical labels new rows by the nearest segment centre, which may differ from the tree's cut.
      #expect(zip(assigned, labels).filter { $0 == $1 }.count > 390)
    } else {
      #expect(assigned == labels)
    }
  }

  @Test func aPipelineRoundTripsAsItsOwnKind() throws {
    let (model, _, _) = try Self.fitted()
    let data = try ModelFile.encode(.pipeline(model.pipeline))
    #expect(String(decoding: data, as: UTF8.self).contains("\"kind\" : \"pipeline\""))
    #expect(try ModelFile.decode(data, path: "p.json") == .pipeline(model.pipeline))
  }

  @Test func aVersionOneFileStillLoads() throws {
    let (model, _, _) = try Self.fitted()
    var json = try #require(try JSONSerialization.jsonObject(with: try ModelFile.encode(.segmentation(model))) as? [String: Any])
    json["format"] = "seg-segment-model"
    json["version"] = 1
    json["kind"] = nil
    #expect(try ModelFile.decode(try JSONSerialization.data(withJSONObject: json), path: "old.json") == .segmentation(model))
  }

  @Test func unboundedLimitsAreSavedAsAbsentAndReadBackUnbounded() throws {
    var (model, _, _) = try Self.fitted()
    model.pipeline.insert(FittedStep(verb: .clip, method: "bounds", columns: [.init(input: "age", output: "age", parameters: ["low": 18, "high": .infinity])]), at: 0)
    guard case .segmentation(let back) = try ModelFile.decode(try ModelFile.encode(.segmentation(model)), path: "m.json") else { return }
    #expect(back.pipeline[0].columns[0].parameters == ["low": 18])
  }

  /// A damage done to a saved file's JSON, and what the error must say.
  struct Damage: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: String
    let change: @Sendable (inout [String: Any]) -> Void
    var testDescription: String { name }
  }

  static func clusterer(_ change: @escaping @Sendable (inout [String: Any]) -> Void) -> @Sendable (inout [String: Any]) -> Void {
    { json in
      var c = json["clusterer"] as! [String: Any]
      change(&c)
      json["clusterer"] = c
    }
  }

  static let damages: [Damage] = [
    Damage(name: "k=1000", expected: "clusterer.centers has 6 numbers; 2000 expected", change: clusterer { $0["k"] = 1000 }),
    Damage(name: "k=100000000", expected: "clusterer.k is 100000000", change: clusterer { $0["k"] = 100_000_000 }),
    Damage(name: "k=0", expected: "clusterer.k is 0", change: clusterer { $0["k"] = 0 }),
    Damage(name: "short relabel", expected: "clusterer.relabel", change: clusterer { $0["relabel"] = [1] }),
    Damage(name: "a centre that is not a number", expected: "bad value at clusterer.centers", change: clusterer { $0["centers"] = ["x", 1, 2, 3, 4, 5] }),
    Damage(name: "unknown method", expected: "clusterer.method \"kmedoids\"", change: clusterer { $0["method"] = "kmedoids" }),
    Damage(name: "a bisecting tree on a k-means model", expected: "lacks the fitted parts of kmeans",
      change: clusterer { $0["tree"] = [["center": [0, 0], "label": 0]] }),
    Damage(name: "missing features", expected: "missing clusterer.features", change: clusterer { $0["features"] = nil }),
    Damage(name: "a scale without its scale", expected: "lacks its learned scale", change: { json in
      var steps = json["pipeline"] as! [[String: Any]]
      var fits = steps[1]["columns"] as! [[String: Any]]
      fits[0]["parameters"] = ["center": 1.0]
      steps[1]["columns"] = fits
      json["pipeline"] = steps
    }),
    Damage(name: "a step seg cannot replay", expected: "\"scale cuberoot\"", change: { json in
      var steps = json["pipeline"] as! [[String: Any]]
      steps[1]["method"] = "cuberoot"
      json["pipeline"] = steps
    }),
    Damage(name: "a verb seg does not know", expected: "bad value at pipeline[1].verb", change: { json in
      var steps = json["pipeline"] as! [[String: Any]]
      steps[1]["verb"] = "normalise"
      json["pipeline"] = steps
    }),
    Damage(name: "outliers with an unknown action", expected: "\"outliers iqr hide\"", change: { json in
      var steps = json["pipeline"] as! [[String: Any]]
      steps[1]["verb"] = "outliers"
      steps[1]["method"] = "iqr hide"
      json["pipeline"] = steps
    }),
    Damage(name: "names of a label the model does not make", expected: "names has a label 7", change: { $0["names"] = ["7": "Ghost"] }),
    Damage(name: "columns that differ from the features", expected: "columns (age) differ", change: { $0["columns"] = ["age"] }),
    Damage(name: "an unknown kind", expected: "unknown kind \"forest\"", change: { $0["kind"] = "forest" }),
    Damage(name: "a baseline bin count missing", expected: "baseline of age has bins that do not hold together",
      change: baselineFeature { $0["counts"] = [1, 2] }),
    Damage(name: "a negative baseline count", expected: "baseline of age has bins",
      change: baselineFeature { var c = $0["counts"] as! [Int]; c[0] = -5; $0["counts"] = c }),
    Damage(name: "baseline edges out of order", expected: "baseline of age has bins",
      change: baselineFeature { $0["edges"] = Array(($0["edges"] as! [Double]).reversed()) }),
    Damage(name: "a baseline of a column the model does not read", expected: "baseline.features describe columns",
      change: baselineFeature { $0["column"] = "email" }),
    Damage(name: "a negative distance limit", expected: "baseline.distanceLimit", change: { json in
      var baseline = json["baseline"] as! [String: Any]
      baseline["distanceLimit"] = -1.0
      json["baseline"] = baseline
    }),
    Damage(name: "segment counts that do not match", expected: "baseline segments", change: { json in
      var baseline = json["baseline"] as! [String: Any]
      baseline["segmentCounts"] = [1]
      json["baseline"] = baseline
    }),
  ]

  /// A change to the first column's distribution in the baseline.
  static func baselineFeature(_ change: @escaping @Sendable (inout [String: Any]) -> Void) -> @Sendable (inout [String: Any]) -> Void {
    { json in
      var baseline = json["baseline"] as! [String: Any]
      var features = baseline["features"] as! [[String: Any]]
      change(&features[0])
      baseline["features"] = features
      json["baseline"] = baseline
    }
  }

  @Test(arguments: damages)
  func aDamagedFileIsRefusedWhole(_ damage: Damage) throws {
    let (model, _, _) = try Self.fitted()
    var json = try #require(try JSONSerialization.jsonObject(with: try ModelFile.encode(.segmentation(model))) as? [String: Any])
    damage.change(&json)
    let data = try JSONSerialization.data(withJSONObject: json)
    do {
      _ = try ModelFile.decode(data, path: "m.json")
      Issue.record("\(damage.name) was accepted")
    } catch {
      #expect(error.message.contains("is a damaged seg model file"), "\(error.message)")
      #expect(error.message.contains(damage.expected), "\(error.message)")
    }
  }

  @Test(arguments: [
    ("gmm", "clusterer.mixture.weights has 1 numbers; 2 expected", "weights"),
    ("bisecting", "clusterer.tree[0].children must be two nodes", "tree"),
    ("dbscan", "clusterer.density.coreLabels holds a label", "density"),
  ])
  func damagedMethodPartsAreRefused(_ method: String, _ expected: String, _ part: String) throws {
    let given: [String: ParameterValue] = method == "dbscan" ? ["eps": .number(0.6)] : ["k": .integer(2)]
    let (model, _, _) = try Self.fitted(method: method, given)
    var json = try #require(try JSONSerialization.jsonObject(with: try ModelFile.encode(.segmentation(model))) as? [String: Any])
    var c = json["clusterer"] as! [String: Any]
    switch part {
    case "weights":
      var m = c["mixture"] as! [String: Any]
      m["weights"] = [1.0]
      c["mixture"] = m
    case "tree":
      var nodes = c["tree"] as! [[String: Any]]
      nodes[0]["children"] = [1, 99]
      c["tree"] = nodes
    default:
      var d = c["density"] as! [String: Any]
      var labels = d["coreLabels"] as! [Int]
      labels[0] = 42
      d["coreLabels"] = labels
      c["density"] = d
    }
    json["clusterer"] = c
    #expect { try ModelFile.decode(try JSONSerialization.data(withJSONObject: json), path: "m.json") } throws: { error in
      (error as? EngineError)?.message.contains(expected) == true
    }
  }
}
