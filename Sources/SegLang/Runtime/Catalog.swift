import SegEngine

/// What a session's analysis has made, by name: frames (and which is current), fitted
/// clusterings and loaded models, segment names, personalization rules, the last sweep.
final class Catalog {
  private(set) var frames: [String: DataFrame] = [:]
  /// Frame names in the order they were made.
  private(set) var frameOrder: [String] = []
  var currentName: String?
  /// How many customers the last `sample customers` made (the default for transactions).
  var sampledCustomers: Int?
  /// The RFM segment table `rfm` names segments with (`rfm rules "file.csv"` replaces it).
  var rfmRules = RFMRule.defaults
  /// Fitted clusterings, by the name of the label column they made.
  var clusterings: [String: StoredClustering] = [:]
  /// The last `sweep`, for charts of the elbow.
  var lastSweep: SweepResult?
  /// The last `importance` and its table's title, for `plot importance`.
  var lastImportance: (title: String, importance: FeatureImportance)?
  /// Fitted lifetime models by name, with the summary they were fitted on (nil after load model).
  var lifetimeModels: [String: (model: LifetimeModel, summary: PurchaseSummary?)] = [:]
  /// The latest lifetime model's name, which the lifetime charts draw by default.
  var lastLifetime: String?
  /// Segment names, by label column (`name`).
  var segmentNames: [String: [Int: String]] = [:]
  /// Personalization rules in declaration order (`rule`).
  var rules: [RuleDeclaration] = []
  /// The columns of label columns that `assign` made with a loaded model.
  var assignedColumns: [String: [String]] = [:]
  /// Label columns in the order clusterings and assignments made them (the latest is the default segment).
  var labelOrder: [String] = []
  /// Models loaded from files (`load model … as m`).
  var models: [String: SegmentationModel] = [:]
  /// Classifiers `train` fitted, by name.
  var classifiers: [String: Classifier] = [:]

  /// The cluster the session works on (`connect spark`): frames loaded after it live there.
  var cluster: (any ClusterBackend)?
  /// Frames on the cluster, by name; their names are in `frameOrder` with the others.
  private(set) var clusterFrames: [String: ClusterFrame] = [:]

  /// Privacy roles by column name, for every frame of the session (one meaning per name).
  private(set) var roles: [String: ColumnRole] = [:]
  /// Names whose role `roles name=none` cleared: load does not flag them again.
  private(set) var clearedRoles: Set<String> = []

  /// Keeps `frame` under `name`. Roles the frame brings for names the session has not
  /// decided on become the session's; then the frame carries the session's roles.
  func store(_ frame: DataFrame, as name: String, makeCurrent: Bool = true) {
    if frames[name] == nil && clusterFrames.removeValue(forKey: name) == nil { frameOrder.append(name) }
    for (column, role) in frame.roles where roles[column] == nil && !clearedRoles.contains(column) { roles[column] = role }
    frames[name] = stamped(frame)
    if makeCurrent { currentName = name }
  }

  /// Keeps a frame of the cluster under `name`, and makes it current.
  func store(_ frame: ClusterFrame, as name: String) {
    if clusterFrames[name] == nil && frames.removeValue(forKey: name) == nil { frameOrder.append(name) }
    clusterFrames[name] = frame
    currentName = name
  }

  /// Forgets the cluster and the frames on it (`disconnect`).
  func dropCluster() {
    cluster?.close()
    cluster = nil
    frameOrder.removeAll { clusterFrames[$0] != nil }
    if let current = currentName, clusterFrames[current] != nil { currentName = frameOrder.last }
    clusterFrames = [:]
  }

  /// Takes the roles a loaded model brings for names the session has not decided on.
  func adoptRoles(_ brought: [String: ColumnRole]) {
    let new = brought.filter { roles[$0.key] == nil && !clearedRoles.contains($0.key) }
    if !new.isEmpty { setRoles(new.map { ($0.key, $0.value) }) }
  }

  /// `frame` with the session's roles, and none the session cleared.
  func stamped(_ frame: DataFrame) -> DataFrame {
    var out = frame.withRoles(roles)
    for name in clearedRoles { out.roles[name] = nil }
    return out
  }

