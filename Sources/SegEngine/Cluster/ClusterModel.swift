/// A fitted clustering that can label new rows and be saved as JSON.
public struct ClusterModel: Codable, Sendable, Equatable {
  /// The method that made it (`kmeans`, `gmm`, …).
  public var method: String
  /// The feature columns, in the order the model reads them.
  public var features: [String]
  /// Number of clusters (not counting noise).
  public var k: Int
  /// One centre per cluster (row-major k × d), for every method that has centres.
  public var centers: [Double]
  /// Resolved hyperparameters, written as in scripts, for reports and manifests.
  public var parameters: [String: String]
  /// Bisecting k-means: the split tree assignment walks down.
  public var tree: [BisectingNode]?
  /// Gaussian mixtures: the fitted densities.
  public var mixture: MixtureParameters?
  /// DBSCAN: the core samples and their labels; new rows join the nearest core within eps.
  public var density: DensityParameters?
  /// k-prototypes: categorical modes and the weight of a mismatch.
  public var categorical: CategoricalParameters?
  /// Mini-batch k-means: rows seen per centre, so later batches update it as a running mean.
  public var counts: [Double]?
  /// The number each fitted cluster is shown as (set when a refit is matched to an earlier
  /// clustering); nil keeps the fitted numbers.
  public var relabel: [Int]?

  public init(method: String, features: [String], k: Int, centers: [Double], parameters: [String: String]) {
    self.method = method
    self.features = features
    self.k = k
    self.centers = centers
    self.parameters = parameters
  }

  /// Labels rows of the same features (noise is -1). Centroid methods and hierarchical
  /// clusterings give each row its nearest centre.
  public func assign(_ x: FeatureMatrix, categorical: [CategoricalFeature] = []) throws -> [Int] {
    let fitted = try assignFitted(x, categorical: categorical)
    guard let relabel else { return fitted }
    return fitted.map { $0 >= 0 ? relabel[$0] : $0 }
  }

  private func assignFitted(_ x: FeatureMatrix, categorical: [CategoricalFeature]) throws -> [Int] {
    guard x.dims == features.count else {
      throw EngineError.invalidParameter(name: "columns", value: String(x.dims), reason: "the model reads \(features.count) features")
    }
    if let tree { return BisectingKMeans.assign(x, tree: tree) }
    if let mixture { return try GaussianMixture.predict(x, mixture).labels }
    if let density { return try DBSCAN.assign(x, density) }
    if let parameters = self.categorical { return try KPrototypes.assign(x, categorical: categorical, centers: centers, parameters) }
    return try NearestCenters.labels(of: x, centers: centers, k: k).labels.map(Int.init)
  }
}

/// One node of a bisecting k-means tree: a centre, and either two children or a leaf label.
public struct BisectingNode: Codable, Sendable, Equatable {
  public var center: [Double]
  public var children: [Int]?
  public var label: Int?
}

/// The fitted parameters of a Gaussian mixture.
public struct MixtureParameters: Codable, Sendable, Equatable {
  public var covariance: String
  public var weights: [Double]
  /// k × d, row-major.
  public var means: [Double]
  /// The Cholesky factors of the precision matrices, as scikit-learn's precisions_cholesky_
  /// (full: k·d·d, tied: d·d, diag: k·d, spherical: k).
  public var precisionsCholesky: [Double]
}

/// What DBSCAN keeps to label new rows.
public struct DensityParameters: Codable, Sendable, Equatable {
  public var eps: Double
  /// Core samples, row-major.
  public var cores: [Double]
  public var coreLabels: [Int]
}

/// The categorical half of a k-prototypes model.
public struct CategoricalParameters: Codable, Sendable, Equatable {
  public var columns: [String]
  /// Per cluster, per categorical column: the mode.
  public var modes: [[String]]
  public var gamma: Double
}

/// The result of fitting: a label per row and the model that made them.
public struct ClusterFit: Sendable {
  public var labels: [Int]
  public var model: ClusterModel
  /// Sum of squared distances to the centres, for methods with centres.
  public var inertia: Double?
  public var iterations: Int = 0
  public var converged: Bool = true
  /// Gaussian mixtures: mean log-likelihood per row, and the information criteria.
  public var logLikelihood: Double?
  public var bic: Double?
  public var aic: Double?
  /// Gaussian mixtures: membership probability per row and cluster (row-major n × k).
  public var probabilities: [Double]?
  /// DBSCAN: the rows that are core samples.
  public var coreSamples: [Int]?
  /// Hierarchical: the merges, as SciPy's linkage matrix.
  public var merges: [Merge]?

  public init(labels: [Int], model: ClusterModel) {
    self.labels = labels
    self.model = model
  }
}

/// One merge of an agglomerative clustering: clusters `a` and `b` (ids below n are rows,
/// n + i is the cluster merge i made) join at `height` into a cluster of `size` rows.
public struct Merge: Sendable, Equatable, Codable {
  public var a: Int
  public var b: Int
  public var height: Double
  public var size: Int
}

/// A clustering method: hyperparameters in, a fit out.
public protocol Clusterer: Sendable {
  /// The method's name in scripts.
  static var method: String { get }
  func fit(_ x: FeatureMatrix) throws -> ClusterFit
  /// The same method with another seed (itself for methods that draw nothing at random).
  func reseeded(_ seed: UInt64) -> any Clusterer
}

extension Clusterer {
  public func reseeded(_ seed: UInt64) -> any Clusterer { self }
}

/// A clustering method with random steps, all drawn from `seed`.
public protocol SeededClusterer: Clusterer {
  var seed: UInt64 { get set }
}

extension SeededClusterer {
  public func reseeded(_ seed: UInt64) -> any Clusterer {
    var copy = self
    copy.seed = seed
    return copy
  }
}
