#if Spark
import Synchronization
import SegEngine
import SparkConnectProtocol

/// Frames on a Spark cluster. Each source the session reads becomes a temporary view that
/// numbers its rows; a frame is a `LogicalPlan` over those views, printed as one Spark SQL
/// query (with seg's semantics for missing values, see `SQLPrinter`) only when a result is
/// pulled back, so the cluster runs every step.
public final class SparkBackend: ClusterBackend {
  /// The hidden column that keeps seg's row order on the cluster.
  static let rowOrder = "__seg_row"
  private let client: SparkConnectClient
  private let version: String
  private let context: EvaluationContext
  /// The columns of each view, by view name (row order column included).
  private let views = Mutex<[String: [String]]>([:])

  init(client: SparkConnectClient, context: EvaluationContext) throws {
    self.client = client
    self.context = context
    version = try client.sparkVersion()
    // seg's names are case-sensitive (Frozen and frozen are two columns), and its dates and
    // times carry no zone: read and shown as UTC, they are the same on every machine.
    try client.configure(["spark.sql.caseSensitive": "true", "spark.sql.session.timeZone": "UTC"])
  }

  public var description: String { "Spark \(version) at \(client.address.description)" }

  public func read(_ source: ClusterSource) throws -> ClusterFrame {
    let from: String
    switch source {
    case .file(let path, let format):
      let raw = nextView("seg_read")
      try createView(raw, from: try Self.fileRelation(path: path, format: format))
      from = "`\(raw)`"
    case .table(let name): from = SQLDialect.spark.quoteTable(name)
    case .query(let text): from = "(\(text)) AS q"
    }
    return try register(sql: "SELECT *, monotonically_increasing_id() AS `\(Self.rowOrder)` FROM \(from)", as: nextView("seg_source"))
  }

  /// A view of the rows `sql` gives (its row order column among them) as a frame.
  private func register(sql: String, as view: String) throws -> ClusterFrame {
    try createView(view, from: sqlRelation(sql))
    let schema = try client.collect(sqlRelation("SELECT * FROM `\(view)` LIMIT 0"))
    let columns = schema.columns.filter { $0.name != Self.rowOrder }
    guard columns.count == schema.columns.count - 1 else {
      throw EngineError.unsupported("the data has a column named \(Self.rowOrder), which seg keeps for itself on Spark; rename it first")
    }
    views.withLock { $0[view] = schema.columnNames }
    return ClusterFrame(plan: .scan(view), schema: columns.map { ($0.name, $0.type) })
  }

  /// A view name not used before in this session.
  private func nextView(_ prefix: String) -> String {
    views.withLock { views in
      views["\(prefix)_\(views.count + 1)"] = []
      return "\(prefix)_\(views.count)"
    }
  }

  public func schema(of plan: LogicalPlan) throws -> [(name: String, type: DataType)] {
    try collect(plan, limit: 0).columns.map { ($0.name, $0.type) }
  }

  public func collect(_ plan: LogicalPlan, limit: Int?) throws -> DataFrame {
    guard let limit else { return try every(plan, upTo: nil) }
    return try client.collect(sqlRelation(try printer().orderedSQL(plan, limit: limit)))
  }

  public func collectAll(_ plan: LogicalPlan, atMost: Int) throws -> DataFrame? {
    let rows = try every(plan, upTo: atMost + 1)
    return rows.rowCount > atMost ? nil : rows
  }

  /// Every row of `plan` in seg's order, up to `limit` of them (which ones, past it, is not said).
  private func every(_ plan: LogicalPlan, upTo limit: Int?) throws -> DataFrame {
    let p = try printer()
    guard !SQLPrinter.keepsScanOrder(plan), SQLPrinter.orderIsScalar(plan) else {
      return try client.collect(sqlRelation(try p.orderedSQL(plan, limit: limit)))
    }
    // All the rows come anyway: sorting them here spares Spark a global sort (and the
    // sampling pass that plans it).
    let rows = try client.collect(sqlRelation("SELECT * FROM (\(try p.sql(plan))) AS t\(limit.map { " LIMIT \($0)" } ?? "")"))
    return try rows.sorted(by: [SortKey(Self.rowOrder)]).dropping([Self.rowOrder])
  }

  public func count(_ plan: LogicalPlan) throws -> Int {
    let frame = try client.collect(sqlRelation("SELECT COUNT(*) AS n FROM (\(try printer().sql(plan))) AS t"))
    guard frame.rowCount == 1, case .int(let n) = frame.columns[0].value(at: 0) else {
      throw EngineError.unsupported("\(description): the row count came back malformed")
    }
    return n
  }

