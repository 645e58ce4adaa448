import SegEngine

/// What a report of the session will show: its cells as they ran, the commands that
/// succeeded with their defaults (the manifest and `.save`), and the files it read.
final class NotebookRecorder {
  /// The session so far as notebook cells (what `report` writes).
  var cells: [NotebookCell] = []
  /// True while a recorded command runs: its output goes into the last cell.
  var openCell: Int? = nil
  /// The commands that succeeded, with their defaults (what `.save` writes and the manifest lists).
  var succeeded: [ManifestCommand] = []
  /// What reports of this session are called.
  var reportTitle = "seg session"
  /// Files the session read: as the script named them, and where they are.
  private(set) var inputs: [(shown: String, path: String?)] = []

  /// Records a file the session read, once, for the run manifest.
  func noteInput(_ shown: String, path: String) {
    if !inputs.contains(where: { $0.path == path }) { inputs.append((shown, path)) }
  }

  /// Records a read from a database server (no file to fingerprint), once: its redacted
  /// connection string and the SQL sent.
  func noteDatabaseRead(_ shown: String) {
    if !inputs.contains(where: { $0.path == nil && $0.shown == shown }) { inputs.append((shown, nil)) }
  }
}
