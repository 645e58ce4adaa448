/// A session as a document: its cells in order and the manifest that says how to reproduce it.
public struct Notebook: Sendable, Equatable {
  public var title: String
  public var cells: [NotebookCell]
  public var manifest: RunManifest

  public init(title: String, cells: [NotebookCell], manifest: RunManifest) {
    self.title = title
    self.cells = cells
    self.manifest = manifest
  }
}

/// One command as typed and everything it printed.
public struct NotebookCell: Sendable, Equatable {
  public var source: String
  public var outputs: [NotebookOutput]

  public init(source: String, outputs: [NotebookOutput] = []) {
    self.source = source
    self.outputs = outputs
  }

  /// The first line of the command, for the table of contents.
  public var heading: String {
    let first = source.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? source
    return first.count > 90 ? String(first.prefix(89)) + "…" : first
  }

  /// True when the command failed (its last output is an error).
  public var failed: Bool {
    if case .error = outputs.last { return true }
    return false
  }
}

/// One piece of a cell's output.
public enum NotebookOutput: Sendable, Equatable {
  case table(Table)
  case message(String)
  case warning(String)
  /// A rendered diagnostic, as the terminal showed it.
  case error(String)
  /// Preformatted text (help pages).
  case text(String)
  case chart(Chart)
}

/// What a run read and did, so anyone can check they reproduce it.
public struct RunManifest: Sendable, Equatable {
  public var version: String
  /// The day the report was made; nil unless asked for, so reports of one run are identical.
  public var date: String?
  public var inputs: [InputFile]
  public var commands: [ManifestCommand]
  /// What was done with personal data; nil when the session gave no role or purpose.
  public var processing: ProcessingRecord?

  /// The input files as a table (file, bytes, SHA-256), as every format shows them.
  var inputTable: Table {
    Table(headers: ["file", "bytes", "SHA-256"], rows: inputs.map(\.cells), numeric: [false, true, false])
  }

  public init(version: String, date: String? = nil, inputs: [InputFile], commands: [ManifestCommand], processing: ProcessingRecord? = nil) {
    self.version = version
    self.date = date
    self.inputs = inputs
    self.commands = commands
    self.processing = processing
  }
}

/// A file the session read, as the script named it, with its size and SHA-256 (nil when
/// it can no longer be read: moved or deleted since).
public struct InputFile: Sendable, Equatable {
  public var path: String
  public var size: Int?
  public var sha256: String?
  /// A read from a database server: `path` is its connection string (no password) and the
  /// SQL sent; there is no file to measure.
  public var liveDatabase: Bool

  public init(path: String, size: Int?, sha256: String?, liveDatabase: Bool = false) {
    self.path = path
    self.size = size
    self.sha256 = sha256
    self.liveDatabase = liveDatabase
  }

  /// Reads the file at `resolved` to measure and hash it; `shown` is the name to report.
  public static func measure(_ resolved: String, shown: String) -> InputFile {
    guard let (size, digest) = try? Fingerprint.file(resolved) else { return InputFile(path: shown, size: nil, sha256: nil) }
    return InputFile(path: shown, size: size, sha256: digest)
  }

  /// The row of the manifest's table of inputs.
  var cells: [String] {
    if liveDatabase { return [path, "·", "a database server, read live: no fingerprint"] }
    return [path, size.map(String.init) ?? "?", sha256 ?? "no longer readable (moved or deleted since it was read)"]
  }
}

/// A successful command of the run, with the defaults it used that the text did not say.
public struct ManifestCommand: Sendable, Equatable {
  public var text: String
  /// `name=value` for every option left at its default (seeds included).
  public var defaults: [String]

  public init(text: String, defaults: [String]) {
    self.text = text
    self.defaults = defaults
  }
}
