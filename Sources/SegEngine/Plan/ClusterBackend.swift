/// A backend where frames stay on a cluster as plans and only results come back: Spark through
/// Spark Connect. A frame there is a `LogicalPlan` whose scans name the sources it registered.
public protocol ClusterBackend: AnyObject, Sendable {
  /// What it is and where, without credentials: "Spark 4.1.1 at sc://host:15002".
  var description: String { get }
  /// Makes a source the cluster reads (a file it can see, a table, a query) a frame.
  func read(_ source: ClusterSource) throws -> ClusterFrame
  /// A frame of seg's put on the cluster (as an Arrow stream in one message), as a frame there.
  func upload(_ frame: DataFrame) throws -> ClusterFrame
  /// The columns `plan` gives, with their types, as the cluster resolves them.
  func schema(of plan: LogicalPlan) throws -> [(name: String, type: DataType)]
  /// The first `limit` rows of `plan` in seg's row order (all of them when nil), as a local frame.
  func collect(_ plan: LogicalPlan, limit: Int?) throws -> DataFrame
  /// Every row of `plan` in seg's row order, or nil when there are more than `atMost`.
  func collectAll(_ plan: LogicalPlan, atMost: Int) throws -> DataFrame?
  /// `describe` of `columns` of `plan`, computed where the rows are, as `DataFrame.describe`
  /// computes it (quartiles by linear interpolation, top the most frequent value, ties to the first seen).
  func describe(_ plan: LogicalPlan, columns: [String]) throws -> [ColumnSummary]
  /// The number of rows of `plan`.
  func count(_ plan: LogicalPlan) throws -> Int
  /// Writes the rows of `plan` where the cluster writes files (a folder of parts, replaced
  /// whole): CSV with a header row, Parquet or JSON.
  func write(_ plan: LogicalPlan, to path: String, format: FileFormat) throws
  /// A seeded sample of `rows` rows, the same for the same data and seed, as a local frame.
  func sample(_ plan: LogicalPlan, rows: Int, seed: UInt64) throws -> DataFrame
  /// A clustering fitted by the cluster's own library on `columns` of `plan`, and `plan`
  /// labelled there by the fitted model: its column `label` holds each row's cluster.
  /// Models read `columns` through the feature steps `through` (scale or transform in place).
  func fitClusters(_ plan: LogicalPlan, columns: [String], through: [FittedStep], estimator: ClusterEstimator, label: String) throws -> ClusterLibraryFit
  /// Clustering scores computed where the rows are, for the label column `label` over
  /// `columns` as models read them through `through`.
  func scoreClusters(_ plan: LogicalPlan, columns: [String], through: [FittedStep], label: String) throws -> ClusterLibraryScores
  /// Ends the session on the cluster.
  func close()
}

/// What a cluster reads into a frame.
public enum ClusterSource: Sendable, Equatable {
  /// A CSV, Parquet or JSON file (or folder of them) at a path the cluster can read.
  case file(path: String, format: FileFormat)
  /// A table of the cluster's catalog.
  case table(String)
  /// The rows of an SQL query run by the cluster.
  case query(String)
}

/// A frame on a cluster: the plan that makes it and the columns it has, with their types as
/// the cluster resolved them.
public struct ClusterFrame: Sendable {
  public var plan: LogicalPlan
  public var columns: [String]
  public var types: [DataType]
  /// The preparation steps fitted for it, as a `DataFrame` keeps them: its feature steps
  /// change the units models read without changing its values.
  public var pipeline: [FittedStep] = []
  public init(plan: LogicalPlan, schema: [(name: String, type: DataType)]) {
    self.plan = plan
    columns = schema.map(\.name)
    types = schema.map(\.type)
  }

  /// The feature steps of its pipeline: what a model reads each column through.
  public var featureSteps: [FittedStep] { pipeline.filter(\.isFeatureStep) }

  /// Resolves names and globs (`spend_*`) to its columns, as `DataFrame.resolveColumns`.
  public func resolveColumns(_ patterns: [String]) throws -> [String] { try DataFrame.resolveColumns(patterns, among: columns) }
}

/// A clustering method a cluster's own library fits; a setting left nil is the library's default.
public struct ClusterEstimator: Sendable, Equatable {
  public enum Method: String, Sendable, CaseIterable {
    case kmeans, bisecting, gmm
  }
  public var method: Method
  public var k: Int
  public var seed: UInt64
  public var maxIterations: Int?
  public var tolerance: Double?
  public init(_ method: Method, k: Int, seed: UInt64, maxIterations: Int? = nil, tolerance: Double? = nil) {
    self.method = method
    self.k = k
    self.seed = seed
    self.maxIterations = maxIterations
    self.tolerance = tolerance
  }
}

/// What a cluster's library learned, and the frame its model labelled.
public struct ClusterLibraryFit: Sendable {
  public var iterations: Int
  /// The within-cluster sum of squared distances to the centres (k-means, bisecting).
  public var cost: Double?
  /// A mixture's total log-likelihood.
  public var logLikelihood: Double?
  /// How the fit was made, for the output: "Spark ML KMeans (k-means|| start, maxIter 20, tol 0.0001)".
  public var method: String
  /// The input with the label column, on the cluster.
  public var labelled: ClusterFrame
  public init(iterations: Int, cost: Double?, logLikelihood: Double?, method: String, labelled: ClusterFrame) {
    self.iterations = iterations
    self.cost = cost
    self.logLikelihood = logLikelihood
    self.method = method
    self.labelled = labelled
  }
}

/// What scoring a segmentation needs, computed where its rows are: each cluster's summary
/// (seg's scores follow from them exactly) and the cluster library's own silhouette.
public struct ClusterLibraryScores: Sendable, Equatable {
  /// The labels scored, ascending, and each one's summary.
  public var labels: [Int]
  public var clusters: [ClusterScores.Summary]
  public var silhouette: Double
  /// How the library's silhouette measures distance: "squared Euclidean".
  public var silhouetteDistance: String
  public init(labels: [Int], clusters: [ClusterScores.Summary], silhouette: Double, silhouetteDistance: String) {
    self.labels = labels
    self.clusters = clusters
    self.silhouette = silhouette
    self.silhouetteDistance = silhouetteDistance
  }
}

/// Opens sessions on clusters of one kind; the `seg` executable registers the ones it was built with.
public protocol ClusterConnector: Sendable {
  /// "spark"
  var kind: String { get }
  /// Connects to `address`, with `token` when the cluster wants one; expressions are read
  /// in `context` (today's date) as the local engine reads them.
  func connect(address: String, token: String?, context: EvaluationContext) throws -> any ClusterBackend
}
