import Foundation
import SegEngine

/// Display limits that the REPL's dot commands change.
public struct DisplaySettings: Sendable {
  /// Rows `show` prints by default.
  public var maxRows = 10
  public var width = 100
  /// Box and block characters (`.charset unicode`), ASCII only, or nil: as the terminal allows.
  public var unicode: Bool? = nil
  public init() {}
}

/// The state a session's commands share: frames, the current frame, variables.
final class Environment {
  private(set) var frames: [String: DataFrame] = [:]
  /// Frame names in the order they were made.
  private(set) var frameOrder: [String] = []
  var currentName: String?
  var variables: [String: Scalar] = [:]
  /// Variables set from the command line (`--set`), which `let` does not override.
  var fixedVariables: Set<String> = []
  var display = DisplaySettings()
  /// The folder relative paths start from (the script's folder, or the working folder).
  var baseDirectory: String
  /// What `today()` returns, fixed per session so a run is reproducible.
  var today: Int
  /// How many customers the last `sample customers` made (the default for transactions).
  var sampledCustomers: Int?
  /// The RFM segment table `rfm` names segments with (`rfm rules "file.csv"` replaces it).
  var rfmRules = RFMRule.defaults
  /// Fitted clusterings, by the name of the label column they made.
  var clusterings: [String: StoredClustering] = [:]
  /// The last `sweep`, for charts of the elbow.
  var lastSweep: SweepResult?
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
  /// The session so far as notebook cells (what `report` writes).
  var cells: [NotebookCell] = []
  /// True while a recorded command runs: its output goes into the last cell.
  var openCell: Int? = nil
  /// The commands that succeeded, with their defaults (what `.save` writes and the manifest lists).
  var succeeded: [ManifestCommand] = []
  /// What reports of this session are called.
  var reportTitle = "seg session"
  /// Files the session read: as the script named them, and where they are.
  private(set) var inputs: [(shown: String, path: String)] = []

  init(baseDirectory: String, today: Int) {
    self.baseDirectory = baseDirectory
    self.today = today
  }

  func store(_ frame: DataFrame, as name: String, makeCurrent: Bool = true) {
    if frames[name] == nil { frameOrder.append(name) }
    frames[name] = frame
    if makeCurrent { currentName = name }
  }

  func frame(named name: String) throws -> DataFrame {
    guard let f = frames[name] else { throw EngineError.frameNotFound(name: name, available: frameOrder) }
    return f
  }

  /// The current frame, or an error telling the user how to get one.
  func current() throws -> (name: String, frame: DataFrame) {
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
  func segmentLabel(_ label: Int, of column: String) -> String {
    if label < 0 { return "\(label) (noise)" }
    return segmentNames[column]?[label].map { "\(label) \($0)" } ?? String(label)
  }

  /// Records a file the session read, once, for the run manifest.
  func noteInput(_ shown: String, path: String) {
    if !inputs.contains(where: { $0.path == path }) { inputs.append((shown, path)) }
  }

  /// Resolves a path against the base folder.
  func resolve(path: String) -> String {
    if path.hasPrefix("/") { return path }
    if path.hasPrefix("~/") { return NSHomeDirectory() + String(path.dropFirst()) }
    return baseDirectory == "." || baseDirectory.isEmpty ? path : baseDirectory + "/" + path
  }
}