  public func sample(_ plan: LogicalPlan, rows: Int, seed: UInt64) throws -> DataFrame {
    // A row's place in the sample is a hash of its number and the seed: the same rows for
    // the same data and seed, drawn without a pass that gathers the data on one machine.
    let p = try printer()
    let o = "`\(Self.rowOrder)`"
    let inner = "SELECT * FROM (\(try p.sql(plan))) AS t ORDER BY xxhash64(\(o), \(Int64(bitPattern: seed))), \(o) LIMIT \(rows)"
    let columns = try p.columns(of: plan).map(SQLDialect.spark.quote).joined(separator: ", ")
    return try client.collect(sqlRelation("SELECT \(columns) FROM (\(inner)) AS s ORDER BY \(o)"))
  }

  public func write(_ plan: LogicalPlan, to path: String, format: FileFormat) throws {
    var write = Spark_Connect_WriteOperation()
    write.input = sqlRelation(try printer().orderedSQL(plan))
    switch format {
    case .csv:
      write.source = "csv"
      write.options = ["header": "true"]
    case .parquet: write.source = "parquet"
    case .json: write.source = "json"
    default: throw EngineError.unsupported("Spark writes CSV, Parquet and JSON files, not \(format.rawValue)")
    }
    write.path = path
    write.mode = .overwrite
    var command = Spark_Connect_Command()
    command.writeOperation = write
    try client.run(command)
  }

  public func fitClusters(_ plan: LogicalPlan, columns: [String], estimator e: ClusterEstimator, label: String) throws -> ClusterLibraryFit {
    let p = try printer()
    let rows = "SELECT * FROM (\(try p.sql(plan))) AS t"
    let ml = SparkML(client: client)
    let dataset = ml.assembled(sqlRelation(rows), columns: columns)
    let library = Self.library[e.method]!
    var params: [String: SparkML.Value] = ["k": .int(Int32(clamping: e.k)), "seed": .long(Int64(bitPattern: e.seed)), "featuresCol": .string("features")]
    if let maxIterations = e.maxIterations { params["maxIter"] = .int(Int32(clamping: maxIterations)) }
    if let tolerance = e.tolerance { params["tol"] = .double(tolerance) }
    let model: Spark_Connect_ObjectRef
    do {
      model = try ml.fit("org.apache.spark.ml.clustering." + library.estimator, params: params, dataset: dataset)
    } catch {
      // Spark's assembler refuses a missing value in words about vectors; say which column,
      // as seg does (counted only when the fit failed, so a good fit makes no extra pass).
      try refuseMissing(columns, in: rows)
      throw error
    }
    defer { ml.delete(model) }
    guard let iterations = SparkML.number(try ml.fetch(model, ["summary", "numIter"])) else {
      throw SparkML.malformed("the \(library.estimator) summary came back in a form seg does not read")
    }
    let cost = e.method == .gmm ? nil : SparkML.number(try ml.fetch(model, ["summary", "trainingCost"]))
    let logLikelihood = e.method == .gmm ? SparkML.number(try ml.fetch(model, ["summary", "logLikelihood"])) : nil
    // The model's own predictions label the rows (a bisecting model walks its tree, a mixture
    // takes the likeliest component), kept as a view so later steps build on them.
    let predicted = nextView("seg_fit")
    try createView(predicted, from: ml.transformed(dataset, by: model))
    let kept = try p.columns(of: plan)
    let labelSQL = "CAST(prediction AS BIGINT) AS \(SQLDialect.spark.quote(label))"
    let selected = kept.map { $0 == label ? labelSQL : SQLDialect.spark.quote($0) } + (kept.contains(label) ? [] : [labelSQL])
    let labelled = try register(sql: "SELECT \(selected.joined(separator: ", ")), `\(Self.rowOrder)` FROM `\(predicted)`", as: nextView("seg_labelled"))
    let settings = "maxIter \(e.maxIterations ?? library.maxIterations)" + (e.method == .bisecting ? "" : ", tol \(e.tolerance ?? library.tolerance)")
    return ClusterLibraryFit(iterations: Int(iterations), cost: cost, logLikelihood: logLikelihood,
      method: "Spark ML \(library.estimator) (\(library.start), \(settings))", labelled: labelled)
  }

  /// Spark ML's clustering estimators, with the defaults seg reports.
  private static let library: [ClusterEstimator.Method: (estimator: String, start: String, maxIterations: Int, tolerance: Double)] = [
    .kmeans: ("KMeans", "k-means|| start", 20, 1e-4),
    .bisecting: ("BisectingKMeans", "random splits", 20, 0),
    .gmm: ("GaussianMixture", "random start", 100, 0.01),
  ]

