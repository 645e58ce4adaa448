import Foundation
import Testing
@testable import SegEngine

/// A model file is untrusted input: mutated bytes or hostile values anywhere in it either
/// load as a model that labels customers without reading out of bounds, or are refused with
/// the "damaged" error. A crash or trap here fails the whole test run.
@Suite struct ModelFileFuzzTests {
  static var hostile: [Any] {
    [
      NSNull(), -1, 0, 1, 1000, 100_000_000, Int.max, Int.min, 1e308, -1e308, 0.5, "", "x", "nan", "inf", [Any](), [[Any]](),
      [1, 2], [[1e308, -1e308]], ["a": 1], true, [Any](repeating: 7, count: 50),
    ]
  }

  /// Replaces one value, anywhere in the tree, with a hostile one, or drops a key.
  static func mutate(_ node: Any, _ g: inout SeededGenerator, depth: Int = 0) -> Any {
    if depth > 0 && g.below(6) == 0 { return hostile[g.below(hostile.count)] }
    if var object = node as? [String: Any], !object.isEmpty {
      let key = object.keys.sorted()[g.below(object.count)]
      if g.below(8) == 0 { object[key] = nil } else { object[key] = mutate(object[key]!, &g, depth: depth + 1) }
      return object
    }
    if var array = node as? [Any], !array.isEmpty {
      let i = g.below(array.count)
      switch g.below(10) {
      case 0: array.remove(at: i)
      case 1: array.append(array[i])
      default: array[i] = mutate(array[i], &g, depth: depth + 1)
      }
      return array
    }
    return hostile[g.below(hostile.count)]
  }

  /// Loads `data` as the language's `load model` + `assign` would; only EngineError may come
  /// out. Whether it labelled the customers.
  @discardableResult
  static func loadAndAssign(_ data: Data, on raw: DataFrame) -> Bool {
    do {
      let decoded = try ModelFile.decode(data, path: "fuzz.json")
      if case .classifier(let classifier) = decoded {
        let (classes, probabilities) = try classifier.predict(raw)
        #expect(classes.allSatisfy { (0..<classifier.classes.count).contains($0) }, "classes outside the model's")
        #expect(probabilities.count == classifier.classes.count && probabilities.allSatisfy { $0.allSatisfy(\.isFinite) })
        return true
      }
      guard case .segmentation(let model) = decoded else { return false }
      let prepared = try DataFrame.replay(model.pipeline, on: raw)
      let x = try FeatureMatrix(columns: try model.clusterer.features.map { try prepared.modelColumn($0).doubles()! }, names: model.clusterer.features)
      let labels = try model.clusterer.assign(x)
      #expect(labels.count == raw.rowCount)
      #expect(labels.allSatisfy { $0 >= -1 && $0 < max(model.clusterer.k, 1) }, "labels outside 0..<k")
      return true
    } catch let e as EngineError {
      #expect(!e.message.isEmpty)
    } catch {
      Issue.record("unexpected error \(error)")
    }
    return false
  }

  /// Loads `times` files, each `json` with one to three hostile values put in (under `key`
  /// alone, when given); how many labelled the customers and how many were refused.
  static func mutateAndLoad(_ json: Any, under key: String? = nil, on raw: DataFrame, times: Int, seed: UInt64) -> (labelled: Int, refused: Int) {
    var g = SeededGenerator(seed: seed)
    var labelled = 0, refused = 0
    for _ in 0..<times {
      var mutated = json
      for _ in 0..<(1 + g.below(3)) {
        if let key, var object = mutated as? [String: Any], let part = object[key] {
          object[key] = mutate(part, &g)
          mutated = object
        } else {
          mutated = mutate(mutated, &g)
        }
      }
      guard let data = try? JSONSerialization.data(withJSONObject: mutated) else { continue }
      if loadAndAssign(data, on: raw) { labelled += 1 } else { refused += 1 }
    }
    return (labelled, refused)
  }

  @Test(arguments: ["kmeans", "minibatch", "bisecting", "hierarchical", "gmm", "dbscan"])
  func hostileValuesAreRefusedOrHarmless(_ method: String) throws {
    let given: [String: ParameterValue] = method == "dbscan" ? ["eps": .number(0.5)] : method == "hierarchical" ? ["k": .integer(3)] : ["k": .integer(3), "seed": .integer(7)]
    let (model, _, raw) = try ModelFileTests.fitted(method: method, given)
    let json = try JSONSerialization.jsonObject(with: try ModelFile.encode(.segmentation(model)))
    let (labelled, refused) = Self.mutateAndLoad(json, on: raw, times: 500, seed: UInt64(method.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
    // Mutations that reach the model's numbers both survive (a changed centre) and not.
    #expect(labelled > 20 && refused > 100, "labelled \(labelled), refused \(refused)")
  }

  /// Options that keep each kind of model small enough to decode 800 times.
  static let smallModel: [Classifier.Method: [String: ParameterValue]] = [
    .tree: ["max_depth": .integer(4)], .forest: ["n_estimators": .integer(3), "max_depth": .integer(4)], .boosting: ["max_iter": .integer(3), "max_leaf_nodes": .integer(4)],
    .mlp: ["hidden": .integer(4), "max_iter": .integer(5)],
  ]

  @Test(arguments: Classifier.Method.allCases)
  func hostileClassifierFilesAreRefusedOrHarmless(_ method: Classifier.Method) throws {
    let raw = try SampleData.customers(count: 300, seed: 4)
    let model = try Classifier(fitting: method, features: ["age", "income", "region"], target: "channel", on: raw,
      try ParameterValues(Self.smallModel[method] ?? [:], for: method.parameters))
    let json = try JSONSerialization.jsonObject(with: try ModelFile.encode(.classifier(model)))
    // The header's mutations are the segmentation files' above; these reach the classifier's own parts.
    let (labelled, refused) = Self.mutateAndLoad(json, under: "classifier", on: raw, times: 800, seed: 77)
    #expect(labelled > 5 && refused > 100, "labelled \(labelled), refused \(refused)")
  }

  @Test(arguments: 0..<2)
  func mutatedBytesAreRefusedOrHarmless(_ batch: Int) throws {
    let (model, _, raw) = try ModelFileTests.fitted()
    let original = Array(try ModelFile.encode(.segmentation(model)))
    let digits = Array("0123456789-.e,[]{}\"".utf8)
    var g = SeededGenerator(seed: UInt64(500 + batch))
    for _ in 0..<1000 {
      var bytes = original
      for _ in 0..<(1 + g.below(4)) {
        let i = g.below(bytes.count)
        switch g.below(3) {
        case 0: bytes[i] = digits[g.below(digits.count)]
        case 1: bytes.insert(digits[g.below(digits.count)], at: i)
        default: bytes.remove(at: i)
        }
      }
      Self.loadAndAssign(Data(bytes), on: raw)
    }
  }
}
