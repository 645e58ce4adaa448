/// Choosing how many clusters: the method fitted once per k with every score, the elbow's
/// knee (Kneedle) and a suggested k with the reason in words.
public enum ClusterSweep {
  /// Fits `make(k)` for every k (hierarchical: one tree cut at every k) and scores each fit.
  /// The silhouette reads a seeded sample of `sample` rows when given; `stability` ≥ 2 refits
  /// with that many seeds and reports their mean agreement (ARI).
  public static func run(
    _ x: FeatureMatrix, ks: ClosedRange<Int>, method: String, sample: Int?, seed: UInt64, stability: Int,
    make: (Int) throws -> any Clusterer
  ) throws -> SweepResult {
    let tree = method == Hierarchical.method ? try make(ks.lowerBound).fit(x).merges : nil
    var rows: [SweepRow] = []
    for k in ks {
      try CancellationToken.check()
      ProgressReporter.report("sweep: k=\(k), " + ProgressReporter.fraction(k - ks.lowerBound, of: ks.count))
      let clusterer = try make(k)
      var row = SweepRow(k: k)
      let labels: [Int]
      if let tree {
        labels = Hierarchical.cut(tree, n: x.rows, clusters: k)
        row.inertia = ClusterScores.inertia(x, labels: labels)
      } else {
        let fit = try clusterer.fit(x)
        labels = fit.labels
        row.inertia = fit.inertia ?? ClusterScores.inertia(x, labels: labels)
        row.bic = fit.mixture?.bic
        row.aic = fit.mixture?.aic
      }
      if k >= 2 && x.dims > 0 {
        row.silhouette = try Silhouette.score(x, labels: labels, sample: sample, seed: seed)
        row.daviesBouldin = try ClusterScores.daviesBouldin(x, labels: labels)
        row.calinskiHarabasz = try ClusterScores.calinskiHarabasz(x, labels: labels)
      }
      if stability >= 2 && tree == nil {
        row.stability = try LabelAgreement.stability(try (0..<UInt64(stability)).map { try clusterer.reseeded(seed + $0).fit(x).labels })
      }
      rows.append(row)
    }
    return suggestion(method, rows)
  }

  /// The elbow's knee and the k to suggest (gmm: the lowest BIC; else the knee, or the best
  /// silhouette when there is no knee), with the reason in words.
  public static func suggestion(_ method: String, _ rows: [SweepRow]) -> SweepResult {
    let scored = rows.filter { $0.inertia != nil }
    let knee = Kneedle.knee(x: scored.map { Double($0.k) }, y: scored.map { $0.inertia! }).map { scored[$0].k }
    let bestSilhouette = rows.filter { $0.silhouette != nil }.max { $0.silhouette! < $1.silhouette! }?.k
    var result = SweepResult(method: method, rows: rows, knee: knee, suggested: nil, reason: "")
    if method == GaussianMixture.method, let best = rows.filter({ $0.bic != nil }).min(by: { $0.bic! < $1.bic! }) {
      result.suggested = best.k
      result.reason = "the lowest BIC (the best fit after the penalty for more parameters)"
    } else if let knee {
      result.suggested = knee
      result.reason = "the elbow's knee, where more clusters stop paying off" + (bestSilhouette == knee ? ", and the best silhouette" : bestSilhouette.map { " (silhouette is highest at k=\($0))" } ?? "")
    } else if let bestSilhouette {
      result.suggested = bestSilhouette
      result.reason = "the highest silhouette (the inertia curve has no clear elbow)"
    } else {
      result.reason = "no suggestion: try a wider range of k"
    }
    if let k = result.suggested, k == rows.last?.k, rows.count > 1 {
      result.reason += "; it is the largest k tried, so a wider range may suggest more"
    }
    return result
  }
}

/// One k of a sweep and its scores (nil where the method gives none).
public struct SweepRow: Sendable, Equatable {
  public var k: Int
  public var inertia: Double?
  public var silhouette: Double?
  public var daviesBouldin: Double?
  public var calinskiHarabasz: Double?
  public var bic: Double?
  public var aic: Double?
  public var stability: Double?

  public init(k: Int) { self.k = k }

  /// The row's value of `score` (nil when the method or the sweep did not measure it).
  public func value(of score: SweepScore) -> Double? {
    switch score {
    case .inertia: inertia
    case .silhouette: silhouette
    case .daviesBouldin: daviesBouldin
    case .calinskiHarabasz: calinskiHarabasz
    case .bic: bic
    case .aic: aic
    case .stability: stability
    }
  }
}

/// What a sweep measures at each k, named as its table and `plot elbow score=` name it.
public enum SweepScore: String, Sendable, CaseIterable {
  case inertia, silhouette
  case daviesBouldin = "davies_bouldin"
  case calinskiHarabasz = "calinski_harabasz"
  case bic, aic, stability

  /// Which way is better, for the chart's caption.
  public var better: String {
    switch self {
    case .inertia: "lower is tighter; look for the bend"
    case .silhouette, .calinskiHarabasz, .stability: "higher is better"
    case .daviesBouldin, .bic, .aic: "lower is better"
    }
  }
}

/// The outcome of a sweep: its rows, the elbow's knee and the suggested k.
public struct SweepResult: Sendable, Equatable {
  public var method: String
  public var rows: [SweepRow]
  public var knee: Int?
  public var suggested: Int?
  public var reason: String
}
