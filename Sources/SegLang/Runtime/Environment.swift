import Foundation
import SegEngine

/// Display limits that the REPL's dot commands change.
public struct DisplaySettings: Sendable {
  /// Rows `show` prints by default.
  public var maxRows = 10
  public var width = 100
  /// Whether `width` follows the terminal's when it is resized (until `.maxwidth` sets one).
  public var widthFollowsTerminal = true
  /// Box and block characters (`.charset unicode`), ASCII only, or nil: as the terminal allows.
  public var unicode: Bool? = nil
  public init() {}
}

/// The state of a session, in three parts: what the analysis made (the catalog), what a
/// report will show (the recorder), and how output looks (display); plus the variables and
/// the two facts that make a run reproducible where it runs (base folder, today).
final class Environment {
  let catalog = Catalog()
  let recorder = NotebookRecorder()
  var display = DisplaySettings()
  var variables: [String: Scalar] = [:]
  /// Variables set from the command line (`--set`), which `let` does not override.
  var fixedVariables: Set<String> = []
  /// The folder relative paths start from (the script's folder, or the working folder).
  var baseDirectory: String
  /// What `today()` returns, fixed per session so a run is reproducible.
  var today: Int
  /// Asks the person at the prompt for a secret, not echoed (nil outside the REPL).
  var askSecret: ((String) -> String?)? = nil
  /// Database passwords typed at the prompt, by redacted connection string; memory only.
  var databasePasswords: [String: String] = [:]
  /// Reads an environment variable (pseudonym and encryption keys); tests give their own.
  var environmentVariable: @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] }
  /// Groups or cells of fewer customers are not published (`privacy min_group=`).
  var minGroup: Int? = nil
  /// Why personal data is processed (`purpose`), for the report's record of processing.
  var purposes: [ProcessingRecord.Purpose] = []
  /// Whether a person is at the prompt (the REPL), who alone may `reveal` personal data.
  var isInteractive = false
  /// The kinds of cluster `connect` reaches: what the executable was built with.
  var clusterConnectors: [any ClusterConnector] = []
  /// Thresholds a `monitor … fail_on=` crossed, in order: `seg run` ends with its alert code.
  var alerts: [String] = []

  init(baseDirectory: String, today: Int) {
    self.baseDirectory = baseDirectory
    self.today = today
  }

  /// Resolves a path against the base folder.
  func resolve(path: String) -> String {
    if path.hasPrefix("/") { return path }
    if path.hasPrefix("~/") { return NSHomeDirectory() + String(path.dropFirst()) }
    return baseDirectory == "." || baseDirectory.isEmpty ? path : baseDirectory + "/" + path
  }
}
