import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Every clustering method and score against scikit-learn (Reference/cluster.json, made by
/// scripts/make-reference-cluster.py) on generated blobs, wholesale customers and Online
/// Retail RFM features.
@Suite struct ClusterReferenceTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")
  nonisolated(unsafe) static let reference: [String: Any] = {
    guard let data = try? Data(contentsOf: folder.appendingPathComponent("cluster.json")) else { return [:] }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
  }()

  static let sets = ["blobs", "wholesale", "rfm"]

  /// The same features the reference script clustered, or nil when the real data is absent.
  static func features(_ name: String) throws -> FeatureMatrix? {
    switch name {
    case "blobs":
      let frame = try CSVReader.read(path: folder.appendingPathComponent("cluster_blobs.csv").path).frame
      return try FeatureMatrix(columns: frame.columns.map { $0.doubles()! }, names: frame.columnNames)
    case "wholesale":
      guard let path = SharedData.path("wholesale_customers.csv") else {
        print("skipping wholesale clustering checks: \(SharedData.folder) is absent")
        return nil
      }
      let frame = try CSVReader.read(path: path).frame
      let names = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]
      return try FeatureMatrix(columns: names.map { zscore(try frame.column($0).doubles()!.map { log1p($0) }) }, names: names)
    default:
      let url = folder.appendingPathComponent("rfm.json")
      let rfm = try #require((try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])?["perCustomer"] as? [String: [Double]])
      let ids = rfm.keys.sorted { Int($0)! < Int($1)! }
      let columns = (0..<3).map { j in zscore(ids.map { log1p(rfm[$0]![j]) }) }
      return try FeatureMatrix(columns: columns, names: ["recency", "frequency", "monetary"])
    }
  }

  static func zscore(_ v: [Double]) -> [Double] {
    let mean = v.reduce(0, +) / Double(v.count)
    let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)).squareRoot()
    return v.map { ($0 - mean) / sd }
  }

  static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    a == b || abs(a - b) <= tolerance * max(abs(a), abs(b))
  }

  /// Whether two labellings are the same partition (equal up to renaming the labels).
  static func samePartition(_ a: [Int], _ b: [Int]) -> Bool {
    guard a.count == b.count else { return false }
    var forward: [Int: Int] = [:], backward: [Int: Int] = [:]
    for (x, y) in zip(a, b) {
      if forward[x, default: y] != y || backward[y, default: x] != x { return false }
      forward[x] = y
      backward[y] = x
    }
    return true
  }

  static func ref(_ name: String) throws -> [String: Any] { try #require(reference[name] as? [String: Any]) }

  @Test(arguments: sets) func kmeansFromTheSameCentresGivesTheSameLabels(_ name: String) throws {
    guard let x = try Self.features(name) else { return }
    let r = try Self.ref(name)
    let k = r["k"] as! Int
    for algorithm in [KMeans.Algorithm.lloyd, .hamerly] {
      var km = KMeans(k: k)
      km.initialCenters = (r["init_centers"] as! [Double])
      km.algorithm = algorithm
      let fit = try km.fit(x)
      #expect(Self.samePartition(fit.labels, r["kmeans_labels"] as! [Int]), "\(name) \(algorithm)")
      #expect(Self.close(fit.inertia!, r["kmeans_inertia"] as! Double, 1e-9), "\(name) \(algorithm): \(fit.inertia!) vs \(r["kmeans_inertia"]!)")
    }
  }

  @Test(arguments: sets) func kmeansBestOfTenIsWithinATenthOfAPercent(_ name: String) throws {
    guard let x = try Self.features(name) else { return }
    let r = try Self.ref(name)
    var km = KMeans(k: r["k"] as! Int, seed: 0)
    km.nInit = 10
    let mine = try km.fit(x).inertia!
    let theirs = r["best_inertia_n10"] as! Double
    #expect(mine <= theirs * 1.001, "\(name): \(mine) vs scikit-learn \(theirs)")
  }

  @Test(arguments: sets) func hierarchicalLinkagesMatch(_ name: String) throws {
    guard let x = try Self.features(name) else { return }
    let r = try Self.ref(name)
    for linkage in Hierarchical.Linkage.allCases {
      let fit = try Hierarchical(linkage: linkage, k: r["k"] as? Int).fit(x)
      #expect(Self.samePartition(fit.labels, r["hier_" + linkage.rawValue] as! [Int]), "\(name) \(linkage)")
      let heights = fit.merges!.map(\.height)
      let expected = r["heights_" + linkage.rawValue] as! [Double]
      #expect(heights.count == expected.count)
      #expect(zip(heights, expected).allSatisfy { Self.close($0, $1, 1e-9) || abs($0 - $1) < 1e-12 }, "\(name) \(linkage) heights")
    }
  }

  @Test(arguments: sets) func dbscanCoresAndLabelsMatch(_ name: String) throws {
    guard let x = try Self.features(name) else { return }
    let r = try Self.ref(name)
    let fit = try DBSCAN(eps: r["eps"] as! Double, minSamples: r["min_samples"] as! Int).fit(x)
    #expect(fit.coreSamples == (r["dbscan_core"] as! [Int]), "\(name) core samples")
    let expected = r["dbscan_labels"] as! [Int]
    #expect(fit.labels.indices.allSatisfy { (fit.labels[$0] == -1) == (expected[$0] == -1) }, "\(name) noise")
    // Core samples decide the clusters; a border row may join either of two it touches.
    let cores = fit.coreSamples!
    #expect(Self.samePartition(cores.map { fit.labels[$0] }, cores.map { expected[$0] }), "\(name) clusters of core samples")
  }

  @Test(arguments: sets) func gaussianMixturesMatch(_ name: String) throws {
    guard let x = try Self.features(name) else { return }
    let r = try Self.ref(name)
    for covariance in GaussianMixture.Covariance.allCases {
      var gmm = GaussianMixture(k: r["k"] as! Int)
      gmm.covariance = covariance
      gmm.initialLabels = (r["gmm_init_labels"] as! [Int])
      let fit = try gmm.fit(x)
      let mixture = try #require(fit.mixture)
      let e = r["gmm_" + covariance.rawValue] as! [String: Any]
      #expect(Self.close(mixture.logLikelihood, e["score"] as! Double, 1e-6), "\(name) \(covariance): \(mixture.logLikelihood) vs \(e["score"]!)")
      #expect(Self.close(mixture.bic, e["bic"] as! Double, 1e-6), "\(name) \(covariance) bic")
      #expect(Self.close(mixture.aic, e["aic"] as! Double, 1e-6), "\(name) \(covariance) aic")
      #expect(fit.iterations == e["n_iter"] as! Int, "\(name) \(covariance) iterations")
      #expect(Self.samePartition(fit.labels, e["labels"] as! [Int]), "\(name) \(covariance) labels")
    }
  }

  @Test(arguments: sets) func scoresMatch(_ name: String) throws {
    guard let x = try Self.features(name) else { return }
    let r = try Self.ref(name)
    let labels = r["kmeans_labels"] as! [Int]
    let ward = r["hier_ward"] as! [Int]
    #expect(Self.close(try Silhouette.score(x, labels: labels), r["silhouette"] as! Double))
    #expect(Self.close(try ClusterScores.daviesBouldin(x, labels: labels), r["davies_bouldin"] as! Double))
    #expect(Self.close(try ClusterScores.calinskiHarabasz(x, labels: labels), r["calinski_harabasz"] as! Double))
    #expect(Self.close(try LabelAgreement.adjustedRand(labels, ward), r["ari_kmeans_ward"] as! Double))
    #expect(Self.close(try LabelAgreement.normalizedMutualInformation(labels, ward), r["nmi_kmeans_ward"] as! Double))
  }

  @Test(arguments: sets) func kDistancesMatch(_ name: String) throws {
    guard let x = try Self.features(name) else { return }
    let r = try Self.ref(name)
    let mine = try DBSCAN.kDistances(x, k: r["min_samples"] as! Int)
    let theirs = r["kdist"] as! [Double]
    #expect(mine.count == theirs.count)
    #expect(zip(mine, theirs).allSatisfy { Self.close($0, $1, 1e-9) || abs($0 - $1) < 1e-12 })
  }
}
