import SegEngine

/// Scoring one segmentation, and choosing DBSCAN's eps.
extension CommandTable {
  static let evaluate = CommandSpec(
    "evaluate", family: .segment, summary: "score a segmentation: silhouette, Davies-Bouldin, Calinski-Harabasz",
    explanation: """
      Scores how well separated the segments in a label column are, on the columns the
      clustering used (or using=). Silhouette runs from -1 to 1 (above 0.5 is a clear
      structure, near 0 overlapping segments); Davies-Bouldin is lower for tighter, further
      apart segments; Calinski-Harabasz is higher for the same; inertia is the spread inside
      segments (within_ss: squared distances to each segment's mean; cluster's inertia is to
      its fitted centres, which a last iteration may have moved). Noise rows (-1) are left out. compare= gives the adjusted Rand index and
      normalised mutual information against another labelling (1 is the same segments);
      stability=5 refits the clustering with 5 seeds and reports how alike they are.
      """,
    positionals: [PositionalSpec("labels", .column, "the label column to score")],
    options: [
      OptionSpec("using", .column, list: true, default: .described("the columns the clustering used"), "the columns to score on"),
      sampleOption,
      OptionSpec("seed", .integer(min: 0), default: "0", "the seed of the silhouette sample and of stability refits"),
      OptionSpec("compare", .column, default: .described("none"), "another label column to compare with"),
      OptionSpec("stability", .integer(min: 0, max: 100), default: "0", "refit with this many seeds and report agreement (0: off)"),
      fromOption,
    ],
    acceptsWhere: true,
    example: clusterExampleSetup + """
      cluster kmeans age income web_visits k=4 seed=7 as segment
      evaluate segment
      """
  ) { inv in
    if inv.clusterInput() != nil { return try evaluateOnCluster(inv) }
    let segments = try ScoredSegments(inv, slot: "labels")
    let labelName = segments.labelName
    let stored = inv.env.catalog.clusterings[labelName]
    let seed = UInt64(inv.int("seed") ?? 0)
    let scores = try SegmentationScores(segments.rows, sample: silhouetteSample(inv, rows: segments.rows.x.rows), seed: seed)
    let leftOut = segments.rows.all.count - scores.rows
    var lines: [(String, String, String)] = [
      ("rows scored", grouped(scores.rows), leftOut > 0 ? "\(grouped(leftOut)) noise or unlabelled rows left out" : ""),
      ("clusters", String(scores.clusters), ""),
      ("within_ss", ValueFormatter.number(scores.inertia), "squared distances to the segment means; lower: tighter"),
      ("silhouette", ValueFormatter.number(scores.silhouette),
        "-1 to 1, higher is better" + (scores.silhouetteSample.map { "; on a seeded sample of \(grouped($0)) rows" } ?? "")),
      ("davies_bouldin", ValueFormatter.number(scores.daviesBouldin), "lower is better"),
      ("calinski_harabasz", ValueFormatter.number(scores.calinskiHarabasz), "higher is better"),
    ]
    if let other = inv.names("compare").first {
      // Whole-number labels only: a column of decimals would be truncated into segments.
      let agreement = try segments.rows.agreement(with: try segments.frame.segmentLabels(other, expected: "whole-number segment labels to compare with"))
      lines.append(("adjusted_rand", ValueFormatter.number(agreement.adjustedRand), "vs \(other): 1 same segments, 0 chance"))
      lines.append(("nmi", ValueFormatter.number(agreement.mutualInformation), "vs \(other): 1 same segments, 0 unrelated"))
    }
    if inv.int("stability") == 1 {
      throw Diagnostic(message: "stability= needs at least 2 runs to compare (0 turns it off)", range: inv.range(of: "stability"))
    }
    if let runs = inv.int("stability"), runs >= 2 {
      guard let stored else {
        throw Diagnostic(message: "stability refits the clustering, and no clustering in this session made \(labelName)", range: inv.range(of: "stability"))
      }
      let value = try LabelAgreement.stability(try (0..<UInt64(runs)).map { try stored.clusterer.reseeded(seed + $0).fit(stored.matrix).labels })
      lines.append(("stability", ValueFormatter.number(value), "mean adjusted Rand over \(runs) seeds; 1 is identical"))
    }
    inv.output(.table(Table(title: "scores of \(labelName)", headers: ["score", "value", "meaning"], rows: lines.map { [$0.0, $0.1, $0.2] }, numeric: [false, true, false])))
    let body = scores.segments.map { s in
      [String(s.label), grouped(s.rows), ValueFormatter.number(100 * s.share, significant: 3) + "%", s.silhouette.map { ValueFormatter.number($0) } ?? "·"]
    }
    inv.output(.table(Table(headers: [labelName, "rows", "share", "silhouette"], rows: body, numeric: [false, true, true, true])))
  }

