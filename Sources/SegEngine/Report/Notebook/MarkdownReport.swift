import Foundation

/// Renders a notebook as Markdown, with each chart as an SVG file beside it.
public enum MarkdownReport {
  /// The Markdown text and the chart files it links to (names relative to the Markdown
  /// file's folder, under `assets`).
  public static func render(_ notebook: Notebook, assets: String) -> (text: String, charts: [(name: String, svg: String)]) {
    var charts: [(name: String, svg: String)] = []
    var out = "# \(notebook.title)\n\n## Contents\n\n"
    for (i, cell) in notebook.cells.enumerated() {
      out += "\(i + 1). [`\(cell.heading.replacingOccurrences(of: "`", with: "'"))`](#cell-\(i + 1))\(cell.failed ? " (failed)" : "")\n"
    }
    out += "\(notebook.cells.count + 1). [Run manifest](#run-manifest)\n\n"
    for (i, cell) in notebook.cells.enumerated() {
      out += "<a id=\"cell-\(i + 1)\"></a>\n\n### [\(i + 1)]\n\n" + fenced(cell.source, "seg")
      for item in cell.outputs {
        switch item {
        case .table(let t): out += table(t)
        case .message(let m): out += m.replacingOccurrences(of: "\n", with: "  \n") + "\n\n"
        case .warning(let w): out += "> **warning:** \(w)\n\n"
        case .error(let e): out += fenced(e, "text")
        case .text(let t): out += fenced(t, "text")
        case .chart(let c):
          let name = "\(assets)/chart-\(charts.count + 1).svg"
          charts.append((name, SVGChartRenderer().render(c)))
          out += "![\(c.title)](\(name))\n\n"
        }
      }
    }
    let m = notebook.manifest
    out += "## Run manifest\n\n- seg version: \(m.version)\n"
    if let date = m.date { out += "- date: \(date)\n" }
    out += "\n### Input files\n\n"
    out += m.inputs.isEmpty ? "none (built-in sample data only)\n\n"
      : table(m.inputTable)
    if let record = m.processing { out += "### Record of processing\n\n" + record.tables.map(table).joined() }
    out += "### Commands, with the defaults they used\n\n"
    for c in m.commands {
      out += fenced(c.text, "seg")
      if !c.defaults.isEmpty { out += "defaults: `\(c.defaults.joined(separator: " "))`\n\n" }
    }
    return (out, charts)
  }

  private static func fenced(_ text: String, _ language: String) -> String {
    let fence = text.contains("```") ? "~~~~" : "```"
    return "\(fence)\(language)\n\(text)\n\(fence)\n\n"
  }

  private static func table(_ t: Table) -> String {
    func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
    var out = t.title.map { "**\(cell($0))**\n\n" } ?? ""
    out += "| " + t.headers.map(cell).joined(separator: " | ") + " |\n"
    out += "|" + t.headers.indices.map { j in t.numeric.indices.contains(j) && t.numeric[j] ? " ---: |" : " --- |" }.joined() + "\n"
    for row in t.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
    out += "\n"
    if t.hiddenRows > 0 { out += "… \(t.hiddenRows) more row\(t.hiddenRows == 1 ? "" : "s")\n\n" }
    if let note = t.note { out += "_\(cell(note))_\n\n" }
    return out
  }
}
