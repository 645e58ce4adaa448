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

  /// Davies-Bouldin index: the mean over clusters of the worst ratio of summed spreads to
  /// centroid distance (lower is better).
  public static func daviesBouldin(_ x: FeatureMatrix, labels: [Int]) throws -> Double {
    let codes = try requireScorable(x, labels, "Davies-Bouldin")
    let m = codes.count, d = x.dims
    let c = centroidsOf(x, codes.codes, codes.count)
    var spread = [Double](repeating: 0, count: m)
    for i in 0..<x.rows { spread[codes.codes[i]] += squaredDistance(x.values, i, c, codes.codes[i], d).squareRoot() }
    let sizes = codes.sizes
    for a in 0..<m { spread[a] /= Double(sizes[a]) }
    var between = [Double](repeating: 0, count: m * m)
    for a in 0..<m { for b in 0..<m { between[a * m + b] = squaredDistance(c, a, c, b, d).squareRoot() } }
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

  /// Calinski-Harabasz index: between-cluster over within-cluster dispersion, each per
  /// degree of freedom (higher is better).
  public static func calinskiHarabasz(_ x: FeatureMatrix, labels: [Int]) throws -> Double {
    let codes = try requireScorable(x, labels, "Calinski-Harabasz")
    let m = codes.count, d = x.dims, n = x.rows
    let c = centroidsOf(x, codes.codes, codes.count)
    let mean = x.means()
    let sizes = codes.sizes
    var extra = 0.0
    for a in 0..<m {
      var s = 0.0
      for j in 0..<d { s += (c[a * d + j] - mean[j]) * (c[a * d + j] - mean[j]) }
      extra += Double(sizes[a]) * s
    }
    var intra = 0.0
    for i in 0..<n { intra += squaredDistance(x.values, i, c, codes.codes[i], d) }
    return intra == 0 ? 1 : extra * Double(n - m) / (intra * Double(m - 1))
  }

  /// NumPy's `allclose(v, 0)`: every value within 1e-8 of zero.
  private static func allClose(_ v: [Double]) -> Bool { v.allSatisfy { abs($0) <= 1e-8 } }
}
