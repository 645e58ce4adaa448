import Foundation
import Testing
@testable import SegEngine

/// What every clustering method promises, whatever its algorithm.
@Suite struct ClusterContractTests {
  /// Three well-separated groups of 60 rows in 2-D, plus a text column for k-prototypes.
  static let data: (x: FeatureMatrix, text: CategoricalFeature) = {
    var g = SeededGenerator(seed: 11)
    var values: [Double] = []
    var text: [String?] = []
    for i in 0..<180 {
      let group = i % 3
      values += [Double(group) * 6 + g.normal(), Double(group % 2) * 5 + g.normal()]
      text.append(["a", "b", "c"][group])
    }
    return (FeatureMatrix(rows: 180, dims: 2, values: values, names: ["u", "v"]), try! CategoricalFeature(name: "t", values: text))
  }()

  struct Method: CustomStringConvertible, Sendable {
    let description: String
    /// Whether assigning the training rows must give back the fitted labels.
    let reassigns: Bool
    let make: @Sendable (_ k: Int, _ seed: UInt64) -> any Clusterer
  }

  static let methods: [Method] = [
    Method(description: "kmeans", reassigns: true) { KMeans(k: $0, seed: $1) },
    Method(description: "kmeans lloyd", reassigns: true) { k, seed in var m = KMeans(k: k, seed: seed); m.algorithm = .lloyd; return m },
    Method(description: "minibatch", reassigns: true) { k, seed in var m = MiniBatchKMeans(k: k, seed: seed); m.batchSize = 32; return m },
    Method(description: "bisecting", reassigns: true) { BisectingKMeans(k: $0, seed: $1) },
    Method(description: "hierarchical ward", reassigns: false) { k, _ in Hierarchical(linkage: .ward, k: k) },
    Method(description: "hierarchical single", reassigns: false) { k, _ in Hierarchical(linkage: .single, k: k) },
    Method(description: "dbscan", reassigns: false) { _, _ in DBSCAN(eps: 1.2, minSamples: 5) },
    Method(description: "gmm", reassigns: true) { GaussianMixture(k: $0, seed: $1) },
    Method(description: "kprototypes", reassigns: true) { KPrototypes(k: $0, categorical: [data.text], seed: $1) },
  ]

  @Test(arguments: methods) func sameSeedSameLabelsAndOneLabelPerRow(_ m: Method) throws {
    let a = try m.make(3, 5).fit(Self.data.x)
    let b = try m.make(3, 5).fit(Self.data.x)
    #expect(a.labels == b.labels)
    #expect(a.labels.count == Self.data.x.rows)
    #expect(a.labels.allSatisfy { $0 >= -1 && $0 < a.model.k })
    // The three groups are found whatever the method.
    let clean = a.labels.indices.filter { a.labels[$0] >= 0 }
    let found = clean.map { a.labels[$0] }
    let truth = clean.map { $0 % 3 }
    #expect(try LabelAgreement.adjustedRand(found, truth) > 0.9, "\(m)")
  }

  @Test(arguments: methods) func assignReproducesTheLabelsAndSurvivesJSON(_ m: Method) throws {
    let fit = try m.make(3, 1).fit(Self.data.x)
    let json = try JSONEncoder().encode(fit.model)
    let model = try JSONDecoder().decode(ClusterModel.self, from: json)
    #expect(model == fit.model)
    let assigned = try model.assign(Self.data.x, categorical: [Self.data.text])
    if m.reassigns {
      #expect(assigned == fit.labels, "\(m)")
    } else if let cores = fit.coreSamples {
      #expect(cores.allSatisfy { assigned[$0] == fit.labels[$0] }, "\(m): core samples keep their cluster")
    } else {
      #expect(try LabelAgreement.adjustedRand(assigned, fit.labels) > 0.95, "\(m): nearest centroid agrees with the tree")
    }
  }

  static let bad: [(String, FeatureMatrix, Int)] = [
    ("k above rows", FeatureMatrix(rows: 3, dims: 1, values: [1, 2, 3]), 4),
    ("no rows", FeatureMatrix(rows: 0, dims: 2, values: []), 2),
    ("one row", FeatureMatrix(rows: 1, dims: 2, values: [1, 2]), 1),
    ("constant", FeatureMatrix(rows: 5, dims: 2, values: [Double](repeating: 3, count: 10)), 2),
  ]

  @Test(arguments: methods) func badInputIsAClearError(_ m: Method) throws {
    for (what, x, k) in Self.bad {
      if m.description == "dbscan" && (what == "k above rows" || what == "constant") { continue }
      if m.description == "kprototypes" { continue }
      #expect(throws: EngineError.self, "\(m) \(what)") { try m.make(k, 0).fit(x) }
    }
  }

