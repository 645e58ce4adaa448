import SegEngine

/// Renders diagnostics as text: the message, `--> file:line:column`, the source line and a
/// caret under the offending token with a label ("did you mean …?").
public struct DiagnosticRenderer: Sendable {
  public var color: Bool
  public init(color: Bool = false) { self.color = color }

  private func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

  public func render(_ original: Diagnostic, in source: SourceFile?) -> String {
    // Text from the script or the data is shown, never acted on by the terminal.
    var d = original
    d.message = VisibleText.escaped(d.message, keepingNewlines: true)
    d.label = VisibleText.escaped(d.label)
    d.help = d.help.map { VisibleText.escaped($0, keepingNewlines: true) }
    let head = paint(d.severity.rawValue, d.severity == .error ? "1;31" : "1;33")
    var lines = ["\(head)\(paint(": \(d.message)", "1"))"]
    if let range = d.range, let source {
      let loc = source.location(range.start)
      let rawLine = source.lineText(range.start)
      let lineText = VisibleText.escaped(rawLine)
      let gutter = String(loc.line)
      let pad = String(repeating: " ", count: gutter.count)
      lines.append("\(pad)\(paint("-->", "34")) \(VisibleText.escaped(source.name)):\(loc.line):\(loc.column)")
      lines.append("\(pad) \(paint("|", "34"))")
      lines.append("\(paint(gutter, "34")) \(paint("|", "34")) \(lineText)")
      let lineStart = source.lineStarts[source.lineIndex(range.start)]
      let lineEnd = lineStart + rawLine.utf8.count
      let endOffset = max(range.start + 1, min(range.end, lineEnd))
      // Caret columns count the characters as shown (an escaped control takes several).
      let shownBefore = VisibleText.escaped(source.slice(SourceRange(lineStart, range.start))).count
      let width = max(1, VisibleText.escaped(source.slice(SourceRange(range.start, endOffset)), keepingNewlines: true).count)
      let caret = String(repeating: " ", count: shownBefore) + String(repeating: "^", count: width)
      lines.append("\(pad) \(paint("|", "34")) \(paint(caret + (d.label.isEmpty ? "" : " " + d.label), d.severity == .error ? "1;31" : "1;33"))")
    } else if let source, d.range == nil, !source.name.isEmpty, source.name != "<repl>" {
      lines.append(" --> \(source.name)")
    }
    if let help = d.help { lines.append("\(paint("help", "1;36")): \(help)") }
    return lines.joined(separator: "\n")
  }
}