  public func scoreClusters(_ plan: LogicalPlan, columns: [String], label: String) throws -> ClusterLibraryScores {
    let p = try printer()
    let q = SQLDialect.spark.quote
    let l = q(label)
    let rows = "SELECT \((columns + [label]).map(q).joined(separator: ", ")) FROM (\(try p.sql(plan))) AS t WHERE \(l) >= 0"
    try refuseMissing(columns, in: rows)
    // Each cluster's centroid, then each row's squared distance to its own: two passes where
    // the rows are, and only one row per cluster comes back.
    let means = "SELECT \(l), \(columns.indices.map { "AVG(\(q(columns[$0]))) AS m\($0)" }.joined(separator: ", ")) FROM r GROUP BY \(l)"
    let squared = columns.indices.map { "POW(r.\(q(columns[$0])) - m.m\($0), 2)" }.joined(separator: " + ")
    let summary = try client.collect(sqlRelation("""
      WITH r AS (\(rows)), m AS (\(means))
      SELECT d.\(l), COUNT(*) AS n, SUM(d.s) AS w, AVG(SQRT(d.s)) AS a, \(columns.indices.map { "FIRST(d.m\($0)) AS m\($0)" }.joined(separator: ", "))
      FROM (SELECT r.\(l), \(squared) AS s, \(columns.indices.map { "m.m\($0)" }.joined(separator: ", ")) FROM r JOIN m ON r.\(l) = m.\(l)) AS d
      GROUP BY d.\(l) ORDER BY d.\(l)
      """))
    let clusters = try (0..<summary.rowCount).map { row in
      let values = try (1..<summary.columns.count).map { j in
        guard let v = summary.columns[j].value(at: row).doubleValue else { throw SparkML.malformed("a cluster's summary came back incomplete") }
        return v
      }
      return ClusterScores.Summary(size: Int(values[0]), centroid: Array(values[3...]), withinSS: values[1], meanDistance: values[2])
    }
    let ml = SparkML(client: client)
    let silhouette = try ml.evaluate("org.apache.spark.ml.evaluation.ClusteringEvaluator",
      params: ["featuresCol": .string("features"), "predictionCol": .string(label), "metricName": .string("silhouette"), "distanceMeasure": .string("squaredEuclidean")],
      dataset: ml.assembled(sqlRelation(rows), columns: columns))
    let labels = try (0..<summary.rowCount).map { row in
      guard case .int(let label) = summary.columns[0].value(at: row) else { throw SparkML.malformed("a cluster's label came back as \(summary.columns[0].type.rawValue)") }
      return label
    }
    return ClusterLibraryScores(labels: labels, clusters: clusters, silhouette: silhouette, silhouetteDistance: "squared Euclidean")
  }

  /// Throws naming the first of `columns` with a missing value in `rows`.
  private func refuseMissing(_ columns: [String], in rows: String) throws {
    let counts = try client.collect(sqlRelation("SELECT \(columns.map { "COUNT_IF(\(SQLDialect.spark.quote($0)) IS NULL)" }.joined(separator: ", ")) FROM (\(rows)) AS m"))
    for (i, column) in columns.enumerated() {
      if case .int(let n) = counts.columns[i].value(at: 0), n > 0 {
        throw EngineError.unsupported("column \"\(column)\" has \(ValueFormatter.grouped(n)) missing value\(n == 1 ? "" : "s"); filter them out first (filter \(column) is not missing)")
      }
    }
  }

  public func close() { client.close() }

  private func printer() throws -> SQLPrinter {
    SQLPrinter(dialect: .spark, schemas: views.withLock { $0 }, context: context, orderColumn: Self.rowOrder)
  }

  private func createView(_ name: String, from relation: Spark_Connect_Relation) throws {
    var view = Spark_Connect_CreateDataFrameViewCommand()
    view.input = relation
    view.name = name
    view.isGlobal = false
    view.replace = true
    var command = Spark_Connect_Command()
    command.createDataframeView = view
    try client.run(command)
  }

  private func sqlRelation(_ query: String) -> Spark_Connect_Relation {
    var sql = Spark_Connect_SQL()
    sql.query = query
    var relation = Spark_Connect_Relation()
    relation.sql = sql
    return relation
  }

  /// Reads a file as seg does: CSV with a header row and typed columns.
  private static func fileRelation(path: String, format: FileFormat) throws -> Spark_Connect_Relation {
    var source = Spark_Connect_Read.DataSource()
    switch format {
    case .csv:
      source.format = "csv"
      source.options = ["header": "true", "inferSchema": "true", "mode": "FAILFAST"]
    case .parquet: source.format = "parquet"
    case .json: source.format = "json"
    default: throw EngineError.unsupported("Spark reads CSV, Parquet and JSON files, not \(format.rawValue)")
    }
    source.paths = [path]
    var read = Spark_Connect_Read()
    read.dataSource = source
    var relation = Spark_Connect_Relation()
    relation.read = read
    return relation
  }
}

/// Connects to Spark Connect servers: `connect spark "sc://host:15002"`.
public struct SparkConnector: ClusterConnector {
  public let kind = "spark"
  public init() {}

  public func connect(address: String, token: String?, context: EvaluationContext) throws -> any ClusterBackend {
    var parsed = try SparkConnectAddress(address)
    if let token {
      parsed.token = token
      parsed.useTLS = true
    }
    return try SparkBackend(client: try SparkConnectClient(address: parsed), context: context)
  }
}
#endif
