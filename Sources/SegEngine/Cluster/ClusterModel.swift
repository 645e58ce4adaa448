/// A fitted clustering that can label new rows and be saved as JSON.
public struct ClusterModel: Sendable, Equatable {
  /// The method that made it (`kmeans`, `gmm`, …), one of `ClusteringMethods.all`.
  public var method: String
  /// The feature columns, in the order the model reads them.
  public var features: [String]
  /// Number of clusters (not counting noise).
  public var k: Int
  /// One centre per cluster (row-major k × d), for every method that has centres.
  public var centers: [Double]
  /// Resolved hyperparameters, written as in scripts, for reports and manifests.
  public var parameters: [String: String]
  /// What the method keeps beyond the centres to label new rows.
  public var rule: AssignmentRule
  /// The number each fitted cluster is shown as (set when a refit is matched to an earlier
  /// clustering); nil keeps the fitted numbers.
  public var relabel: [Int]?

  public init(method: String, features: [String], k: Int, centers: [Double], parameters: [String: String], rule: AssignmentRule = .nearestCenter) {
    self.method = method
    self.features = features
    self.k = k
    self.centers = centers
    self.parameters = parameters
    self.rule = rule
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
    switch rule {
    case .nearestCenter, .runningMeans: return try NearestCenters.labels(of: x, centers: centers, k: k).labels.map(Int.init)
    case .tree(let tree): return BisectingKMeans.assign(x, tree: tree)
    case .mixture(let mixture): return try GaussianMixture.predict(x, mixture).labels
    case .density(let density): return try DBSCAN.assign(x, density)
    case .prototypes(let parameters): return try KPrototypes.assign(x, categorical: categorical, centers: centers, parameters)
    }
  }

  /// The categorical columns a k-prototypes model reads besides `features`.
  public var categoricalColumns: [String] {
    if case .prototypes(let p) = rule { return p.columns }
    return []
  }
}

/// How a fitted clustering labels a new row, with what it learned for that beyond the centres.
public enum AssignmentRule: Sendable, Equatable {
  /// The nearest centre (k-means, hierarchical).
  case nearestCenter
  /// The nearest centre, with the rows each centre has taken so far, so later batches move it
  /// as a running mean (mini-batch k-means).
  case runningMeans(counts: [Double])
  /// Down the split tree to the nearer child (bisecting k-means).
  case tree([BisectingNode])
  /// The most probable component (Gaussian mixtures).
  case mixture(MixtureParameters)
  /// The label of the nearest core sample within eps, else noise (DBSCAN).
  case density(DensityParameters)
  /// The nearest prototype by numeric distance plus gamma per categorical mismatch (k-prototypes).
  case prototypes(CategoricalParameters)
}

/// The model file keeps the layout it had when these parts were optional fields: one key per
/// method's part, absent for the others.
extension ClusterModel: Codable {
  private enum CodingKeys: String, CodingKey {
    case method, features, k, centers, parameters, tree, mixture, density, categorical, counts, relabel
  }

  public init(from decoder: any Swift.Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    method = try c.decode(String.self, forKey: .method)
    features = try c.decode([String].self, forKey: .features)
    k = try c.decode(Int.self, forKey: .k)
    centers = try c.decode([Double].self, forKey: .centers)
    parameters = try c.decode([String: String].self, forKey: .parameters)
    relabel = try c.decodeIfPresent([Int].self, forKey: .relabel)
    var rules: [AssignmentRule] = []
    if let v = try c.decodeIfPresent([Double].self, forKey: .counts) { rules.append(.runningMeans(counts: v)) }
    if let v = try c.decodeIfPresent([BisectingNode].self, forKey: .tree) { rules.append(.tree(v)) }
    if let v = try c.decodeIfPresent(MixtureParameters.self, forKey: .mixture) { rules.append(.mixture(v)) }
    if let v = try c.decodeIfPresent(DensityParameters.self, forKey: .density) { rules.append(.density(v)) }
    if let v = try c.decodeIfPresent(CategoricalParameters.self, forKey: .categorical) { rules.append(.prototypes(v)) }
    guard rules.count <= 1 else { throw ModelProblem("clusterer holds the fitted parts of more than one method") }
    rule = rules.first ?? .nearestCenter
  }

  public func encode(to encoder: any Swift.Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(method, forKey: .method)
    try c.encode(features, forKey: .features)
    try c.encode(k, forKey: .k)
    try c.encode(centers, forKey: .centers)
    try c.encode(parameters, forKey: .parameters)
    switch rule {
    case .nearestCenter: break
    case .runningMeans(let counts): try c.encode(counts, forKey: .counts)
    case .tree(let tree): try c.encode(tree, forKey: .tree)
    case .mixture(let mixture): try c.encode(mixture, forKey: .mixture)
    case .density(let density): try c.encode(density, forKey: .density)
    case .prototypes(let parameters): try c.encode(parameters, forKey: .categorical)
    }
    try c.encodeIfPresent(relabel, forKey: .relabel)
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

/// The result of fitting: a label per row, the model that made them, and what the method
/// measures of its own fit.
public struct ClusterFit: Sendable {
  public var labels: [Int]
  public var model: ClusterModel
  public var measures: FitMeasures
  public var iterations: Int = 0
  public var converged: Bool = true

  public init(labels: [Int], model: ClusterModel, measures: FitMeasures, iterations: Int = 0, converged: Bool = true) {
    self.labels = labels
    self.model = model
    self.measures = measures
    self.iterations = iterations
    self.converged = converged
  }

  /// Sum of squared distances to the centres (k-prototypes: its cost), for methods that minimise it.
  public var inertia: Double? {
    switch measures {
    case .inertia(let v), .hierarchy(_, let v): v
    case .mixture, .density: nil
    }
  }

  /// Hierarchical: the merges, as SciPy's linkage matrix.
  public var merges: [Merge]? {
    if case .hierarchy(let merges, _) = measures { return merges }
    return nil
  }

  /// Gaussian mixtures: likelihood, information criteria and membership probabilities.
  public var mixture: MixtureFit? {
    if case .mixture(let m) = measures { return m }
    return nil
  }

  /// DBSCAN: the rows that are core samples.
  public var coreSamples: [Int]? {
    if case .density(let cores) = measures { return cores }
    return nil
  }
}

/// What a clustering method measures of its own fit.
public enum FitMeasures: Sendable {
  /// The sum of squared distances it minimised.
  case inertia(Double)
  /// The merges of an agglomerative clustering and the inertia of the cut.
  case hierarchy(merges: [Merge], inertia: Double)
  case mixture(MixtureFit)
  /// The rows that are core samples.
  case density(coreSamples: [Int])
}

/// How well a Gaussian mixture fits: mean log-likelihood per row, the information criteria,
/// and each row's membership probability per component (row-major n × k).
public struct MixtureFit: Sendable {
  public var logLikelihood: Double
  public var bic: Double
  public var aic: Double
  public var probabilities: [Double]
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
