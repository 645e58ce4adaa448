import SegEngine

/// Clustering customers into segments.
extension CommandTable {
  static let clusterMethodSlot = PositionalSpec("method", .choice(ClusterMethod.allCases.map(\.rawValue)), "the clustering method")
  /// The first lines of every segmentation help example: sample data made ready to cluster.
  static let clusterExampleSetup = """
    sample customers n=300 seed=7
    impute age income strategy=median
    scale age income web_visits method=zscore

    """

  static let clusterColumnsSlot = PositionalSpec("columns", .column, repeating: true, "the columns to compare customers on")

  static let cluster = CommandSpec(
    "cluster", family: .segment, summary: "group customers into segments and add a label column",
    explanation: """
      Groups similar customers and writes each one's group number into a new column (as
      name; default cluster). kmeans finds k centres (k-means++ starts, as scikit-learn);
      minibatch does the same from small random batches, for very many rows; bisecting
      splits the most spread-out group in two until there are k; hierarchical merges the
      closest groups step by step (ward, complete, average or single linkage) and cuts the
      tree at k groups or at distance=; dbscan finds dense regions and labels customers in
      none of them -1 (noise); gmm fits k overlapping bell-shaped clusters and can add each
      customer's membership probabilities; kprototypes handles numbers and text columns
      together. Scale the columns first so none dominates by its units. The same seed
      always gives the same segments; the fitted model is kept for evaluate.
      """,
    positionals: [clusterMethodSlot, clusterColumnsSlot],
    options: [fromOption],
    acceptsWhere: true, output: "the label column (default: cluster)",
    example: clusterExampleSetup + """
      cluster kmeans age income web_visits k=4 seed=7 as segment
      """,
    variants: ClusterMethod.variants(adding: ClusterMethod.clusterOptions)
  ) { inv in
    let method = ClusterMethod(rawValue: inv.positionalText("method") ?? "") ?? .kmeans
    if inv.clusterInput() != nil { return try clusterOnCluster(inv, method) }
    let (frameName, input) = try inv.inputFrame()
    var frame = input
    let rows = try inv.whereFlags(frame)
    let labelName = inv.outputName ?? "cluster"
    if frame.index(of: labelName) != nil, !inv.env.catalog.labelOrder.contains(labelName), inv.bool("replace") != true {
      throw Diagnostic(message: "\(frameName) already has a column \(labelName), which no clustering made; cluster would overwrite it",
        range: inv.command.outputRange ?? inv.command.verbRange, label: "name the clusters otherwise (as cluster_\(labelName)), or add replace=true")
    }
    let data = try ClusteringInput(inv, frame: frame, method: method, rows: rows)
    let seed = UInt64(inv.int("seed") ?? 0)
    let clusterer = try method.clusterer(inv, categorical: data.categorical)
    var fit: ClusterFit
    if let previous = inv.names("update").first {
      fit = try updateMiniBatch(inv, previous: previous, data: data, clusterer: clusterer)
    } else {
      fit = try clusterer.fit(data.matrix)
    }
    var names: [Int: String] = [:]
    if let previous = inv.names("match").first {
      let values = try frame.segmentLabels(previous, expected: "whole-number segment labels to match")
      let mapping = LabelMatching.mapping(data.matrix, labels: fit.labels, previous: data.rows.map { values[$0].isNaN ? nil : Int(values[$0]) })
      fit.labels = fit.labels.map { $0 >= 0 ? mapping[$0] : $0 }
      fit.model.relabel = mapping
      names = inv.env.catalog.segmentNames[previous] ?? [:]
    } else if let stale = inv.env.catalog.segmentNames[labelName] {
      inv.warning("the names of \(labelName) (\(stale.sorted { $0.key < $1.key }.map(\.value).joined(separator: ", "))) were dropped: the new segments are numbered afresh; cluster … match=\(labelName) keeps numbers and names")
      if frame.index(of: labelName + "_name") != nil { frame = try frame.dropping([labelName + "_name"]) }
    }
    inv.env.catalog.segmentNames[labelName] = names.isEmpty ? nil : names
    for column in data.labelColumns(fit, name: labelName, names: names, probabilities: inv.bool("probabilities") == true, rows: frame.rowCount) {
      try frame.setColumn(column)
    }
    inv.env.catalog.store(frame, as: frameName)
    inv.env.catalog.clusterings[labelName] = StoredClustering(
      method: method, fit: fit, frame: frameName, columns: data.columns, clusterer: clusterer, matrix: data.matrix, pipeline: input.pipeline,
      input: input, rows: data.rows)
    inv.env.catalog.noteLabel(labelName)
    inv.message(summary(method, fit, data: data, labelName: labelName, seed: seed))
    inv.output(.table(sizeTable(fit.labels, total: data.rows.count, names: names)))
  }

