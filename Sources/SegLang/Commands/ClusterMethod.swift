import SegEngine

/// The clustering methods scripts name. Their hyperparameters, defaults and bounds come from
/// the engine's parameter tables; this adds what the language does around a fit.
enum ClusterMethod: String, CaseIterable {
  case kmeans, minibatch, bisecting, hierarchical, dbscan, gmm, kprototypes

  /// The engine's method of this name.
  var estimator: any ConfigurableClusterer.Type { ClusteringMethods.named(rawValue)! }

  /// Whether the method compares customers by distance (so columns should share a scale).
  var usesDistances: Bool { self != .gmm }

  /// Whether the method draws anything at random (so its seed is worth reporting).
  var isSeeded: Bool { estimator.parameters.parameter("seed") != nil }

  /// What `cluster` adds to the methods' parameters, and which methods take it (nil: all).
  static let clusterOptions: [(option: OptionSpec, methods: Set<ClusterMethod>?)] = [
    (OptionSpec("update", .column, default: .described("none"), "continue the k-means or mini-batch model that made these labels with the rows here as one more batch"), [.minibatch]),
    (OptionSpec("probabilities", .boolean, default: "false", "add one membership-probability column per cluster"), [.gmm]),
    (OptionSpec("match", .column, default: .described("none"), "number the clusters like this earlier label column (nearest centres), so names stay"), nil),
    (OptionSpec("replace", .boolean, default: .described("false: refuse"), "overwrite a column of the label's name that no clustering made"), nil),
  ]

  /// The options of `cluster` (or, with `sweeping`, of `sweep`, whose k is a range) for
  /// every method: its parameter table, then what the command adds.
  static func variants(sweeping: Bool = false, adding extra: [(option: OptionSpec, methods: Set<ClusterMethod>?)]) -> CommandVariants {
    let methods = sweeping ? allCases.filter { $0 != .dbscan } : allCases
    return CommandVariants(
      slot: "method",
      methods.map { method in
        let own = method.estimator.parameters.parameters.filter { !sweeping || ($0.name != "k" && $0.name != "distance") }.map(OptionSpec.init)
        return (method.rawValue, own + extra.filter { $0.methods?.contains(method) ?? true }.map(\.option))
      },
      oneOf: sweeping ? [:] : Dictionary(uniqueKeysWithValues: methods.map { ($0.rawValue, $0.estimator.parameters.oneOf) }))
  }

  /// The engine clusterer the invocation's options configure; `k` (sweep) overrides k=.
  func clusterer(_ inv: Invocation, k: Int? = nil, categorical: [CategoricalFeature]) throws -> any Clusterer {
    let clusterer = try estimator.init(try inv.parameterValues(estimator.parameters, overriding: k.map { ["k": .integer($0)] } ?? [:]))
    guard var prototypes = clusterer as? KPrototypes else { return clusterer }
    prototypes.categorical = categorical
    return prototypes
  }
}

extension Expression {
  /// A literal option value as an engine hyperparameter value (nil for anything else).
  var parameterValue: ParameterValue? {
    switch kind {
    case .integer(let v): .integer(v)
    case .decimal(let v), .percent(let v): .number(v)
    case .name(let w), .string(let w): .word(w)
    case .boolean(let b): .boolean(b)
    default: nil
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
  /// The frame as it was clustered and the rows clustered: what a saved model's baseline
  /// describes (gathered only when a model is saved).
  var input: DataFrame
  var rows: [Int]
}
