/// What a segmentation model remembers of the customers it was fitted on, so `monitor` can
/// tell later whether new customers still look like them: the distributions of the columns
/// it reads (bins and counts, never rows), its segments' sizes, and how far customers lay
/// from their nearest centre.
public struct ModelBaseline: Codable, Sendable, Equatable {
  public var rows: Int
  public var features: [FeatureDistribution]
  /// Segment labels (noise -1 included) and the customers in each at fit time.
  public var segments: [Int]
  public var segmentCounts: [Int]
  /// The distance from a customer to the nearest centre that 99 % of the fitted customers
  /// were within, in the model's feature space; nil for a model without centres to measure
  /// (dbscan, k-prototypes).
  public var distanceLimit: Double?

  /// The share of fitted customers beyond `distanceLimit`: what a stable population shows.
  public static let expectedFarShare = 0.01
  public static let bins = 10

  /// The baseline of `model` fitted on `fitted`, the rows it clustered: their values of the
  /// columns the model reads (after its unit-keeping steps, as labelling replays them), their
  /// labels, and the clusterer's numbers of the same rows.
  public init(model: SegmentationModel, fitted: DataFrame, labels: [Int], matrix: FeatureMatrix) throws {
    // A column a step replaced in place (one-hot encoding) is no longer there to describe.
    features = model.neededColumns.compactMap { name in (try? fitted.column(name)).map { FeatureDistribution.of($0, bins: Self.bins) } }
    var counts: [Int: Int] = [:]
    for l in labels { counts[l, default: 0] += 1 }
    segments = counts.keys.sorted()
    segmentCounts = segments.map { counts[$0]! }
    rows = labels.count
    distanceLimit = try Self.nearestDistances(model.clusterer, matrix).map { Statistics.quantile(unsorted: $0, 1 - Self.expectedFarShare) }
  }

  /// Each row's distance to the nearest centre, for models whose segments have centres.
  static func nearestDistances(_ clusterer: ClusterModel, _ x: FeatureMatrix) throws -> [Double]? {
    switch clusterer.rule {
    case .density, .prototypes: return nil
    case .nearestCenter, .runningMeans, .tree, .mixture:
      guard clusterer.k > 0, clusterer.centers.count == clusterer.k * x.dims, x.rows > 0 else { return nil }
      return try NearestCenters.labels(of: x, centers: clusterer.centers, k: clusterer.k).distances.map { $0.squareRoot() }
    }
  }

  /// Whether a file's baseline holds together: it is untrusted input.
  func validate(columns needed: [String]) throws {
    guard rows >= 0, segments.count == segmentCounts.count, segmentCounts.allSatisfy({ $0 >= 0 }), Set(segments).count == segments.count else {
      throw ModelProblem("baseline segments and their counts do not match")
    }
    let columns = features.map(\.column)
    guard Set(columns).count == columns.count, Set(columns).isSubset(of: needed) else {
      throw ModelProblem("baseline.features describe columns the model does not read")
    }
    if let distanceLimit, !(distanceLimit.isFinite && distanceLimit >= 0) { throw ModelProblem("baseline.distanceLimit is not a distance") }
    for f in features {
      let bins = f.isCategorical ? f.categories.count : f.edges.count + 1
      guard f.counts.count == bins, f.counts.allSatisfy({ $0 >= 0 }), f.missing >= 0, f.edges.allSatisfy(\.isFinite),
        zip(f.edges, f.edges.dropFirst()).allSatisfy({ $0 < $1 }), f.isCategorical ? f.edges.isEmpty : f.categories.isEmpty
      else { throw ModelProblem("baseline of \(f.column) has bins that do not hold together") }
    }
  }
}
