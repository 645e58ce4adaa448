/// A backend where frames stay on a cluster as plans and only results come back: Spark through
/// Spark Connect. A frame there is a `LogicalPlan` whose scans name the sources it registered.
public protocol ClusterBackend: AnyObject, Sendable {
  /// What it is and where, without credentials: "Spark 4.1.1 at sc://host:15002".
  var description: String { get }
  /// Makes a source the cluster reads (a file it can see, a table, a query) a frame.
  func read(_ source: ClusterSource) throws -> ClusterFrame
  /// The columns `plan` gives, with their types, as the cluster resolves them.
  func schema(of plan: LogicalPlan) throws -> [(name: String, type: DataType)]
  /// The first `limit` rows of `plan` in seg's row order (all of them when nil), as a local frame.
  func collect(_ plan: LogicalPlan, limit: Int?) throws -> DataFrame
  /// Every row of `plan` in seg's row order, or nil when there are more than `atMost`.
  func collectAll(_ plan: LogicalPlan, atMost: Int) throws -> DataFrame?
  /// The number of rows of `plan`.
  func count(_ plan: LogicalPlan) throws -> Int
  /// Writes the rows of `plan` where the cluster writes files (a folder of parts, replaced
  /// whole): CSV with a header row, Parquet or JSON.
  func write(_ plan: LogicalPlan, to path: String, format: FileFormat) throws
  /// A seeded sample of `rows` rows, the same for the same data and seed, as a local frame.
  func sample(_ plan: LogicalPlan, rows: Int, seed: UInt64) throws -> DataFrame
  /// K-means fitted by the cluster's own library on `columns` of `plan` (Spark ML: k-means||
  /// starts, then Lloyd's iterations, at most `maxIterations`, Spark's 20 unless given).
  func fitKMeans(_ plan: LogicalPlan, columns: [String], k: Int, seed: UInt64, maxIterations: Int?, tolerance: Double?) throws -> ClusterKMeansFit
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
  public init(plan: LogicalPlan, schema: [(name: String, type: DataType)]) {
    self.plan = plan
    columns = schema.map(\.name)
    types = schema.map(\.type)
  }

  /// Resolves names and globs (`spend_*`) to its columns, as `DataFrame.resolveColumns`.
  public func resolveColumns(_ patterns: [String]) throws -> [String] { try DataFrame.resolveColumns(patterns, among: columns) }
}

/// What a cluster's k-means learned.
public struct ClusterKMeansFit: Sendable, Equatable {
  /// One centre per cluster, in the cluster's numbering.
  public var centers: [[Double]]
  public var iterations: Int
  /// The within-cluster sum of squared distances.
  public var cost: Double
  /// How the fit was made, for the output: "Spark ML KMeans (k-means|| start, maxIter 20)".
  public var method: String
  public init(centers: [[Double]], iterations: Int, cost: Double, method: String) {
    self.centers = centers
    self.iterations = iterations
    self.cost = cost
    self.method = method
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
