/// Lays a table out as text that fits a width: columns that do not fit are left out (from the
/// right, keeping the first) and a footer says what was cut and how to see it.
public struct TextTableRenderer: Sendable {
  public var width: Int
  public var unicode: Bool

  public init(width: Int = 100, unicode: Bool = true) {
    self.width = width
    self.unicode = unicode
  }

  public func render(_ original: Table) -> String {
    var table = original
    table.headers = table.headers.map { VisibleText.escaped($0) }
    table.rows = table.rows.map { $0.map { VisibleText.escaped($0) } }
    table.title = table.title.map { VisibleText.escaped($0, keepingNewlines: true) }
    table.note = table.note.map { VisibleText.escaped($0, keepingNewlines: true) }
    let maxCell = max(12, width / 3)
    func clip(_ s: String, _ limit: Int = maxCell) -> String {
      s.count <= limit ? s : String(s.prefix(limit - 1)) + (unicode ? "…" : "~")
    }
    // The last column may use whatever width the others leave, so sentences fit.
    let last = table.headers.count - 1
    let others = (0..<max(last, 0)).map { j in
      ([table.headers[j]] + table.rows.map { j < $0.count ? $0[j] : "" }).map { min($0.count, maxCell) }.max() ?? 0
    }.reduce(0) { $0 + $1 + 2 }
    let lastLimit = table.keepsLastColumnWhole ? Int.max : max(maxCell, width - others)
    let headers = table.headers.enumerated().map { clip($0.element, $0.offset == last ? lastLimit : maxCell) }
    let rows = table.rows.map { $0.enumerated().map { clip($0.element, $0.offset == last ? lastLimit : maxCell) } }
    var widths = headers.map(\.count)
    for r in rows { for (j, c) in r.enumerated() where j < widths.count { widths[j] = max(widths[j], c.count) } }
    // Keep as many columns as fit in the width, two spaces apart.
    var shown: [Int] = []
    var used = 0
    for j in widths.indices {
      let need = widths[j] + (shown.isEmpty ? 0 : 2)
      if used + need > width && !shown.isEmpty && !(table.keepsLastColumnWhole && j == last) { break }
      shown.append(j)
      used += need
    }
    var lines: [String] = []
    if let title = table.title { lines.append(title) }
    func line(_ cells: [String]) -> String {
      shown.map { j in
        let c = j < cells.count ? cells[j] : ""
        let pad = String(repeating: " ", count: max(0, widths[j] - c.count))
        return table.numeric[j] ? pad + c : c + pad
      }.joined(separator: "  ").trailingSpacesTrimmed
    }
    lines.append(line(headers))
    lines.append(shown.map { String(repeating: unicode ? "─" : "-", count: widths[$0]) }.joined(separator: "  "))
    for r in rows { lines.append(line(r)) }
    var footer: [String] = []
    if table.hiddenRows > 0 { footer.append("\(Self.count(table.hiddenRows, "more row")) (\(table.moreRowsHint))") }
    let cut = headers.count - shown.count
    if cut > 0 {
      let names = table.headers[shown.count...].prefix(6).joined(separator: ", ")
      footer.append("\(Self.count(cut, "more column")): \(names)\(cut > 6 ? ", …" : "") (select them, or widen with .maxwidth)")
    }
    if !footer.isEmpty { lines.append((unicode ? "… " : "... ") + footer.joined(separator: "; ")) }
    if let note = table.note { lines.append(note) }
    return lines.joined(separator: "\n")
  }

  /// "1 more row", "1,234 more rows".
  static func count(_ n: Int, _ noun: String) -> String {
    var digits = String(n)
    var i = digits.count - 3
    while i > 0 {
      digits.insert(",", at: digits.index(digits.startIndex, offsetBy: i))
      i -= 3
    }
    return "\(digits) \(noun)\(n == 1 ? "" : "s")"
  }
}

extension String {
  var trailingSpacesTrimmed: String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}
