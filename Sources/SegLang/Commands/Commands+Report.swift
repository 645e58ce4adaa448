import SegEngine

/// The notebook of the session: every command, its output and its charts, in one file.
extension CommandTable {
  static let report = CommandSpec(
    "report", family: .output, summary: "write the session so far as an HTML (or Markdown) notebook",
    explanation: """
      Writes every command of the session so far, in order, with what it printed: tables
      as tables, messages, warnings and errors, and charts as pictures. The HTML file is
      self-contained (styles and SVG charts inline, nothing loaded from the network), so
      it can be mailed or archived; it starts with a table of contents and ends with a run
      manifest: the seg version, every input file with its size and SHA-256, and every
      command with the defaults and seeds it used. The same script and data give the same
      report byte for byte (date=true adds the date, and so changes that). format=md (or a
      .md name) writes Markdown with the charts as SVG files in a folder beside it. help
      pages are left out, as .save leaves them out.
      """,
    positionals: [PositionalSpec("file", .path, "the report to write (.html, or .md for Markdown)")],
    options: [
      OptionSpec("format", .choice(ReportFormat.allCases.map(\.rawValue)), default: .described("from the file name"), "html or md"),
      OptionSpec("title", .text, default: .described("the script's name, or seg session"), "the report's title"),
      OptionSpec("date", .boolean, default: "false", "record today's date and time in the manifest"),
    ],
    example: segmentExampleSetup + "plot scatter age income\nreport \"/tmp/seg_help_report.html\"\n"
  ) { inv in
    guard let raw = inv.positionalText("file") else { return }
    let format = inv.choice("format", as: ReportFormat.self) ?? .of(path: raw)
    inv.message(try inv.env.writeReport(to: inv.path(raw), shown: raw, format: format, title: inv.text("title"), withDate: inv.bool("date") ?? false))
  }
}
