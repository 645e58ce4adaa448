/// Internal scores of one labelling, computed as scikit-learn's metrics define them.
public enum ClusterScores {
  /// Sum of squared distances from each row to its cluster's mean.
  public static func inertia(_ x: FeatureMatrix, labels: [Int]) -> Double {
    let codes = LabelCodes(labels)
    let c = centroidsOf(x, codes.codes, codes.count)
    var s = 0.0
    for i in 0..<x.rows { s += squaredDistance(x.values, i, c, codes.codes[i], x.dims) }
    return s
  }

  /// What the scores need of one cluster: a cluster library computes these where the rows are.
  public struct Summary: Sendable, Equatable {
    public var size: Int
    public var centroid: [Double]
    /// Sum of squared distances from its rows to the centroid.
    public var withinSS: Double
    /// Mean distance from its rows to the centroid.
    public var meanDistance: Double
    public init(size: Int, centroid: [Double], withinSS: Double, meanDistance: Double) {
      self.size = size
      self.centroid = centroid
      self.withinSS = withinSS
      self.meanDistance = meanDistance
    }
  }

  /// Davies-Bouldin index: the mean over clusters of the worst ratio of summed spreads to
  /// centroid distance (lower is better).
  public static func daviesBouldin(_ x: FeatureMatrix, labels: [Int]) throws -> Double {
    try daviesBouldin(summaries(x, try requireScorable(x, labels, "Davies-Bouldin")))
  }

  /// Calinski-Harabasz index: between-cluster over within-cluster dispersion, each per
  /// degree of freedom (higher is better).
  public static func calinskiHarabasz(_ x: FeatureMatrix, labels: [Int]) throws -> Double {
    try calinskiHarabasz(summaries(x, try requireScorable(x, labels, "Calinski-Harabasz")), mean: x.means())
  }

  public static func daviesBouldin(_ clusters: [Summary]) throws -> Double {
    try requireSummaries(clusters, "Davies-Bouldin")
    let m = clusters.count
    let spread = clusters.map(\.meanDistance)
    var between = [Double](repeating: 0, count: m * m)
    for a in 0..<m { for b in 0..<m { between[a * m + b] = distance(clusters[a].centroid, clusters[b].centroid) } }
    if allClose(spread) || allClose(between) { return 0 }
    var total = 0.0
    for a in 0..<m {
      var worst = 0.0
      for b in 0..<m where between[a * m + b] != 0 {
        worst = max(worst, (spread[a] + spread[b]) / between[a * m + b])
      }
      total += worst
    }
    return total / Double(m)
  }

  /// From the clusters alone the overall mean is their size-weighted centroid.
  public static func calinskiHarabasz(_ clusters: [Summary], mean given: [Double]? = nil) throws -> Double {
    try requireSummaries(clusters, "Calinski-Harabasz")
    let m = clusters.count, n = clusters.reduce(0) { $0 + $1.size }
    let d = clusters[0].centroid.count
    let mean = given ?? (0..<d).map { j in clusters.reduce(0.0) { $0 + Double($1.size) * $1.centroid[j] } / Double(n) }
    var extra = 0.0
    for c in clusters { extra += Double(c.size) * squaredGap(c.centroid, mean) }
    let intra = clusters.reduce(0.0) { $0 + $1.withinSS }
    return intra == 0 ? 1 : extra * Double(n - m) / (intra * Double(m - 1))
  }

  static func summaries(_ x: FeatureMatrix, _ codes: LabelCodes) -> [Summary] {
    let m = codes.count, d = x.dims
    let c = centroidsOf(x, codes.codes, m)
    var squared = [Double](repeating: 0, count: m), spread = [Double](repeating: 0, count: m)
    for i in 0..<x.rows {
      let s = squaredDistance(x.values, i, c, codes.codes[i], d)
      squared[codes.codes[i]] += s
      spread[codes.codes[i]] += s.squareRoot()
    }
    let sizes = codes.sizes
    return (0..<m).map { a in
      Summary(size: sizes[a], centroid: Array(c[a * d..<(a + 1) * d]), withinSS: squared[a], meanDistance: spread[a] / Double(sizes[a]))
    }
  }

  private static func requireSummaries(_ clusters: [Summary], _ score: String) throws {
    let n = clusters.reduce(0) { $0 + $1.size }
    guard clusters.count >= 2 && clusters.count < n else {
      throw EngineError.unsupported(
        "\(score) needs at least 2 clusters and fewer clusters than rows; the labels make \(clusters.count) cluster\(clusters.count == 1 ? "" : "s") of \(n) row\(n == 1 ? "" : "s")")
    }
  }

  private static func squaredGap(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for j in a.indices { s += (a[j] - b[j]) * (a[j] - b[j]) }
    return s
  }

  private static func distance(_ a: [Double], _ b: [Double]) -> Double { squaredGap(a, b).squareRoot() }

  /// NumPy's `allclose(v, 0)`: every value within 1e-8 of zero.
  private static func allClose(_ v: [Double]) -> Bool { v.allSatisfy { abs($0) <= 1e-8 } }
}
