import SegEngine

/// The clustering methods scripts name, which options each takes, and how an invocation
/// becomes a configured engine clusterer.
enum ClusterMethod: String, CaseIterable {
  case kmeans, minibatch, bisecting, hierarchical, dbscan, gmm, kprototypes

  /// Options that belong to some methods only (the rest apply to all).
  static let optionMethods: [String: Set<ClusterMethod>] = [
    "k": [.kmeans, .minibatch, .bisecting, .hierarchical, .gmm, .kprototypes],
    "seed": [.kmeans, .minibatch, .bisecting, .gmm, .kprototypes],
    "n_init": [.kmeans, .bisecting, .kprototypes],
    "max_iter": [.kmeans, .minibatch, .bisecting, .gmm, .kprototypes],
    "tol": [.kmeans, .bisecting, .gmm],
    "algorithm": [.kmeans],
    "init": [.kmeans, .bisecting],
    "batch_size": [.minibatch],
    "update": [.minibatch],
    "linkage": [.hierarchical],
    "distance": [.hierarchical],
    "max_memory": [.hierarchical],
    "eps": [.dbscan],
    "min_samples": [.dbscan],
    "covariance": [.gmm],
    "reg_covar": [.gmm],
    "probabilities": [.gmm],
    "gamma": [.kprototypes],
  ]

  /// Whether the method compares customers by distance (so columns should share a scale).
  var usesDistances: Bool { self != .gmm }

  /// The options of `cluster` and `sweep` that configure a method.
  static let options: [OptionSpec] = [
    OptionSpec("k", .integer(min: 1), default: .described("none: choose it with sweep"), "how many clusters"),
    OptionSpec("seed", .integer(min: 0), default: "0", "the random seed (same seed, same clusters)"),
    OptionSpec("n_init", .integer(min: 1), default: .described("kmeans: 1 (10 with init=random); bisecting: 1; kprototypes: 10"), "runs from different starts; the best is kept"),
    OptionSpec("max_iter", .integer(min: 1), default: .described("300 (minibatch: 100 passes, gmm: 100, kprototypes: 100)"), "the most iterations"),
    OptionSpec("tol", .number, default: .described("1e-4 (gmm: 1e-3)"), "stop when the centres (or the likelihood) move less than this"),
    OptionSpec("algorithm", .choice(KMeans.Algorithm.allCases.map(\.rawValue)), default: "auto", "lloyd, hamerly (bounds that skip distances), or auto: Lloyd, then Hamerly once few rows move and k ≥ 20"),
    OptionSpec("init", .choice(KMeans.Initialization.allCases.map(\.rawValue)), default: .described("k-means++ (bisecting: random)"), "how starting centres are chosen"),
    OptionSpec("batch_size", .integer(min: 1), default: "1024", "rows per mini-batch"),
    OptionSpec("update", .column, default: .described("none"), "minibatch: continue the model that made these labels with the rows here"),
    OptionSpec("linkage", .choice(Hierarchical.Linkage.allCases.map(\.rawValue)), default: "ward", "how the distance between two groups is measured"),
    OptionSpec("distance", .number, default: .described("none: cut at k"), "cut the tree where merges reach this height"),
    OptionSpec("max_memory", .number, default: "2", "GB complete and average linkage may use"),
    OptionSpec("eps", .number, default: "0.5", "dbscan: how near counts as a neighbour (kdist suggests one)"),
    OptionSpec("min_samples", .integer(min: 1), default: "5", "dbscan: neighbours (itself included) that make a core customer"),
    OptionSpec("covariance", .choice(GaussianMixture.Covariance.allCases.map(\.rawValue)), default: "full", "the shape each cluster may take"),
    OptionSpec("reg_covar", .number, default: "1e-6", "added to the variances so no cluster collapses"),
    OptionSpec("probabilities", .boolean, default: "false", "gmm: add one membership-probability column per cluster"),
    OptionSpec("match", .column, default: .described("none"), "number the clusters like this earlier label column (nearest centres), so names stay"),
    OptionSpec("gamma", .number, default: .described("half the mean standard deviation of the numeric columns"), "kprototypes: the cost of one differing category"),
  ]

  /// Rejects options that the method does not take, naming the methods that do, and a
  /// missing k, before any work starts.
  func check(_ inv: Invocation, needsK: Bool = true) throws {
    if needsK && self != .dbscan && !(self == .hierarchical && inv.number("distance") != nil) {
      _ = try requireK(inv, inv.int("k"))
    }
    for (name, option) in inv.arguments.options {
      guard let methods = Self.optionMethods[name], !methods.contains(self) else { continue }
      let owners = Self.allCases.filter { methods.contains($0) }.map(\.rawValue).joined(separator: ", ")
      throw Diagnostic(message: "\(name)= is not an option of \(rawValue)", range: option.range, label: "\(name)= is for \(owners)")
    }
  }