  /// `text` with every quoted literal that is a value of a personal column masked, so a value
  /// typed into a command reaches no notebook, `.save`, manifest, diagnostic or history. The
  /// literal keeps its length in bytes, so positions in the text stay where they were.
  func maskingPersonalLiterals(_ text: String) -> String {
    guard text.contains("\""), roles.values.contains(.pii), let tokens = try? Lexer.tokenize(text) else { return text }
    var bytes = Array(text.utf8)
    for t in tokens where t.kind == .string && isPersonalValue(t.text) {
      // Between the quotes; an escaped quote inside is masked with the rest.
      for i in (t.range.start + 1)..<max(t.range.start + 1, t.range.end - 1) { bytes[i] = UInt8(ascii: "*") }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Whether `text` is a value of a personal column of some frame.
  private func isPersonalValue(_ text: String) -> Bool {
    frames.values.contains { frame in
      frame.personalColumns.contains { name in
        guard let column = try? frame.column(name) else { return false }
        if case .string(_, let levels) = column.storage { return levels.contains(text) }
        return column.plainTexts.contains(text)
      }
    }
  }

  /// Sets (or, with nil, clears) the role of each named column, in every frame.
  func setRoles(_ changes: [(column: String, role: ColumnRole?)]) {
    for (column, role) in changes {
      roles[column] = role
      if role == nil { clearedRoles.insert(column) } else { clearedRoles.remove(column) }
    }
    for (name, frame) in frames { frames[name] = stamped(frame) }
  }

  func frame(named name: String) throws -> DataFrame {
    guard let f = frames[name] else {
      if clusterFrames[name] != nil { throw Self.onCluster(name) }
      throw EngineError.frameNotFound(name: name, available: frameOrder)
    }
    return f
  }

  /// Why a command that runs in seg cannot read a frame on the cluster, and what to do.
  static func onCluster(_ name: String, verb: String? = nil) -> Diagnostic {
    Diagnostic(
      category: .runtime, message: "\(name) is on Spark, and \(verb.map { "`\($0)`" } ?? "this command") runs in seg, with no Spark lowering yet",
      help: "bring a seeded sample to seg first: collect n=100000 seed=1 as \(name)_local")
  }

  /// The current frame, or an error telling the user how to get one.
  func current() throws -> (name: String, frame: DataFrame) {
    if let name = currentName, clusterFrames[name] != nil { throw Self.onCluster(name) }
    guard let name = currentName, let f = frames[name] else {
      throw Diagnostic(
        category: .runtime, message: "there is no data yet",
        help: "load a file (load \"customers.csv\") or make sample data (sample customers)")
    }
    return (name, f)
  }

  /// Adds a rule, replacing one of the same name in place.
  func declare(_ declaration: RuleDeclaration) {
    if let i = rules.firstIndex(where: { $0.rule.name == declaration.rule.name }) { rules[i] = declaration } else { rules.append(declaration) }
  }

  /// Records that `label` was just made by a clustering or an assignment.
  func noteLabel(_ label: String) {
    labelOrder.removeAll { $0 == label }
    labelOrder.append(label)
  }

  /// The most recently made label column that `frame` has.
  func latestLabel(in frame: DataFrame) -> String? { labelOrder.last { frame.index(of: $0) != nil } }

  /// "2 Big spenders" for a named segment, "2" otherwise, "-1 (noise)" for noise.
  func segmentLabel(_ label: Int, of column: String) -> String { Self.segmentLabel(label, names: segmentNames[column]) }

  /// A label with the name `names` gives it (a model's own names, or a column's).
  static func segmentLabel(_ label: Int, names: [Int: String]?) -> String {
    if label < 0 { return "\(label) (noise)" }
    return names?[label].map { "\(label) \($0)" } ?? String(label)
  }

  /// A label value of any type as segment tables show it: whole numbers through
  /// `segmentLabel` (with their names), anything else as displayed.
  func segmentText(_ value: Scalar, of column: String) -> String { Self.segmentText(value, names: segmentNames[column]) }

  static func segmentText(_ value: Scalar, names: [Int: String]?) -> String {
    if case .int(let label) = value { return segmentLabel(label, names: names) }
    if case .double(let x) = value, x == x.rounded(), abs(x) < 1e15 { return segmentLabel(Int(x), names: names) }
    return ValueFormatter.display(value)
  }

  /// The columns the clustering or model that made `label` read.
  func featureColumns(of label: String) -> [String]? {
    clusterings[label]?.columns ?? assignedColumns[label]
  }
}