  /// Continues a mini-batch model with the rows here as one more batch.
  private static func updateMiniBatch(_ inv: Invocation, previous: String, data: ClusteringInput, clusterer: any Clusterer) throws -> ClusterFit {
    guard let stored = inv.env.catalog.clusterings[previous] else {
      throw Diagnostic(message: "no clustering made \(previous)", range: inv.range(of: "update"),
        label: "update= names the label column of an earlier cluster kmeans or minibatch")
    }
    guard stored.columns == data.columns, let miniBatch = clusterer as? MiniBatchKMeans else {
      throw Diagnostic(message: "update= needs the same columns as the model: \(stored.columns.joined(separator: " "))", range: inv.range(of: "update"))
    }
    // Labels a match= renumbered are counted under, and given back, their shown numbers.
    let relabel = stored.fit.model.relabel
    let shown = { (c: Int) in relabel.map { $0[c] } ?? c }
    let sizes = (0..<stored.fit.model.k).map { c in stored.fit.labels.filter { $0 == shown(c) }.count }
    var fit = try miniBatch.partialFit(data.matrix, model: stored.fit.model, sizes: sizes)
    fit.labels = fit.labels.map { $0 >= 0 ? shown($0) : $0 }
    fit.model.relabel = relabel
    return fit
  }

  /// "kmeans: 300 customers into 4 clusters as segment (seed 7; inertia …; converged …)".
  private static func summary(_ method: ClusterMethod, _ fit: ClusterFit, data: ClusteringInput, labelName: String, seed: UInt64) -> String {
    let found = Set(fit.labels.filter { $0 >= 0 }).count
    var details: [String] = []
    if method.isSeeded { details.append("seed \(seed)") }
    if let i = fit.inertia { details.append("\(method == .kprototypes ? "cost" : "inertia") \(ValueFormatter.number(i))") }
    if let mixture = fit.mixture {
      details.append("log-likelihood \(ValueFormatter.number(mixture.logLikelihood)) per row, BIC \(ValueFormatter.number(mixture.bic))")
    }
    if let cores = fit.coreSamples { details.append("\(plural(cores.count, "core customer"))") }
    if fit.iterations > 0 {
      details.append(fit.converged ? "converged in \(plural(fit.iterations, "iteration"))" : "stopped at max_iter=\(fit.iterations) before converging")
    }
    let noise = fit.labels.filter { $0 < 0 }.count
    let noiseText = noise > 0 ? " and \(grouped(noise)) noise (-1)" : ""
    return "\(method.rawValue): \(plural(data.rows.count, "row")) into \(plural(found, "cluster"))\(noiseText) as \(labelName) (\(details.joined(separator: "; ")))"
  }

  /// Rows and share per label, noise last.
  /// `cluster kmeans|bisecting|gmm` of a frame on Spark: Spark ML fits it there and its model
  /// labels every customer there; other methods need a sample in seg.
  static func clusterOnCluster(_ inv: Invocation, _ method: ClusterMethod) throws {
    guard let (frameName, remote) = inv.clusterInput() else { return }
    guard let onSpark = ClusterEstimator.Method(rawValue: method.rawValue) else {
      throw Diagnostic(category: .runtime, message: "\(method.rawValue) has no Spark lowering yet; kmeans, bisecting and gmm run on Spark ML",
        range: inv.positionals("method").first?.range, help: "bring a sample to seg first: collect n=100000 seed=1 as \(frameName)_local")
    }
    let taken = sparkOptions[onSpark]!
    if let other = inv.arguments.options.keys.sorted().first(where: { !taken.contains($0) && $0 != "from" }) {
      let list = taken.map { "\($0)=" }
      throw Diagnostic(message: "\(other)= is for seg's \(method.rawValue); on Spark, \(method.rawValue) takes \(list.dropLast().joined(separator: ", ")) and \(list.last!)",
        range: inv.arguments.options[other]?.keyRange, label: "remove it")
    }
    if let condition = inv.arguments.condition {
      throw Diagnostic(message: "cluster … where is not lowered to Spark yet", range: condition.range, label: "filter first, into a frame of its own")
    }
    let columns = try remote.resolveColumns(inv.positionalWords("columns"))
    if let text = zip(remote.columns, remote.types).first(where: { columns.contains($0.0) && !$0.1.isNumeric && $0.1 != .bool })?.0 {
      throw Diagnostic(message: "column \"\(text)\" is text; \(method.rawValue) compares numbers",
        range: Interpreter.range(of: text, in: inv.command) ?? inv.command.range, label: "encode it first, or collect a sample for kprototypes")
    }
    let label = inv.outputName ?? "cluster"
    // Spark's BisectingKMeans splits a cluster by nudging its centre by a share of the centre's
    // length, so it never splits data centred on 0; distances ignore the centring, so bisecting
    // reads scaled columns uncentred and finds the clusters it would find on the centred ones.
    let through = onSpark == .bisecting ? remote.featureSteps.map(\.uncentred) : remote.featureSteps
    let estimator = ClusterEstimator(onSpark, k: inv.int("k") ?? 1, seed: UInt64(inv.int("seed") ?? 0), maxIterations: inv.int("max_iter"), tolerance: inv.number("tol"))
    let fit = try inv.cluster().fitClusters(try inv.clusterPlan(.scan(frameName)), columns: columns, through: through, estimator: estimator, label: label)
    var labelled = fit.labelled
    labelled.pipeline = remote.pipeline
    let counts = try countLabels(inv, fit.labelled.plan, label: label, frameName: frameName)
    inv.env.catalog.store(labelled, as: frameName)
    inv.env.catalog.segmentNames[label] = nil
    inv.env.catalog.clusterings[label] = nil
    inv.env.catalog.assignedColumns[label] = columns
    inv.env.catalog.noteLabel(label)
    var details = ["\(plural(fit.iterations, "iteration"))"]
    if let cost = fit.cost { details.append("within-cluster sum of squares \(ValueFormatter.number(cost, significant: 6))") }
    if let logLikelihood = fit.logLikelihood { details.append("log-likelihood \(ValueFormatter.number(logLikelihood, significant: 6))") }
    inv.message("\(fit.method) on Spark: \(plural(counts.count, "cluster")) as \(label) (\(details.joined(separator: "; "))); "
      + "the same for the same data and seed on Spark, not the clusters seg's own \(method.rawValue) finds")
    if onSpark == .bisecting, counts.count < estimator.k {
      inv.warning("Spark's BisectingKMeans made \(counts.count) of k=\(estimator.k) clusters: it splits a cluster by nudging its centre "
        + "by 1e-4 of the centre's length, so columns centred on 0 (pca scores, or centred by derive) do not split; cluster kmeans, or the columns before centring")
    }
    inv.output(.table(sizeTable(counts: counts, total: counts.values.reduce(0, +))))
  }

