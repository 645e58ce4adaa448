#if Spark
import SegEngine
import SparkConnectProtocol

/// Clustering on Spark: Spark ML's estimators fit where the rows are, their models label the
/// rows there, and segmentations are scored from sums made there.
extension SparkBackend {
  public func fitClusters(_ plan: LogicalPlan, columns: [String], through: [FittedStep], estimator e: ClusterEstimator, label: String) throws -> ClusterLibraryFit {
    let p = try printer()
    let rows = "SELECT t.*, \(try modelView(columns, through: through)) FROM (\(try p.sql(plan))) AS t"
    let ml = SparkML(client: client)
    let dataset = ml.assembled(sqlRelation(rows), columns: Self.features(columns.count))
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
    let labelled = try register(sql: "SELECT \(selected.joined(separator: ", ")), `\(Self.rowOrder)` FROM `\(predicted)`", as: nextView("seg_labelled"),
      scalarOrder: SQLPrinter.orderIsScalar(plan) && scansAreScalarOrdered(plan))
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

  public func scoreClusters(_ plan: LogicalPlan, columns: [String], through: [FittedStep], label: String) throws -> ClusterLibraryScores {
    let p = try printer()
    let l = SQLDialect.spark.quote(label)
    let f = Self.features(columns.count)
    let rows = "SELECT t.\(l), \(try modelView(columns, through: through)) FROM (\(try p.sql(plan))) AS t WHERE t.\(l) >= 0"
    try refuseMissing(columns, in: rows)
    // Each cluster's centroid, then each row's squared distance to its own: two passes where
    // the rows are, and only one row per cluster comes back.
    let means = "SELECT \(l), \(f.indices.map { "AVG(\(f[$0])) AS m\($0)" }.joined(separator: ", ")) FROM r GROUP BY \(l)"
    let squared = f.indices.map { "POW(r.\(f[$0]) - m.m\($0), 2)" }.joined(separator: " + ")
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
      dataset: ml.assembled(sqlRelation(rows), columns: f))
    let labels = try (0..<summary.rowCount).map { row in
      guard case .int(let label) = summary.columns[0].value(at: row) else { throw SparkML.malformed("a cluster's label came back as \(summary.columns[0].type.rawValue)") }
      return label
    }
    return ClusterLibraryScores(labels: labels, clusters: clusters, silhouette: silhouette, silhouetteDistance: "squared Euclidean")
  }

  /// The hidden names of the values models read, one per feature column.
  static func features(_ count: Int) -> [String] { (0..<count).map { "__seg_m\($0)" } }

  /// The select items of `columns` of a source aliased `t` as models read them, under their
  /// hidden names: the frame's own values stay beside them.
  func modelView(_ columns: [String], through: [FittedStep]) throws -> String {
    zip(try printer().modelValues(columns, through: through), Self.features(columns.count)).map { "\($0) AS \($1)" }.joined(separator: ", ")
  }

  /// Throws naming the first of `columns` with a missing value (as models read it) in `rows`.
  func refuseMissing(_ columns: [String], in rows: String) throws {
    let counts = try client.collect(sqlRelation("SELECT \(Self.features(columns.count).map { "COUNT_IF(\($0) IS NULL)" }.joined(separator: ", ")) FROM (\(rows)) AS m"))
    for (i, column) in columns.enumerated() {
      if case .int(let n) = counts.columns[i].value(at: 0), n > 0 {
        throw EngineError.unsupported("column \"\(column)\" has \(ValueFormatter.grouped(n)) missing value\(n == 1 ? "" : "s"); filter them out first (filter \(column) is not missing)")
      }
    }
  }
}
#endif
