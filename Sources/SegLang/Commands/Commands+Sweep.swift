import SegEngine

/// Choosing how many segments: fit each k and compare the scores.
extension CommandTable {
  static let sampleOption = OptionSpec(
    "sample", .integer(min: 2), default: .described("all rows up to 5,000, else a seeded sample of 5,000"),
    "rows the silhouette is computed on (it compares every pair of rows)")

  static let sweep = CommandSpec(
    "sweep", family: .segment, summary: "compare numbers of clusters: elbow, silhouette and a suggested k",
    explanation: """
      Fits the method once for every k in the range and prints one row per k: inertia (the
      spread inside clusters; always falls as k grows), silhouette (how much nearer customers
      are to their own cluster than to the next; higher is better, at most 1),
      Davies-Bouldin (lower is better), Calinski-Harabasz (higher is better), and for gmm
      BIC and AIC (lower is better). The elbow is where inertia stops falling fast (found by
      the Kneedle method); seg suggests that k and says why, or the best silhouette when
      there is no clear elbow (gmm: the lowest BIC). stability=5 refits with 5 seeds and
      reports how alike the results are (mean adjusted Rand index; 1 is identical).
      """,
    positionals: [clusterMethodSlot, clusterColumnsSlot],
    options: [sampleOption, fromOption],
    acceptsWhere: true,
    example: clusterExampleSetup + """
      sweep kmeans age income web_visits k=2..6 seed=7
      """,
    variants: ClusterMethod.variants(sweeping: true, adding: [
      (OptionSpec("k", .integerRange, default: "2..10", "the numbers of clusters to try"), nil),
      // One tree is cut at every k: there is nothing to refit with other seeds.
      (OptionSpec("stability", .integer(min: 0, max: 100), default: "0", "refit with this many seeds and report agreement (0: off)"),
        Set(ClusterMethod.allCases).subtracting([.hierarchical])),
    ])
  ) { inv in
    let method = ClusterMethod(rawValue: inv.positionalText("method") ?? "") ?? .kmeans
    guard method != .dbscan else {
      throw Diagnostic(message: "dbscan has no k to sweep", range: inv.command.verbRange,
        label: "kdist <columns> suggests its eps; cluster dbscan … eps= min_samples= fits it")
    }
    let (_, frame) = try inv.inputFrame()
    let data = try ClusteringInput(inv, frame: frame, method: method, rows: try inv.whereFlags(frame))
    let x = data.matrix
    let ks = inv.intRange("k") ?? 2...10
    guard ks.lowerBound >= 1 else { throw Diagnostic(message: "k starts at 1", range: inv.range(of: "k")) }
    guard ks.upperBound <= data.rows.count else {
      throw Diagnostic(message: "k=\(ks.upperBound) needs at least \(ks.upperBound) rows; there are \(data.rows.count)", range: inv.range(of: "k"))
    }
    let sample = silhouetteSample(inv, rows: data.rows.count)
    let runs = inv.int("stability") ?? 0
    if runs == 1 { throw Diagnostic(message: "stability= needs at least 2 runs to compare (0 turns it off)", range: inv.range(of: "stability")) }
    let result = try ClusterSweep.run(x, ks: ks, method: method.rawValue, sample: sample, seed: UInt64(inv.int("seed") ?? 0), stability: runs) { k in
      try method.clusterer(inv, k: k, categorical: data.categorical)
    }
    inv.env.catalog.lastSweep = result
    inv.output(.table(sweepTable(result, sampled: sample, total: x.rows)))
    if let k = result.suggested { inv.message("suggested k=\(k): \(result.reason)") } else { inv.message(result.reason) }
    inv.message("plot elbow draws the curve (score=silhouette, davies_bouldin, … any column above)")
  }

  /// A score by k (`plot elbow`), the knee marked on inertia and the suggested k on the others.
  static func elbowChart(_ result: SweepResult, score: SweepScore = .inertia) -> Chart {
    let rows = result.rows.filter { $0.value(of: score) != nil }
    let (marked, word) = score == .inertia ? (result.knee, "knee") : (result.suggested, "suggested")
    let marks = marked.flatMap { k in rows.firstIndex { $0.k == k } }.map { [$0: word] } ?? [:]
    return Chart(title: score == .inertia ? "inertia by k (the elbow)" : "\(score.rawValue) by k (\(score.better))", xLabel: "k", yLabel: score.rawValue,
      body: .line(LinePlot(x: rows.map { Double($0.k) }, y: rows.map { $0.value(of: score)! }, marks: marks)))
  }

  /// The silhouette sample size: all rows up to 5,000 unless sample= says otherwise.
  static func silhouetteSample(_ inv: Invocation, rows: Int) -> Int? {
    if let s = inv.int("sample") { return s < rows ? s : nil }
    return rows > 5000 ? 5000 : nil
  }

  static func sweepTable(_ result: SweepResult, sampled: Int?, total: Int) -> Table {
    let rows = result.rows
    let columns = SweepScore.allCases.filter { score in rows.contains { $0.value(of: score) != nil } }
    let body = rows.map { row in
      [String(row.k)] + columns.map { row.value(of: $0).map { ValueFormatter.number($0) } ?? "·" }
        + [[row.k == result.knee ? "knee" : nil, row.k == result.suggested ? "suggested" : nil].compactMap { $0 }.joined(separator: ", ")]
    }
    let note = sampled.map { "silhouette on a seeded sample of \(grouped($0)) of \(grouped(total)) rows (sample= to change)" }
    return Table(title: "\(result.method) by number of clusters", headers: ["k"] + columns.map(\.rawValue) + ["note"], rows: body,
      numeric: [true] + columns.map { _ in true } + [false], note: note)
  }
}
