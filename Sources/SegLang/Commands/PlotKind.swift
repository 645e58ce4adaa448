import SegEngine

/// The kinds of chart `plot` draws, which options each takes, and how each reads the session.
enum PlotKind: String, CaseIterable {
  case hist, bar, scatter, elbow, silhouette, profile, dendrogram, coverage

  /// Options that belong to some kinds only (the rest apply to all).
  static let optionKinds: [String: Set<PlotKind>] = [
    "bins": [.hist], "top": [.bar], "color": [.scatter], "using": [.silhouette],
    "by": [.profile, .coverage], "leaves": [.dendrogram], "sample": [.scatter, .silhouette], "seed": [.scatter, .silhouette],
  ]

  /// How many columns the kind reads: (least, most).
  private var columnCount: (Int, Int) {
    switch self {
    case .hist, .bar, .silhouette, .profile, .dendrogram, .coverage: (1, 1)
    case .scatter: (2, 64)
    case .elbow: (0, 0)
    }
  }

  private var columnsDoc: String {
    switch self {
    case .hist: "plot hist <column>"
    case .bar: "plot bar <column>"
    case .scatter: "plot scatter <x> <y>, or three or more columns for their principal components"
    case .elbow: "plot elbow (it draws the last sweep)"
    case .silhouette, .profile, .dendrogram: "plot \(rawValue) <label column>"
    case .coverage: "plot coverage <action column>"
    }
  }

  /// Rejects options of other kinds and a wrong number of columns before any work.
  func check(_ inv: Invocation) throws {
    for (name, kinds) in Self.optionKinds.sorted(by: { $0.key < $1.key }) where inv.arguments.options[name] != nil && !kinds.contains(self) {
      throw Diagnostic(message: "\(name)= is not an option of plot \(rawValue)", range: inv.range(of: name),
        label: "it belongs to plot " + kinds.map(\.rawValue).sorted().joined(separator: ", "))
    }
    let given = inv.positionals("columns")
    let (least, most) = columnCount
    if given.count < least || given.count > most {
      throw Diagnostic(message: "plot \(rawValue) takes \(least == most ? String(least) : "\(least) or more") column\(most == 1 ? "" : "s"), got \(given.count)",
        range: given.count > most ? given[most].range : inv.positionals("kind").first?.range, help: "usage: " + columnsDoc)
    }
  }

  func chart(_ inv: Invocation) throws -> Chart {
    switch self {
    case .hist: try PlotData.histogram(inv)
    case .bar: try PlotData.bar(inv)
    case .scatter: try PlotData.scatter(inv)
    case .elbow: try PlotData.elbow(inv)
    case .silhouette: try PlotData.silhouette(inv)
    case .profile: try PlotData.profile(inv)
    case .dendrogram: try PlotData.dendrogram(inv)
    case .coverage: try PlotData.coverage(inv)
    }
  }
}
