/// A clustering method whose hyperparameters live in a parameter table: it is configured from
/// named values checked against the table (the language binds `k=6 seed=7` this way).
public protocol ConfigurableClusterer: Clusterer {
  static var parameters: ParameterTable { get }
  /// The method with `values` (checked against `parameters`) and defaults for the rest.
  init(_ values: ParameterValues) throws(EngineError)
}

/// Every clustering method, by the name scripts use.
public enum ClusteringMethods {
  public static let all: [any ConfigurableClusterer.Type] = [
    KMeans.self, MiniBatchKMeans.self, BisectingKMeans.self, Hierarchical.self, DBSCAN.self, GaussianMixture.self, KPrototypes.self,
  ]

  public static func named(_ name: String) -> (any ConfigurableClusterer.Type)? { all.first { $0.method == name } }

  /// The named method configured with `given`, checked against its table.
  public static func make(_ name: String, _ given: [String: ParameterValue]) throws(EngineError) -> any Clusterer {
    guard let type = named(name) else {
      throw .invalidParameter(name: "method", value: name, reason: "the methods are \(all.map { $0.method }.joined(separator: ", "))")
    }
    return try type.init(try ParameterValues(given, for: type.parameters))
  }
}

/// The hyperparameters several clustering methods share, with scikit-learn's names.
extension Parameter {
  static let clusters = Parameter("k", .integer(min: 1, max: 100_000), default: .required, "how many clusters")
  static let seed = Parameter("seed", .integer(min: 0, max: Int.max), default: .value(.integer(0)), "the random seed (same seed, same clusters)")
  static func maxIter(_ value: Int, _ doc: String = "the most iterations") -> Parameter {
    Parameter("max_iter", .integer(min: 1, max: 1_000_000), default: .value(.integer(value)), doc)
  }
  static func tol(_ value: Double, _ doc: String = "stop when the centres move less than this (scaled by the mean variance)") -> Parameter {
    Parameter("tol", .number(.nonNegative), default: .value(.number(value)), doc)
  }
  static func nInit(_ value: ParameterDefault) -> Parameter {
    Parameter("n_init", .integer(min: 1, max: 1_000), default: value, "runs from different starts; the best is kept")
  }
  static func initialization(_ value: KMeans.Initialization) -> Parameter {
    Parameter("init", .choice(KMeans.Initialization.allCases.map(\.rawValue)), default: .value(.word(value.rawValue)), "how starting centres are chosen")
  }
}

extension ParameterValues {
  /// The seed, as the generator takes it.
  var seed: UInt64 { UInt64(int("seed") ?? 0) }
}
