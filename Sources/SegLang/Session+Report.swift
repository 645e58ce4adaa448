import Foundation
import SegEngine

/// The formats `report` writes.
public enum ReportFormat: String, Sendable, CaseIterable {
  case html, md

  /// The format a file name implies: .md and .markdown are Markdown, anything else HTML.
  public static func of(path: String) -> ReportFormat {
    let lower = path.lowercased()
    return lower.hasSuffix(".md") || lower.hasSuffix(".markdown") ? .md : .html
  }
}

extension Session {
  /// The title reports of this session carry (the script's name for `seg run`).
  public var reportTitle: String {
    get { env.recorder.reportTitle }
    set { env.recorder.reportTitle = newValue }
  }

  /// Records a file the session depends on (the script itself, for `seg run`) in the manifest.
  public func noteInput(_ shown: String, path: String) { env.recorder.noteInput(shown, path: path) }

  /// Writes the notebook of the session so far to `path` (already resolved); returns what
  /// was written, for a message. Nothing is written unless every file can be.
  @discardableResult
  public func writeReport(to path: String, shown: String? = nil, format: ReportFormat? = nil, withDate: Bool = false) throws -> String {
    try env.writeReport(to: path, shown: shown ?? path, format: format ?? .of(path: path), title: nil, withDate: withDate)
  }
}

extension Environment {
  /// The session as a notebook: every recorded cell, and a manifest of what it read and ran.
  func notebook(title: String?, withDate: Bool) throws -> Notebook {
    let files = recorder.inputs.map { input in
      input.path.map { InputFile.measure($0, shown: input.shown) } ?? InputFile(path: input.shown, size: nil, sha256: nil, liveDatabase: true)
    }
    var date: String? = nil
    if withDate {
      let f = DateFormatter()
      f.locale = Locale(identifier: "en_US_POSIX")
      f.timeZone = TimeZone(identifier: "UTC")
      f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
      date = f.string(from: Date())
    }
    let settings = fixedVariables.sorted().compactMap { name in variables[name].map { "$\(name)=\(ValueFormatter.plain($0))" } }
    var commands = recorder.succeeded
    if !settings.isEmpty { commands.insert(ManifestCommand(text: "# set from the command line", defaults: settings), at: 0) }
    // The command writing the report is still running: its cell is not finished.
    return Notebook(title: title ?? recorder.reportTitle, cells: recorder.openCell == nil ? recorder.cells : Array(recorder.cells.dropLast()),
      manifest: RunManifest(version: SegVersion.current, date: date, inputs: files, commands: commands, processing: processingRecord))
  }

  /// The record of processing a report carries; nil when the session gave no role, purpose or threshold.
  var processingRecord: ProcessingRecord? {
    let record = ProcessingRecord(purposes: purposes, roles: catalog.roles, minGroup: minGroup)
    return record.isEmpty ? nil : record
  }

  func writeReport(to path: String, shown: String, format: ReportFormat, title: String?, withDate: Bool) throws -> String {
    let notebook = try notebook(title: title, withDate: withDate)
    switch format {
    case .html:
      try AtomicFile.write(Data(HTMLReport.render(notebook).utf8), to: path)
      return "wrote the report of \(plural(notebook.cells.count, "cell")) to \(shown)"
    case .md:
      // Charts go into a folder beside the Markdown file, named after it.
      let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
      let folder = (path as NSString).deletingLastPathComponent
      let dir = folder.isEmpty ? "." : folder
      let assets = base + "_files"
      let (text, charts) = MarkdownReport.render(notebook, assets: assets)
      var files = [(path: path, data: Data(text.utf8))]
      if !charts.isEmpty {
        try CommandTable.makeFolder(dir + "/" + assets, shown: ((shown as NSString).deletingLastPathComponent as NSString).appendingPathComponent(assets))
        files += charts.map { (path: dir + "/" + $0.name, data: Data($0.svg.utf8)) }
      }
      try AtomicFile.writeAll(files)
      return "wrote the report of \(plural(notebook.cells.count, "cell")) to \(shown)" + (charts.isEmpty ? "" : " with \(plural(charts.count, "chart")) in \(assets)/")
    }
  }
}
