import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Chart data against numpy and SciPy, and the manifest's SHA-256 against hashlib
/// (Reference/charts.json, made by scripts/make-reference-charts.py).
@Suite struct ChartReferenceTests {
  nonisolated(unsafe) static let reference: [String: Any] = {
    let url = ClusterReferenceTests.folder.appendingPathComponent("charts.json")
    guard let data = try? Data(contentsOf: url) else { return [:] }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
  }()

  static var histograms: [String: [String: Any]] { reference["histograms"] as? [String: [String: Any]] ?? [:] }

  /// The values a histogram reference was computed on, or nil when the real data is absent.
  static func values(_ name: String) throws -> [Double]? {
    let parts = name.split(separator: "_")
    if parts[0] == "blobs" {
      let frame = try CSVReader.read(path: ClusterReferenceTests.folder.appendingPathComponent("cluster_blobs.csv").path).frame
      return try frame.column(String(parts[1])).doubles()
    }
    guard let path = SharedData.path("wholesale_customers.csv") else {
      print("skipping \(name): \(SharedData.folder) is absent")
      return nil
    }
    return try CSVReader.read(path: path).frame.column(String(parts[1])).doubles()
  }

  @Test(arguments: ["blobs_x0_7", "blobs_x2_20", "wholesale_Fresh_10", "wholesale_Milk_25"])
  func histogramMatchesNumpy(_ name: String) throws {
    guard let values = try Self.values(name) else { return }
    let r = try #require(Self.histograms[name])
    let h = Histogram.of(values, bins: r["bins"] as! Int)
    #expect(h.counts == r["counts"] as! [Int])
    let edges = r["edges"] as! [Double]
    #expect(zip(h.edges, edges).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }, "\(h.edges) vs \(edges)")
  }

  @Test(arguments: ["blobs", "wholesale"], [Hierarchical.Linkage.ward, .average])
  func truncatedDendrogramMatchesSciPy(_ set: String, _ linkage: Hierarchical.Linkage) throws {
    guard let x = try ClusterReferenceTests.features(set) else { return }
    let merges = try #require(try Hierarchical(linkage: linkage, k: 2).fit(x).merges)
    let dendrograms = try #require(Self.reference["dendrograms"] as? [String: [String]])
    for p in [5, 12, 30] {
      let expected = try #require(dendrograms["\(set)_\(linkage.rawValue)_\(p)"])
      // SciPy names a single row by its 0-based number, seg by "row" and its 1-based number.
      let ours = Dendrogram.top(of: merges, rows: x.rows, leafCount: p).leaves.map { $0.hasPrefix("row ") ? String(Int($0.dropFirst(4))! - 1) : $0 }
      #expect(ours == expected, "\(set) \(linkage) p=\(p)")
    }
  }

  @Test func sha256MatchesHashlib() throws {
    let digests = try #require(Self.reference["sha256"] as? [String: String])
    #expect(Fingerprint.hex(Data()) == digests[""])
    #expect(Fingerprint.hex(Data("abc".utf8)) == digests["abc"])
    #expect(Fingerprint.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)) == digests["a*1000000"])
    let file = ClusterReferenceTests.folder.appendingPathComponent("cluster_blobs.csv").path
    let (size, digest) = try Fingerprint.file(file)
    #expect(digest == digests["cluster_blobs.csv"])
    #expect(size == (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int))
  }
}
