import Foundation
import SegEngine
import Testing
@testable import SegLang

/// cluster, sweep, evaluate and kdist through the language, and the mistakes users make.
@Suite struct ClusterCommandTests {
  static let setup = """
    sample customers n=400 seed=5
    impute age income strategy=median
    scale age income web_visits method=zscore

    """

  static func labels(_ h: SessionHarness, _ name: String) throws -> [Int?] {
    let c = try h.session.env.catalog.current().frame.column(name)
    return (0..<c.count).map { if case .int(let v) = c.value(at: $0) { v } else { nil } }
  }

  /// Every method labels every row through the language, and the label equals the engine's.
  @Test(arguments: [
    "kmeans age income web_visits k=3 seed=2",
    "minibatch age income web_visits k=3 seed=2 batch_size=64",
    "bisecting age income web_visits k=3 seed=2",
    "hierarchical age income web_visits k=3 linkage=average",
    "dbscan age income web_visits eps=0.4 min_samples=8",
    "gmm age income web_visits k=3 covariance=diag seed=2",
    "kprototypes age income region k=3 seed=2",
  ])
  func everyMethodLabelsEveryRow(_ call: String) throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "cluster \(call) as seg") == "")
    let labels = try Self.labels(h, "seg")
    #expect(labels.count == 400 && labels.allSatisfy { $0 != nil })
    #expect(h.output.contains { $0.contains("rows into") })
    #expect(h.session.env.catalog.clusterings["seg"] != nil)
  }

  @Test func whereClustersOnlyThoseRowsAndLeavesTheRestMissing() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "cluster kmeans age income k=2 seed=1 where region == \"North\" as north") == "")
    let frame = try h.session.env.catalog.current().frame
    let region = try frame.column("region")
    let labels = try Self.labels(h, "north")
    for i in 0..<frame.rowCount { #expect((labels[i] != nil) == (region.value(at: i) == .string("North"))) }
  }

  @Test func sameSeedSameOutputDifferentSeedMayDiffer() throws {
    let a = SessionHarness(), b = SessionHarness()
    let script = Self.setup + "sweep kmeans age income web_visits k=2..5 seed=4\ncluster kmeans age income web_visits k=4 seed=4\nevaluate cluster stability=3"
    #expect(a.run(script) == "")
    #expect(b.run(script) == "")
    #expect(a.output == b.output)
  }

  @Test func sweepSuggestsAKneeOrTheBestSilhouette() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "sweep kmeans age income web_visits k=2..7 seed=1") == "")
    let sweep = try #require(h.session.env.catalog.lastSweep)
    #expect(sweep.rows.map(\.k) == Array(2...7))
    #expect(sweep.suggested != nil)
    #expect(h.output.contains { $0.hasPrefix("suggested k=") })
    // The table marks the knee; the chart is plot elbow's, drawn once, when asked.
    #expect(h.output.contains { $0.contains("knee") } == (sweep.knee != nil))
    #expect(!h.output.contains { $0.contains("◀ knee") })
    #expect(h.run("plot elbow") == "")
    #expect(h.output.last { $0.contains("◀ knee") } != nil || sweep.knee == nil)
    #expect(h.run("plot elbow score=silhouette") == "")
    #expect(h.output.contains { $0.hasPrefix("silhouette by k") })
    // The table's silhouette equals the score of the same fit.
    let x = try FeatureMatrix(columns: ["age", "income", "web_visits"].map { try h.session.env.catalog.current().frame.modelColumn($0).doubles()! }, names: ["age", "income", "web_visits"])
    let fit = try KMeans(k: 3, seed: 1).fit(x)
    #expect(sweep.rows[1].silhouette == (try Silhouette.score(x, labels: fit.labels)))
  }

  @Test func sweepOfHierarchicalCutsOneTree() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "sweep hierarchical age income k=2..4 linkage=ward\ncluster hierarchical age income k=3 as h3") == "")
    let sweep = try #require(h.session.env.catalog.lastSweep)
    let fit = try #require(h.session.env.catalog.clusterings["h3"]).fit
    #expect(sweep.rows[1].inertia == fit.inertia)
  }

  @Test func evaluateComparesTwoLabellings() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "cluster kmeans age income k=3 seed=1 as a\ncluster kmeans age income k=3 seed=1 as b\nevaluate a compare=b") == "")
    let table = try #require(h.output.last { $0.contains("adjusted_rand") })
    let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("adjusted_rand") })
    #expect(row.split(separator: " ").dropFirst().first == "1", "\(row)")
  }

  @Test func gmmProbabilitiesAreColumnsThatSumToOne() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "cluster gmm age income k=3 seed=1 probabilities=true as g") == "")
    let frame = try h.session.env.catalog.current().frame
    let p = try (0..<3).map { try frame.column("g_p\($0)").doubles()! }
    for i in 0..<frame.rowCount { #expect(abs(p[0][i] + p[1][i] + p[2][i] - 1) < 1e-9) }
  }

  @Test func minibatchUpdateContinuesAModel() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "cluster minibatch age income k=3 seed=1 as mb\ncluster minibatch age income k=3 update=mb as mb2") == "")
    #expect(try Self.labels(h, "mb2").allSatisfy { $0 != nil })
  }

  @Test func kdistSuggestsAnEps() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "kdist age income web_visits min_samples=5") == "")
    #expect(h.output.contains { $0.hasPrefix("suggested eps=") })
  }

  @Test func completionOffersTheChosenMethodsOptions() {
    let h = SessionHarness()
    _ = h.run(Self.setup)
    func options(_ line: String) -> [String] { h.session.completions(line: line, cursor: line.utf8.count).candidates }
    #expect(options("cluster ") == ["kmeans", "minibatch", "bisecting", "hierarchical", "dbscan", "gmm", "kprototypes"])
    #expect(options("cluster k") == ["kmeans", "kprototypes"])
    #expect(options("cluster kmeans a").contains("age"))
    #expect(options("cluster kmeans age income li").isEmpty)
    #expect(options("cluster hierarchical age income li") == ["linkage="])
    #expect(options("sweep gmm age income co") == ["covariance="])
    #expect(options("cluster dbscan age e").contains("eps="))
    #expect(!options("cluster kmeans age e").contains("eps="))
    #expect(options("help cluster g") == ["gmm"])
    #expect(options("help plot h") == ["hist", "holdout"])
    #expect(options("help clu") == ["cluster"])
    #expect(options("help filter x").isEmpty)
  }

  static let mistakes: [(String, String)] = [
    ("sample customers n=50 seed=1\ncluster kmeans age income k=2", "column \"age\" has"),
    (setup + "cluster kmeans age region k=2", "region\" is string; kmeans compares numbers"),
    (setup + "cluster kmeans age income", "kmeans needs k="),
    (setup + "cluster kmeans age income k=2 linkage=ward", "linkage= is not an option of cluster kmeans"),
    (setup + "cluster kmeans age income k=500", "there are only 400 rows"),
    (setup + "sweep dbscan age income", "dbscan has no k to sweep"),
    (setup + "sweep kmeans age income k=2..900", "needs at least 900 rows"),
    (setup + "evaluate age", "no clustering in this session made age"),
    (setup + "derive two = 2\ncluster kmeans two k=2", "nothing to split"),
    (setup + "cluster hierarchical age income k=2 distance=1", "give k= or distance=, not both"),
    (setup + "cluster kmeans age income k=2 update=nope", "update= is not an option of cluster kmeans"),
    (setup + "cluster minibatch age income k=2 update=nope", "no clustering made nope"),
    (setup + "cluster kmeans age income k=2 seed=1 as a\nevaluate a stability=3 using=age", ""),
    (setup + "sweep kmeans age income k=2..4 stability=1", "stability= needs at least 2 runs"),
    (setup + "cluster kmeans age income k=2 seed=1 as a\nderive d = age / 7\nevaluate a compare=d", "whole-number segment labels to compare with"),
    (setup + "cluster kmeans age income k=2 seed=1 as a\nevaluate a stability=1", "stability= needs at least 2 runs"),
  ]

  @Test(arguments: mistakes) func mistakesGiveAClearError(_ script: String, _ expected: String) {
    let h = SessionHarness()
    let problems = h.run(script)
    if expected.isEmpty {
      #expect(problems == "")
    } else {
      #expect(problems.contains(expected), "got: \(problems)")
    }
  }
}