  @Test func missingValuesNameTheColumnAndRow() {
    #expect(throws: EngineError.missingValues(column: "income", count: 2, firstRow: 2)) {
      try FeatureMatrix(columns: [[1, 2, 3], [4, .nan, .nan]], names: ["age", "income"])
    }
  }

  @Test func kPrototypesRejectsMissingCategories() {
    #expect(throws: EngineError.missingValues(column: "t", count: 1, firstRow: 3)) {
      try CategoricalFeature(name: "t", values: ["a", "b", nil])
    }
  }

  @Test func hierarchicalRefusesAMatrixBeyondItsMemoryLimit() throws {
    var h = Hierarchical(linkage: .complete, k: 2)
    h.memoryLimit = 1000
    #expect(throws: EngineError.self) { try h.fit(Self.data.x) }
    // Ward and single need no matrix, so the same limit does not stop them.
    var ward = Hierarchical(linkage: .ward, k: 2)
    ward.memoryLimit = 1000
    #expect(try ward.fit(Self.data.x).labels.count == 180)
  }

  @Test func distanceCutEqualsTheMatchingKCut() throws {
    let tree = try Hierarchical(linkage: .average, k: 3).fit(Self.data.x)
    let heights = tree.merges!.map(\.height)
    let between = (heights[heights.count - 3] + heights[heights.count - 2]) / 2
    let byDistance = try Hierarchical(linkage: .average, k: nil, distance: between).fit(Self.data.x)
    #expect(byDistance.labels == tree.labels)
  }

  @Test func miniBatchPartialFitMovesCentresTowardNewRows() throws {
    let fit = try MiniBatchKMeans(k: 3, seed: 2).fit(Self.data.x)
    let shifted = FeatureMatrix(rows: 2, dims: 2, values: [100, 100, 100, 100], names: ["u", "v"])
    let updated = try MiniBatchKMeans(k: 3, seed: 2).partialFit(shifted, model: fit.model)
    #expect(updated.model.centers != fit.model.centers)
    guard case .runningMeans(let before) = fit.model.rule, case .runningMeans(let after) = updated.model.rule else {
      Issue.record("a mini-batch model keeps its running counts")
      return
    }
    let (rowsBefore, rowsAfter): (Double, Double) = (before.reduce(0, +), after.reduce(0, +))
    #expect(rowsAfter == rowsBefore + 2)
  }

  @Test func kneedleFindsTheElbow() {
    #expect(Kneedle.knee(x: [1, 2, 3, 4, 5, 6], y: [100, 40, 15, 12, 10, 9]) == 2)
    #expect(Kneedle.knee(x: [1, 2, 3], y: [3, 2, 1]) == nil)
    #expect(Kneedle.knee(x: [1, 2], y: [2, 1]) == nil)
  }
}

/// Lloyd's single-precision screening must never change a label: exact ties go to the
/// lower centre and rows a hair's breadth from the boundary go to the nearer one.
@Suite struct KMeansScreeningTests {
  /// (offset from the boundary, a third coordinate shared by rows and centres). Like
  /// scikit-learn, centres are compared by ‖c‖² − 2x·c, which resolves differences down to
  /// about 1e-16 of ‖c‖²: 1e-9 with ‖c‖ = 1000, 1e-13 with ‖c‖ = 1.
  @Test(arguments: [(0.0, 1e3), (1e-9, 1e3), (-1e-9, 1e3), (1e-13, 0), (-1e-13, 0), (0, 0)])
  func closeCallsAreSettledExactly(_ offset: Double, _ far: Double) throws {
    var values: [Double] = []
    for i in 0..<500 { values += [offset, Double(i) / 100 - 2.5, far] }
    let x = FeatureMatrix(rows: 500, dims: 3, values: values)
    var labels = [Int32](repeating: -1, count: 500)
    _ = try KMeans.lloydPass(x, ScreenedRows(x), centers: [-1, 0, far, 1, 0, far], k: 2, labels: &labels, full: true)
    let expected: Int32 = offset > 0 ? 1 : 0
    #expect(labels.allSatisfy { $0 == expected }, "offset \(offset)")
  }
}

/// The k-d tree's range counts, screened in single precision, against the plain double
/// computation: points on and just off the sphere are decided exactly as in double.
@Suite struct KDTreeScreeningTests {
  /// The squared distance as the double kernel computes it (features in order).
  static func distance2(_ a: ArraySlice<Double>, _ q: [Double]) -> Double {
    var acc = 0.0
    for (x, y) in zip(a, q) {
      let diff = x - y
      acc = acc + diff * diff
    }
    return acc
  }

  @Test(arguments: [(0.0, 0.5), (3.0, 0.5), (1000.0, 0.5), (0.0, 1e-3)])
  func countsEqualTheDoubleComputation(_ centre: Double, _ radius: Double) throws {
    let d = 8, n = 1500
    var generator = SeededGenerator(seed: 11)
    let q = (0..<d).map { _ in centre + generator.uniform() }
    // The centre is row 0; the others lie on, or a hair inside or outside, its sphere.
    var values = q
    let offsets = [-1e-6, -1e-9, -1e-12, -1e-15, 0, 1e-15, 1e-12, 1e-9, 1e-6]
    for i in 1..<n {
      let u = (0..<d).map { _ in generator.uniform() - 0.5 }
      let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
      let r = radius * (1 + offsets[i % offsets.count])
      values += (0..<d).map { q[$0] + u[$0] / norm * r }
    }
    let x = FeatureMatrix(rows: n, dims: d, values: values)
    let tree = KDTree(x)
    let r2 = radius * radius
    let within = { (a: Int) in (0..<n).filter { Self.distance2(x.row($0), Array(x.row(a))) <= r2 } }
    let counts = try tree.neighbourCounts(within: r2)
    let byRow = Dictionary(uniqueKeysWithValues: tree.order.enumerated().map { ($1, Int(counts[$0])) })
    #expect(within(0).count > 1 && within(0).count < n, "the test needs points on both sides")
    for row in stride(from: 0, to: n, by: 7) { #expect(byRow[row] == within(row).count, "row \(row)") }
    var visited: [Int] = []
    q.withUnsafeBufferPointer { tree.forEach(within: r2, of: $0.baseAddress!) { visited.append($0) } }
    #expect(Set(visited) == Set(within(0)))
  }
}
