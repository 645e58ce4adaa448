#if Spark
import Foundation
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
  let client: SparkConnectClient
  private let version: String
  private let context: EvaluationContext
  /// The columns of each view, by view name (row order column included).
  private let views = Mutex<[String: [String]]>([:])
  /// The views whose row order is a pair of numbers (made after a join), not one.
  private let pairOrdered = Mutex<Set<String>>([])

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
    return try numbered(from, columns: try client.collect(sqlRelation("SELECT * FROM \(from) LIMIT 0")).columnNames)
  }

  /// The rows of `from` with their order numbered, as a frame.
  private func numbered(_ from: String, columns: [String]) throws -> ClusterFrame {
    guard !columns.contains(Self.rowOrder) else {
      throw EngineError.unsupported("the data has a column named \(Self.rowOrder), which seg keeps for itself on Spark; rename it first")
    }
    return try register(sql: "SELECT *, monotonically_increasing_id() AS `\(Self.rowOrder)` FROM \(from)", as: nextView("seg_source"))
  }

  public func upload(_ frame: DataFrame) throws -> ClusterFrame {
    let stream = try ArrowStreamWriter.stream(frame)
    // Spark Connect takes messages up to 128 MiB; a larger frame goes through a file.
    guard stream.count <= Self.uploadLimit else {
      throw EngineError.unsupported("the frame is \(stream.count / (1 << 20)) MiB as Arrow, more than the \(Self.uploadLimit >> 20) MiB seg sends Spark in one message; export it to a path the cluster reads and load it there")
    }
    var local = Spark_Connect_LocalRelation()
    local.data = Data(stream)
    var relation = Spark_Connect_Relation()
    relation.localRelation = local
    let raw = nextView("seg_upload")
    try createView(raw, from: relation)
    return try numbered("`\(raw)`", columns: frame.columnNames)
  }

  static let uploadLimit = 64 << 20

  /// A view of the rows `sql` gives (its row order column among them) as a frame. The order
  /// column is left out of the schema read back: after a join it is a pair of numbers.
  func register(sql: String, as view: String, scalarOrder: Bool = true) throws -> ClusterFrame {
    try createView(view, from: sqlRelation(sql))
    if !scalarOrder { pairOrdered.withLock { _ = $0.insert(view) } }
    let schema = try client.collect(sqlRelation("SELECT * EXCEPT (`\(Self.rowOrder)`) FROM `\(view)` LIMIT 0"))
    views.withLock { $0[view] = schema.columnNames + [Self.rowOrder] }
    return ClusterFrame(plan: .scan(view), schema: schema.columns.map { ($0.name, $0.type) })
  }

  /// A view name not used before in this session.
  func nextView(_ prefix: String) -> String {
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
    guard !SQLPrinter.keepsScanOrder(plan), SQLPrinter.orderIsScalar(plan), scansAreScalarOrdered(plan) else {
      return try client.collect(sqlRelation(try p.orderedSQL(plan, limit: limit)))
    }
    // All the rows come anyway: sorting them here spares Spark a global sort (and the
    // sampling pass that plans it).
    let rows = try client.collect(sqlRelation("SELECT * FROM (\(try p.sql(plan))) AS t\(limit.map { " LIMIT \($0)" } ?? "")"))
    return try rows.sorted(by: [SortKey(Self.rowOrder)]).dropping([Self.rowOrder])
  }

  /// Whether every view `plan` reads numbers its rows with one number.
  func scansAreScalarOrdered(_ plan: LogicalPlan) -> Bool {
    var scans: Set<String> = []
    _ = plan.replacingScans { scans.insert($0); return nil }
    return pairOrdered.withLock { $0.isDisjoint(with: scans) }
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

  public func close() { client.close() }

  func printer() throws -> SQLPrinter {
    SQLPrinter(dialect: .spark, schemas: views.withLock { $0 }, context: context, orderColumn: Self.rowOrder)
  }

  func createView(_ name: String, from relation: Spark_Connect_Relation) throws {
    var view = Spark_Connect_CreateDataFrameViewCommand()
    view.input = relation
    view.name = name
    view.isGlobal = false
    view.replace = true
    var command = Spark_Connect_Command()
    command.createDataframeView = view
    try client.run(command)
  }

  func sqlRelation(_ query: String) -> Spark_Connect_Relation {
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
      source.options = ["header": "true", "inferSchema": "true", "mode": "FAILFAST", "escape": "\""]
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