  /// The engine clusterer the invocation asks for, with `k` and `seed` given.
  /// `k`, or the error that says this method needs one.
  func requireK(_ inv: Invocation, _ k: Int?) throws -> Int {
    guard let k else {
      throw Diagnostic(message: "\(rawValue) needs k= (how many clusters)", range: inv.command.verbRange,
        label: "for example k=5; sweep \(rawValue) … k=2..10 compares choices")
    }
    return k
  }

  func clusterer(_ inv: Invocation, k: Int?, seed: UInt64, categorical: [CategoricalFeature]) throws -> any Clusterer {
    func requireK() throws -> Int { try self.requireK(inv, k) }
    switch self {
    case .kmeans:
      var m = KMeans(k: try requireK(), seed: seed)
      m.nInit = inv.int("n_init")
      if let v = inv.int("max_iter") { m.maxIter = v }
      if let v = inv.number("tol") { m.tol = v }
      m.algorithm = inv.choice("algorithm", as: KMeans.Algorithm.self) ?? .auto
      if let v = inv.choice("init", as: KMeans.Initialization.self) { m.initialization = v }
      return m
    case .minibatch:
      var m = MiniBatchKMeans(k: try requireK(), seed: seed)
      if let v = inv.int("batch_size") { m.batchSize = v }
      if let v = inv.int("max_iter") { m.maxIter = v }
      return m
    case .bisecting:
      var m = BisectingKMeans(k: try requireK(), seed: seed)
      if let v = inv.int("n_init") { m.nInit = v }
      if let v = inv.int("max_iter") { m.maxIter = v }
      if let v = inv.number("tol") { m.tol = v }
      if let v = inv.choice("init", as: KMeans.Initialization.self) { m.initialization = v }
      return m
    case .hierarchical:
      let distance = inv.number("distance")
      if distance != nil, let r = inv.range(of: "k") {
        throw Diagnostic(message: "give k= or distance=, not both", range: r)
      }
      var m = Hierarchical(linkage: inv.choice("linkage", as: Hierarchical.Linkage.self) ?? .ward, k: distance == nil ? try requireK() : nil, distance: distance)
      if let gb = inv.number("max_memory") { m.memoryLimit = Int(min(gb, 1e6) * Double(1 << 30)) }
      return m
    case .dbscan:
      return DBSCAN(eps: inv.number("eps") ?? 0.5, minSamples: inv.int("min_samples") ?? 5)
    case .gmm:
      var m = GaussianMixture(k: try requireK(), seed: seed)
      m.covariance = inv.choice("covariance", as: GaussianMixture.Covariance.self) ?? .full
      if let v = inv.number("reg_covar") { m.regCovar = v }
      if let v = inv.int("max_iter") { m.maxIter = v }
      if let v = inv.number("tol") { m.tol = v }
      return m
    case .kprototypes:
      var m = KPrototypes(k: try requireK(), categorical: categorical, seed: seed)
      m.gamma = inv.number("gamma")
      if let v = inv.int("n_init") { m.nInit = v }
      if let v = inv.int("max_iter") { m.maxIter = v }
      return m
    }
  }
}

/// A fitted clustering the session keeps under its label column's name.
struct StoredClustering {
  var method: ClusterMethod
  var fit: ClusterFit
  /// The frame it was fitted on and the columns it read.
  var frame: String
  var columns: [String]
  /// The configured method and the rows it read, to fit again with other seeds (stability).
  var clusterer: any Clusterer
  var matrix: FeatureMatrix
  /// The preparation steps of the frame when it was fitted, which a saved model replays.
  var pipeline: [FittedStep]
}

/// One row of a `sweep` table.
struct SweepRow: Sendable, Equatable {
  var k: Int
  var inertia: Double?
  var silhouette: Double?
  var daviesBouldin: Double?
  var calinskiHarabasz: Double?
  var bic: Double?
  var aic: Double?
  var stability: Double?
}

/// The outcome of a `sweep`: its rows, the elbow's knee and the suggested k.
struct SweepResult: Sendable, Equatable {
  var method: String
  var rows: [SweepRow]
  var knee: Int?
  var suggested: Int?
  var reason: String
}
