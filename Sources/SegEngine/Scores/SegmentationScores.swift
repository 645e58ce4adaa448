/// How well a segmentation's scored rows separate, as `evaluate` reports it: inertia,
/// silhouette (on a seeded sample when asked), Davies-Bouldin and Calinski-Harabasz, and per
/// segment its size and mean silhouette.
public struct SegmentationScores: Sendable {
  public let rows: Int
  public let clusters: Int
  public let inertia: Double
  public let silhouette: Double
  /// The rows the silhouette was measured on, when a sample.
  public let silhouetteSample: Int?
  public let daviesBouldin: Double
  public let calinskiHarabasz: Double
  public let segments: [Segment]

  /// One segment: its label, rows, share of the scored rows, and mean silhouette of its
  /// sampled rows (nil when none was sampled).
  public struct Segment: Sendable, Equatable {
    public let label: Int
    public let rows: Int
    public let share: Double
    public let silhouette: Double?
  }

  public init(_ scored: ScoredRows, sample: Int?, seed: UInt64) throws {
    let (x, labels) = (scored.x, scored.labels)
    let (sampledRows, silhouettes) = try Silhouette.sampled(x, labels: labels, sample: sample, seed: seed)
    rows = x.rows
    clusters = Set(labels).count
    inertia = ClusterScores.inertia(x, labels: labels)
    silhouette = Statistics.mean(silhouettes)
    silhouetteSample = sample
    daviesBouldin = try ClusterScores.daviesBouldin(x, labels: labels)
    calinskiHarabasz = try ClusterScores.calinskiHarabasz(x, labels: labels)
    var sizes: [Int: Int] = [:]
    for l in labels { sizes[l, default: 0] += 1 }
    let sampled = Silhouette.byLabel(rows: sampledRows, values: silhouettes, labels: labels)
    segments = sizes.keys.sorted().map { l in
      Segment(label: l, rows: sizes[l]!, share: Double(sizes[l]!) / Double(x.rows), silhouette: sampled[l].map { $0.reduce(0, +) / Double($0.count) })
    }
  }
}

extension ScoredRows {
  /// How alike these labels are to `other` (whole-number labels of the same frame's rows) on
  /// the scored rows both label: adjusted Rand index and normalised mutual information.
  public func agreement(with other: [Double]) throws -> (adjustedRand: Double, mutualInformation: Double) {
    let both = scored.filter { $0 < other.count && !other[$0].isNaN }
    let a = both.map { Int(all[$0]) }, b = both.map { Int(other[$0]) }
    return (try LabelAgreement.adjustedRand(a, b), try LabelAgreement.normalizedMutualInformation(a, b))
  }
}
