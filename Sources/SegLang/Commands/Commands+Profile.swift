import SegEngine

/// Understanding segments: what each one looks like, and rules that say who is in it.
extension CommandTable {
  static let labelsSlot = PositionalSpec("labels", .column, "the segment label column")
  /// Help examples of this family start from a named k-means segmentation of the sample data.
  static let segmentExampleSetup = clusterExampleSetup + """
    cluster kmeans age income web_visits k=4 seed=7 as segment

    """

  static let profile = CommandSpec(
    "profile", family: .segment, summary: "describe each segment against the whole customer base",
    explanation: """
      For each segment: its size and share; the mean and median of each number, in the
      frame's own units (a column made by scale or transform with suffix= is shown by the
      column it was made from), and how far the mean lies from the
      whole base in standard deviations (+1.0σ: one standard deviation above average);
      the categories it has most of, with their lift (×2: twice as common as in the base);
      and its most typical customer (the medoid: the one closest to all the others). The
      last table ranks the features by how strongly they separate the segments: η² (the
      share of a number's variance that lies between segments) or Cramér's V for
      categories, both 0 to 1, with the ANOVA F or chi-squared test behind them.
      """,
    positionals: [labelsSlot],
    options: [
      OptionSpec("by", .column, list: true, default: .described("the clustering's columns and text columns with 2–20 values"), "the features to profile"),
      OptionSpec("top", .integer(min: 1), default: "3", "categories shown per segment and feature"),
      OptionSpec("key", .column, default: .described("a unique customer_id, CustomerID, client_id or id column, if there is one"), "the column that names the typical customer"),
      OptionSpec("seed", .integer(min: 0), default: "0", "the seed of the medoid's sample in segments over 2,000 rows"),
      fromOption,
    ],
    acceptsWhere: true, output: "a frame with one row per segment and feature (mean, median, difference)",
    example: segmentExampleSetup + "profile segment by=age,income,web_visits,region\n"
  ) { inv in
    let view = try LabelledRows(inv, featureOption: "by", withCategories: true)
    let frame = view.frame
    let profile = try SegmentProfile(frame, labels: view.labels, features: view.features, topCategories: inv.int("top") ?? 3, seed: UInt64(inv.int("seed") ?? 0))
    let label = { (l: Int) in inv.env.catalog.segmentLabel(l, of: view.labelColumn) }
    let keyName = inv.names("key").first ?? frame.customerKey
    let key = try keyName.map { try frame.column($0) }
    // Segments and categories of fewer customers than privacy min_group= are not published.
    let minimum = inv.env.minGroup ?? 0
    let small = Set(profile.labels.filter { profile.sizes[$0]! < minimum })
    if !small.isEmpty {
      inv.warning("\(small.count == 1 ? "segment" : "segments") \(profile.labels.filter(small.contains).map(label).joined(separator: ", ")) of \(view.labelColumn) \(small.count == 1 ? "has" : "have") fewer than \(minimum) customers (privacy min_group=\(minimum)): only sizes are shown")
    }
    let published = { (l: Int, text: String) in small.contains(l) ? "<\(minimum)" : text }
    inv.output(.table(Table(
      title: "segments of \(view.labelColumn)", headers: [view.labelColumn, "customers", "share", "typical customer"],
      rows: profile.labels.map { l in
        let typical = small.contains(l) ? "·" : profile.medoids[l].map { row in
          key.map { ValueFormatter.plain(frame.shown($0.value(at: row), of: $0.name)) } ?? "row \(row + 1)"
        } ?? "·"
        return [label(l), grouped(profile.sizes[l]!), percent(Double(profile.sizes[l]!) / Double(profile.total)), typical]
      }, numeric: [false, true, true, false])))
    if !profile.numeric.isEmpty {
      let columns = [""] + profile.labels.map(label)
      inv.output(.table(Table(
        title: "mean, and difference from the base in standard deviations", headers: ["feature", "base"] + columns.dropFirst(),
        rows: profile.numeric.map { f in
          [f.name, ValueFormatter.number(f.baseMean, significant: 4)]
            + profile.labels.map { published($0, ValueFormatter.number(f.means[$0]!, significant: 4) + " " + sigma(f.difference($0))) }
        }, numeric: [false] + Array(repeating: true, count: columns.count), note: view.replacedNote)))
      inv.output(.table(Table(
        title: "median", headers: ["feature", "base"] + columns.dropFirst(),
        rows: profile.numeric.map { f in
          [f.name, ValueFormatter.number(f.baseMedian, significant: 4)]
            + profile.labels.map { published($0, ValueFormatter.number(f.medians[$0]!, significant: 4)) }
        }, numeric: [false] + Array(repeating: true, count: columns.count))))
    }
    if !profile.categorical.isEmpty {
      inv.output(.table(Table(
        title: "most common categories (share in the segment, lift over the base)", headers: [view.labelColumn, "feature", "top categories"],
        rows: profile.labels.filter { !small.contains($0) }.flatMap { l in
          profile.categorical.map { f in
            let shown = (f.top[l] ?? []).filter { $0.count >= minimum }.map {
              "\(ValueFormatter.plain(frame.shown(.string($0.category), of: f.name))) \(percent($0.share)) ×\(ValueFormatter.number($0.lift, significant: 2))"
            }
            return [label(l), f.name, shown.joined(separator: ", ")]
          }
        }, note: minimum > 0 ? "categories of fewer than \(minimum) customers in a segment are left out (privacy min_group=\(minimum))" : nil)))
    }
    inv.output(.table(Table(
      title: "what separates the segments (strongest first)", headers: ["feature", "effect", "test", "statistic", "p-value"],
      rows: profile.ranking.map { name, s in
        [name, ValueFormatter.number(s.effect, significant: 3) + (s.test == "anova F" ? " η²" : " V"), s.test,
          ValueFormatter.number(s.statistic, significant: 5), s.pValue < 1e-16 ? "<1e-16" : ValueFormatter.number(s.pValue, significant: 3)]
      }, numeric: [false, true, false, true, true])))
    if let name = inv.outputName {
      let out = try profile.summaryFrame(labelColumn: view.labelColumn)
      inv.env.catalog.store(out, as: name, makeCurrent: false)
      inv.message("profile kept as frame \(name) (\(plural(out.rowCount, "row")))")
    }
  }

  /// "+1.2σ", "-0.3σ".
  static func sigma(_ z: Double) -> String { String(format: "%+.1fσ", abs(z) < 0.05 ? 0 : z) }

  /// "12.3%".
  static func percent(_ share: Double) -> String { ValueFormatter.number(100 * share, significant: 3) + "%" }
}