  /// `evaluate` of a frame on Spark: within_ss, Davies-Bouldin and Calinski-Harabasz exactly,
  /// from each cluster's sums made there; seg's silhouette on a seeded sample brought back;
  /// and Spark's own silhouette, which squares its distances.
  static func evaluateOnCluster(_ inv: Invocation) throws {
    guard let (frameName, remote) = inv.clusterInput() else { return }
    for option in ["compare", "stability"] where inv.arguments.options[option] != nil {
      throw Diagnostic(message: "\(option)= is not lowered to Spark yet", range: inv.arguments.options[option]?.keyRange,
        label: "collect a sample first: collect n=100000 seed=1 as \(frameName)_local")
    }
    let labelName = try remote.resolveColumns(inv.positionalWords("labels")).first ?? ""
    let using = inv.names("using")
    guard let columns = using.isEmpty ? inv.env.catalog.featureColumns(of: labelName) : try remote.resolveColumns(using) else {
      throw Diagnostic(message: "no clustering in this session made \(labelName)", range: inv.positionals("labels").first?.range,
        label: "say which columns to score on: using=<columns>")
    }
    let (_, plan) = try inv.source()
    let onCluster = try inv.clusterPlan(plan)
    let seed = UInt64(inv.int("seed") ?? 0), sampleRows = inv.int("sample") ?? 5000
    let library = try inv.cluster().scoreClusters(onCluster, columns: columns, through: remote.featureSteps, label: labelName)
    var sample = try inv.cluster().sample(.filter(onCluster, .binary(.greaterEqual, .column(labelName), .literal(.int(0)))), rows: sampleRows, seed: seed)
    sample.pipeline = remote.pipeline
    let sampled = try SegmentationScores(try ScoredRows(sample, labelColumn: labelName, columns: columns), sample: nil, seed: seed)
    let rows = library.clusters.reduce(0) { $0 + $1.size }
    let labels = sample.rowCount < rows ? "a seeded sample of \(grouped(sample.rowCount)) rows" : "every row"
    let lines: [(String, String, String)] = [
      ("rows scored", grouped(rows), "noise (-1) and unlabelled rows left out"),
      ("clusters", String(library.clusters.count), ""),
      ("within_ss", ValueFormatter.number(library.clusters.reduce(0) { $0 + $1.withinSS }), "squared distances to the segment means; lower: tighter"),
      ("silhouette", ValueFormatter.number(sampled.silhouette), "-1 to 1, higher is better; seg's, on \(labels)"),
      ("spark_silhouette", ValueFormatter.number(library.silhouette), "Spark's, \(library.silhouetteDistance): not comparable"),
      ("davies_bouldin", ValueFormatter.number(try ClusterScores.daviesBouldin(library.clusters)), "lower is better"),
      ("calinski_harabasz", ValueFormatter.number(try ClusterScores.calinskiHarabasz(library.clusters)), "higher is better"),
    ]
    inv.output(.table(Table(title: "scores of \(labelName) on Spark", headers: ["score", "value", "meaning"], rows: lines.map { [$0.0, $0.1, $0.2] }, numeric: [false, true, false])))
    let silhouettes = Dictionary(uniqueKeysWithValues: sampled.segments.map { ($0.label, $0.silhouette) })
    let body = zip(library.labels, library.clusters).map { label, c in
      [String(label), grouped(c.size), ValueFormatter.number(100 * Double(c.size) / Double(rows), significant: 3) + "%", silhouettes[label]?.map { ValueFormatter.number($0) } ?? "·"]
    }
    inv.output(.table(Table(headers: [labelName, "rows", "share", "silhouette"], rows: body, numeric: [false, true, true, true])))
  }

  static let kdist = CommandSpec(
    "kdist", family: .segment, summary: "the k-distance curve, to choose dbscan's eps",
    explanation: """
      For every customer, the distance to its min_samples-th nearest neighbour (itself
      counted, as dbscan counts), sorted from the largest down. Customers in dense regions
      have small distances; the curve bends where the sparse ones end. That bend (found by
      the Kneedle method) is the suggested eps for cluster dbscan with the same min_samples.
      On many rows the curve is measured for a seeded sample of them.
      """,
    positionals: [clusterColumnsSlot],
    options: [
      OptionSpec("min_samples", .integer(min: 1), default: "5", "the neighbour count dbscan will use"),
      OptionSpec("sample", .integer(min: 10), default: "10000", "at most this many rows measured (all rows are neighbours)"),
      OptionSpec("seed", .integer(min: 0), default: "0", "the seed of the sample"),
      fromOption,
    ],
    acceptsWhere: true,
    example: clusterExampleSetup + """
      kdist age income web_visits min_samples=5
      """
  ) { inv in
    let (_, frame) = try inv.inputFrame()
    let data = try ClusteringInput(inv, frame: frame, method: .dbscan, rows: try inv.whereFlags(frame))
    let x = data.matrix
    let k = inv.int("min_samples") ?? 5
    let limit = inv.int("sample") ?? 10000
    var queries: [Int]?
    if x.rows > limit {
      var generator = SeededGenerator(seed: UInt64(inv.int("seed") ?? 0))
      queries = generator.sample(limit, from: x.rows).sorted()
    }
    let curve = try DBSCAN.kDistances(x, k: k, sample: queries)
    let knee = Kneedle.knee(x: curve.indices.map(Double.init), y: curve.reversed())
    let eps = knee.map { curve.reversed()[$0] }
    let shares = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0]
    let points = shares.map { s in min(curve.count - 1, Int((s * Double(curve.count - 1)).rounded())) }
    let title = "distance to the \(ordinal(k)) nearest neighbour, largest first (share of \(queries == nil ? "rows" : "sampled rows"))"
    inv.output(.chart(Chart(title: title, xLabel: "distance", body: .bars(BarChart(title: title,
      labels: points.map { ValueFormatter.number(100 * Double($0) / Double(max(curve.count - 1, 1)), significant: 3) + "%" },
      values: points.map { curve[$0] })))))
    if let eps {
      let beyond = curve.filter { $0 > eps }.count
      inv.message("suggested eps=\(ValueFormatter.number(eps, significant: 3)) for min_samples=\(k): the bend of the curve; about \(ValueFormatter.number(100 * Double(beyond) / Double(curve.count), significant: 2))% of rows lie farther out and would be noise or border customers")
    } else {
      inv.message("the curve has no clear bend; try another min_samples")
    }
  }

  /// 1st, 2nd, 3rd, 4th, …
  static func ordinal(_ n: Int) -> String {
    let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
    return "\(n)\(suffix)"
  }
}