  /// What each clustering method takes on Spark ML, in the order help lists them.
  static let sparkOptions: [ClusterEstimator.Method: [String]] = [
    .kmeans: ["k", "seed", "max_iter", "tol"], .bisecting: ["k", "seed", "max_iter"], .gmm: ["k", "seed", "max_iter", "tol"],
  ]

  static func sizeTable(_ labels: [Int], total: Int, names: [Int: String] = [:]) -> Table {
    var counts: [Int: Int] = [:]
    for l in labels { counts[l, default: 0] += 1 }
    return sizeTable(counts: counts, total: total, names: names)
  }

  /// The same table from the rows each label has (counted where the rows are).
  static func sizeTable(counts: [Int: Int], total: Int, names: [Int: String] = [:]) -> Table {
    let order = counts.keys.sorted { ($0 < 0 ? Int.max : $0) < ($1 < 0 ? Int.max : $1) }
    let rows = order.map { l in
      [l < 0 ? "-1 (noise)" : names[l].map { "\(l) \($0)" } ?? String(l), grouped(counts[l]!), ValueFormatter.number(100 * Double(counts[l]!) / Double(max(total, 1)), significant: 3) + "%"]
    }
    return Table(headers: ["cluster", "rows", "share"], rows: rows, numeric: [false, true, true])
  }
}

extension ClusteringInput {
  /// The columns of the command's `columnsSlot`, on the rows `where` selects: a text column
  /// for a method that compares numbers is refused at its name, and a column whose spread
  /// dwarfs the others' gets a warning.
  init(_ inv: Invocation, frame: DataFrame, method: ClusterMethod, rows: [Bool]?, columnsSlot: String = "columns") throws {
    let columns = try frame.resolveColumns(inv.positionalWords(columnsSlot))
    if method != .kprototypes, let text = try columns.first(where: { name in let t = try frame.column(name).type; return !t.isNumeric && t != .bool }) {
      throw Diagnostic(
        message: "column \"\(text)\" is \(try frame.column(text).type.rawValue); \(method.rawValue) compares numbers",
        range: Interpreter.range(of: text, in: inv.command) ?? inv.command.range,
        label: "encode it first (encode \(text) method=onehot), or use kprototypes for numbers and text together")
    }
    try self.init(frame, columns: columns, rows: rows, textAsCategories: method == .kprototypes)
    if method.usesDistances, let d = dominance {
      inv.warning(
        "\(d.widest) varies \(ValueFormatter.number(d.widestSD / d.narrowestSD, significant: 2))× more than \(d.narrowest) (standard deviations \(ValueFormatter.number(d.widestSD)) and \(ValueFormatter.number(d.narrowestSD))), so it will dominate the distances; scale the columns first (scale \(matrix.names.joined(separator: " ")) method=zscore)")
    }
  }
}
