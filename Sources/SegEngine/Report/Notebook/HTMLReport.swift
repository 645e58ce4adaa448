/// Renders a notebook as one self-contained HTML file: inline CSS and SVG, no scripts, nothing
/// fetched from the network. The markup is well-formed XML, so XML tools can read it.
public enum HTMLReport {
  public static func render(_ notebook: Notebook) -> String {
    var out = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <meta name="generator" content="seg \(escape(notebook.manifest.version))"/>
      <title>\(escape(notebook.title))</title>
      <style>\(style)</style>
      </head>
      <body>
      <h1>\(escape(notebook.title))</h1>

      """
    out += "<nav><h2>Contents</h2><ol>\n"
    for (i, cell) in notebook.cells.enumerated() {
      out += "<li><a href=\"#cell-\(i + 1)\"><code>\(escape(cell.heading))</code></a>\(cell.failed ? " <span class=\"failed\">failed</span>" : "")</li>\n"
    }
    out += "<li><a href=\"#manifest\">Run manifest</a></li>\n</ol></nav>\n"
    for (i, cell) in notebook.cells.enumerated() {
      out += "<section class=\"cell\" id=\"cell-\(i + 1)\">\n"
      out += "<div class=\"prompt\">[\(i + 1)]</div>\n<pre class=\"command\">\(escape(cell.source))</pre>\n"
      for item in cell.outputs { out += render(item) + "\n" }
      out += "</section>\n"
    }
    out += manifest(notebook.manifest)
    out += "</body>\n</html>\n"
    return out
  }

  static func render(_ item: NotebookOutput) -> String {
    switch item {
    case .table(let t): return table(t)
    case .message(let m): return "<p class=\"message\">\(escape(m))</p>"
    case .warning(let w): return "<p class=\"warning\"><strong>warning:</strong> \(escape(w))</p>"
    case .error(let e): return "<pre class=\"error\">\(escape(e))</pre>"
    case .text(let t): return "<pre class=\"text\">\(escape(t))</pre>"
    case .chart(let c): return "<figure class=\"chart\">\n\(SVGChartRenderer().render(c))</figure>"
    }
  }

  static func table(_ t: Table) -> String {
    var out = "<table>\n"
    if let title = t.title { out += "<caption>\(escape(title))</caption>\n" }
    out += "<thead><tr>" + t.headers.enumerated().map { j, h in
      "<th\(t.numeric.indices.contains(j) && t.numeric[j] ? " class=\"num\"" : "")>\(escape(h))</th>"
    }.joined() + "</tr></thead>\n<tbody>\n"
    for row in t.rows {
      out += "<tr>" + row.enumerated().map { j, c in
        "<td\(t.numeric.indices.contains(j) && t.numeric[j] ? " class=\"num\"" : "")>\(escape(c))</td>"
      }.joined() + "</tr>\n"
    }
    out += "</tbody>\n</table>"
    var foot: [String] = []
    if t.hiddenRows > 0 { foot.append("… \(t.hiddenRows) more row\(t.hiddenRows == 1 ? "" : "s") (\(t.moreRowsHint))") }
    if let note = t.note { foot.append(note) }
    if !foot.isEmpty { out += "\n<p class=\"note\">\(escape(foot.joined(separator: "; ")))</p>" }
    return out
  }

  static func manifest(_ m: RunManifest) -> String {
    var out = "<section class=\"manifest\" id=\"manifest\">\n<h2>Run manifest</h2>\n<dl>\n"
    out += "<dt>seg version</dt><dd>\(escape(m.version))</dd>\n"
    if let date = m.date { out += "<dt>date</dt><dd>\(escape(date))</dd>\n" }
    out += "</dl>\n<h3>Input files</h3>\n"
    if m.inputs.isEmpty {
      out += "<p>none (built-in sample data only)</p>\n"
    } else {
      out += table(m.inputTable) + "\n"
    }
    if let record = m.processing {
      out += "<h3>Record of processing</h3>\n" + record.tables.map(table).joined(separator: "\n") + "\n"
    }
    out += "<h3>Commands, with the defaults they used</h3>\n<ol class=\"commands\">\n"
    for c in m.commands {
      out += "<li><pre>\(escape(c.text))</pre>"
      if !c.defaults.isEmpty { out += "<p class=\"defaults\">defaults: <code>\(escape(c.defaults.joined(separator: " ")))</code></p>" }
      out += "</li>\n"
    }
    return out + "</ol>\n</section>\n"
  }

  static func escape(_ s: String) -> String { SVGDocument.escape(s) }

  static let style = """
    body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
    h1{font-size:1.6em;border-bottom:2px solid #0072B2;padding-bottom:.2em}
    nav ol{columns:2;font-size:.9em}nav code{font-size:.95em}
    .cell{border-left:3px solid #ddd;margin:1.2em 0;padding:.2em 0 .2em 1em}
    .prompt{color:#888;font-size:.8em}
    pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.85em;white-space:pre-wrap;margin:.3em 0}
    pre.command{background:#f3f6fa;padding:.5em;border-radius:4px;color:#0b3d66}
    pre.error{background:#fdecea;color:#8a1c10;padding:.5em;border-radius:4px}
    p.warning{background:#fff6e0;padding:.3em .5em;border-radius:4px}
    p.message{color:#333}p.note,.defaults{color:#666;font-size:.85em}
    table{border-collapse:collapse;margin:.6em 0;font-size:.85em}
    caption{text-align:left;font-weight:bold;padding:.2em 0}
    th,td{border-bottom:1px solid #e3e3e3;padding:.2em .6em;text-align:left}
    th{background:#f7f7f7}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    figure.chart{margin:.6em 0}figure.chart svg{max-width:100%;height:auto}
    .failed{color:#8a1c10;font-size:.8em}
    .manifest{border-top:2px solid #0072B2;margin-top:2em}
    """
}
