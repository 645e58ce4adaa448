import Foundation

/// Draws a chart as text that fits `width` columns: block characters in Unicode, plain
/// ASCII otherwise. Every kind has a title, its axes or legend, and the chart's note.
public struct TextChartRenderer: Sendable {
  public var width: Int
  public var unicode: Bool
  /// Rows of the plotting area for scatter plots.
  public var plotHeight: Int

  public init(width: Int, unicode: Bool = true, plotHeight: Int = 18) {
    self.width = max(30, width)
    self.unicode = unicode
    self.plotHeight = max(6, plotHeight)
  }

  public func render(_ chart: Chart) -> String {
    var lines: [String]
    switch chart.body {
    case .bars(var bars):
      bars.title = chart.title
      lines = [TextBarChartRenderer(width: width, unicode: unicode).render(bars)]
    case .histogram(let h):
      let labels = h.counts.indices.map { i in
        "\(short(h.edges[i]))–\(short(h.edges[i + 1]))"
      }
      let bars = BarChart(title: chart.title + (chart.xLabel.isEmpty ? "" : " (\(chart.xLabel), rows per bin)"),
        labels: unicode ? labels : labels.map { $0.replacingOccurrences(of: "–", with: "..") }, values: h.counts.map(Double.init))
      lines = [TextBarChartRenderer(width: width, unicode: unicode).render(bars)]
    case .line(let line):
      let bars = BarChart(title: chart.title, labels: line.x.map { (chart.xLabel.isEmpty ? "" : chart.xLabel + "=") + short($0) },
        values: line.y, marks: line.marks)
      lines = [TextBarChartRenderer(width: width, unicode: unicode).render(bars)]
    case .stacked(let s): lines = wrap(chart.title) + stacked(s)
    case .scatter(let s): lines = wrap(chart.title) + scatter(s, xLabel: chart.xLabel, yLabel: chart.yLabel)
    case .curves(let c): lines = wrap(chart.title) + curves(c, xLabel: chart.xLabel, yLabel: chart.yLabel)
    case .silhouette(let s): lines = wrap(chart.title) + silhouette(s)
    case .heatmap(let h): lines = wrap(chart.title) + heatmap(h)
    case .dendrogram(let d): lines = wrap(chart.title) + dendrogram(d, xLabel: chart.xLabel)
    case .flow(let f):
      // In a terminal the bands are bars, one per flow, in source then target order.
      let arrow = unicode ? " → " : " -> "
      let flows = f.flows
      let bars = BarChart(title: chart.title, labels: flows.map { f.sources[$0.source] + arrow + f.targets[$0.target] }, values: flows.map { Double($0.count) })
      lines = [TextBarChartRenderer(width: width, unicode: unicode).render(bars)]
    }
    if let note = chart.note { lines += wrap(note) }
    return lines.joined(separator: "\n")
  }

  /// A sentence broken at spaces into lines of at most `width` characters.
  private func wrap(_ text: String) -> [String] { WordWrap.lines(text, width: width) }

  private func short(_ x: Double) -> String { ValueFormatter.number(x, significant: 4) }

  private func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, n - s.count))
    return right ? fill + s : s + fill
  }

  /// The line without trailing spaces.
  private func trimmed(_ s: String) -> String {
    var s = s
    while s.last == " " { s.removeLast() }
    return s
  }

  private func clip(_ s: String, _ n: Int) -> String {
    s.count <= n ? s : String(s.prefix(max(1, n - 1))) + (unicode ? "…" : "~")
  }

  // MARK: Stacked bars

  private var fills: [Character] { unicode ? ["█", "▓", "▒", "░", "▞", "▚", "▖", "▘"] : ["#", "=", "+", "*", "o", "x", "%", "@"] }

  private func stacked(_ s: StackedBars) -> [String] {
    let labelWidth = s.labelsAbove ? 0 : min(24, s.categories.map(\.count).max() ?? 0)
    let totals = s.values.map { $0.reduce(0, +) }
    let totalTexts = totals.map { ValueFormatter.number($0) }
    let room = max(10, width - labelWidth - (totalTexts.map(\.count).max() ?? 0) - 4)
    let top = totals.max() ?? 0
    var lines: [String] = []
    for (c, category) in s.categories.enumerated() {
      var bar = ""
      var used = 0.0
      for (k, v) in s.values[c].enumerated() {
        // Cumulative rounding, so segments add up to the whole bar.
        let end = top > 0 ? (used + v) / top * Double(room) : 0
        let start = top > 0 ? used / top * Double(room) : 0
        bar += String(repeating: fills[k % fills.count], count: max(0, Int(end.rounded()) - Int(start.rounded())))
        used += v
      }
      if s.labelsAbove {
        lines += wrap(category)
        lines.append("\(unicode ? "└" : "|")\(bar) \(totalTexts[c])")
      } else {
        lines.append("\(pad(clip(category, labelWidth), labelWidth, right: true)) \(unicode ? "│" : "|")\(bar) \(totalTexts[c])")
      }
    }
    lines.append(legend(s.series.enumerated().map { "\(fills[$0.offset % fills.count]) \($0.element)" }))
    return lines
  }

  /// Legend entries on as few lines as fit.
  private func legend(_ entries: [String]) -> String {
    var lines: [String] = []
    var current = ""
    for e in entries {
      if !current.isEmpty && current.count + 3 + e.count > width {
        lines.append(current)
        current = ""
      }
      current += (current.isEmpty ? "" : "   ") + e
    }
    lines.append(current)
    return lines.joined(separator: "\n")
  }

  // MARK: Scatter

  private var markers: [Character] { unicode ? ["●", "○", "▲", "△", "■", "□", "◆", "◇"] : ["o", "x", "+", "*", "#", "@", "%", "&"] }

  /// Where `v` lies from `low` (0) to `high` (1), computed on halves so that a span such as
  /// ±1e308 does not overflow to infinity.
  static func share(_ v: Double, _ low: Double, _ high: Double) -> Double {
    let s = (v / 2 - low / 2) / (high / 2 - low / 2)
    return s.isFinite ? min(1, max(0, s)) : 0
  }

  private func scatter(_ s: ScatterPlot, xLabel: String, yLabel: String) -> [String] {
    let xs = s.x + (s.centers?.map(\.0) ?? []), ys = s.y + (s.centers?.map(\.1) ?? [])
    guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return ["(no points)"] }
    let yTexts = [short(y1), short((y0 + y1) / 2), short(y0)]
    let axisWidth = yTexts.map(\.count).max()!
    let cols = max(10, width - axisWidth - 2)
    let rows = plotHeight
    func column(_ x: Double) -> Int { x1 > x0 ? Int((Self.share(x, x0, x1) * Double(cols - 1)).rounded()) : cols / 2 }
    func row(_ y: Double) -> Int { y1 > y0 ? Int(((1 - Self.share(y, y0, y1)) * Double(rows - 1)).rounded()) : rows / 2 }
    var grid = Array(repeating: Array(repeating: Character(" "), count: cols), count: rows)
    if s.groups.count <= 1 && unicode {
      // One group: braille dots, 2 × 4 per character cell.
      var dots = Array(repeating: Array(repeating: UInt32(0), count: cols), count: rows)
      let bits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
      for i in s.x.indices {
        let fx = x1 > x0 ? Self.share(s.x[i], x0, x1) * Double(cols * 2 - 1) : Double(cols)
        let fy = y1 > y0 ? (1 - Self.share(s.y[i], y0, y1)) * Double(rows * 4 - 1) : Double(rows * 2)
        let px = min(cols * 2 - 1, max(0, Int(fx.rounded()))), py = min(rows * 4 - 1, max(0, Int(fy.rounded())))
        dots[py / 4][px / 2] |= bits[py % 4][px % 2]
      }
      for r in 0..<rows { for c in 0..<cols where dots[r][c] != 0 { grid[r][c] = Character(Unicode.Scalar(0x2800 + dots[r][c])!) } }
    } else {
      // Several groups: each cell shows the marker of the group with most points there.
      var counts: [Int: [Int: Int]] = [:]
      for i in s.x.indices { counts[row(s.y[i]) * cols + column(s.x[i]), default: [:]][s.group[i], default: 0] += 1 }
      for (cell, byGroup) in counts {
        let best = byGroup.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
        grid[cell / cols][cell % cols] = markers[best % markers.count]
      }
    }
    for (x, y) in s.centers ?? [] { grid[row(y)][column(x)] = unicode ? "✚" : "X" }
    var lines = [yLabel.isEmpty ? "" : "\(yLabel) \(unicode ? "↑" : "^")"]
    for r in 0..<rows {
      let tick = r == 0 ? yTexts[0] : r == rows / 2 ? yTexts[1] : r == rows - 1 ? yTexts[2] : ""
      lines.append(trimmed(pad(tick, axisWidth, right: true) + " " + (unicode ? "│" : "|") + String(grid[r])))
    }
    lines.append(String(repeating: " ", count: axisWidth) + " " + (unicode ? "└" : "+") + String(repeating: unicode ? "─" : "-", count: cols))
    let left = short(x0), mid = short((x0 + x1) / 2), right = short(x1)
    var ticks = Array(repeating: Character(" "), count: cols + axisWidth + 2)
    for (text, at) in [(left, axisWidth + 2), (mid, axisWidth + 2 + cols / 2 - mid.count / 2), (right, axisWidth + 2 + cols - right.count)] {
      for (i, ch) in text.enumerated() where at + i < ticks.count && at + i >= 0 { ticks[at + i] = ch }
    }
    lines.append(trimmed(String(ticks)))
    if !xLabel.isEmpty { lines.append(pad("", axisWidth + 2 + max(0, cols / 2 - xLabel.count / 2)) + xLabel + " " + (unicode ? "→" : "->")) }
    if s.groups.count > 1 || s.centers != nil {
      var entries = s.groups.count > 1 ? s.groups.enumerated().map { "\(markers[$0.offset % markers.count]) \($0.element)" } : []
      if s.centers != nil { entries.append((unicode ? "✚" : "X") + " centre") }
      lines.append(legend(entries))
    }
    if lines.first == "" { lines.removeFirst() }
    return lines
  }

  // MARK: Curves

  /// Curves on a 0-to-1 grid, each drawn with its marker between its points, the reference
  /// line dotted beneath them.
  private func curves(_ c: CurvePlot, xLabel: String, yLabel: String) -> [String] {
    let yTicks = [c.yRange.upperBound, (c.yRange.lowerBound + c.yRange.upperBound) / 2, c.yRange.lowerBound].map(short)
    let axisWidth = max(3, yTicks.map(\.count).max()!)
    let cols = max(20, min(width - axisWidth - 2, 2 * plotHeight + 20)), rows = plotHeight
    var grid = Array(repeating: Array(repeating: Character(" "), count: cols), count: rows)
    func cell(_ x: Double, _ y: Double) -> (Int, Int) {
      let u = (x - c.xRange.lowerBound) / (c.xRange.upperBound - c.xRange.lowerBound)
      let v = (y - c.yRange.lowerBound) / (c.yRange.upperBound - c.yRange.lowerBound)
      return (min(rows - 1, max(0, Int(((1 - v) * Double(rows - 1)).rounded()))), min(cols - 1, max(0, Int((u * Double(cols - 1)).rounded()))))
    }
    func segment(_ a: (Double, Double), _ b: (Double, Double), _ mark: Character) {
      let (r0, c0) = cell(a.0, a.1), (r1, c1) = cell(b.0, b.1)
      let steps = max(abs(r1 - r0), abs(c1 - c0), 1)
      for i in 0...steps {
        let t = Double(i) / Double(steps)
        let (r, col) = cell(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
        grid[r][col] = mark
      }
    }
    let dotted: Character = unicode ? "·" : "."
    switch c.reference {
    case .diagonal: segment((0, 0), (1, 1), dotted)
    case .level(let v): segment((c.xRange.lowerBound, v), (c.xRange.upperBound, v), dotted)
    case nil: break
    }
    for k in c.names.indices {
      let points = Array(zip(c.x[k], c.y[k]))
      let mark = markers[k % markers.count]
      if points.count == 1 || c.dots {
        for p in points { let (r, col) = cell(p.0, p.1); grid[r][col] = mark }
      }
      if !c.dots { for (a, b) in zip(points, points.dropFirst()) { segment(a, b, mark) } }
    }
    var lines = [yLabel.isEmpty ? "" : "\(yLabel) \(unicode ? "↑" : "^")"]
    for r in 0..<rows {
      let tick = r == 0 ? yTicks[0] : r == rows / 2 ? yTicks[1] : r == rows - 1 ? yTicks[2] : ""
      lines.append(trimmed(pad(tick, axisWidth, right: true) + " " + (unicode ? "│" : "|") + String(grid[r])))
    }
    lines.append(String(repeating: " ", count: axisWidth) + " " + (unicode ? "└" : "+") + String(repeating: unicode ? "─" : "-", count: cols))
    let (left, right) = (c.xRange.lowerBound, c.xRange.upperBound)
    lines.append(trimmed(pad("", axisWidth + 2) + pad(short(left), cols / 2 - 1) + pad(short((left + right) / 2), cols - cols / 2 - 1) + short(right)))
    if !xLabel.isEmpty { lines.append(pad("", axisWidth + 2 + max(0, cols / 2 - xLabel.count / 2)) + xLabel + " " + (unicode ? "→" : "->")) }
    var entries = c.names.enumerated().map { "\(markers[$0.offset % markers.count]) \($0.element)" }
    switch c.reference {
    case .diagonal: entries.append("\(dotted) y = x")
    case .level(let v): entries.append("\(dotted) \(short(v))")
    case nil: break
    }
    lines.append(legend(entries))
    if lines.first == "" { lines.removeFirst() }
    return lines
  }

  // MARK: Silhouette

  private func silhouette(_ s: SilhouettePlot) -> [String] {
    let labelWidth = min(24, s.groups.map(\.count).max() ?? 0)
    let low = min(0, s.values.joined().min() ?? 0)
    let room = max(10, width - labelWidth - 14)
    // The zero axis sits where the negative share of the scale ends.
    let negative = low < 0 ? Int((Double(room) * -low / (1 - low)).rounded()) : 0
    let positive = room - negative
    var lines: [String] = []
    for (g, name) in s.groups.enumerated() {
      let values = s.values[g]
      let slices = min(4, values.count)
      for slice in 0..<slices {
        // Each line is the mean of one quarter of the segment's sorted values.
        let lo = slice * values.count / slices, hi = (slice + 1) * values.count / slices
        let v = values[lo..<hi].reduce(0, +) / Double(max(1, hi - lo))
        let neg = v < 0 ? Int((Double(negative) * v / low).rounded()) : 0
        let pos = v > 0 ? Int((Double(positive) * v).rounded()) : 0
        let bar = String(repeating: " ", count: negative - neg) + String(repeating: unicode ? "▒" : "-", count: neg)
          + (unicode ? "│" : "|") + String(repeating: unicode ? "█" : "#", count: pos)
        let label = slice == 0 ? clip(name, labelWidth) : ""
        let mean = slice == 0 ? " mean " + short(values.reduce(0, +) / Double(max(1, values.count))) : ""
        lines.append(pad(label, labelWidth, right: true) + " " + bar + mean)
      }
    }
    lines += wrap("silhouette over all rows: \(short(s.mean)) (-1 to 1; bars are quarters of each segment, best first)")
    return lines
  }

  // MARK: Heat map

  private func heatmap(_ h: HeatMap) -> [String] {
    let shades: [Character] = unicode ? [" ", "░", "▒", "▓", "█"] : [" ", ".", ":", "+", "#"]
    let labelWidth = min(20, h.rows.map(\.count).max() ?? 0)
    let cellWidth = max(7, (h.cells.joined().map(\.count).max() ?? 0) + 3)
    let fit = max(1, (width - labelWidth - 1) / (cellWidth + 1))
    let shown = min(h.columns.count, fit)
    var lines = [pad("", labelWidth) + " " + h.columns.prefix(shown).map { pad(clip($0, cellWidth), cellWidth, right: true) }.joined(separator: " ")]
    let shading = h.shadingValues
    for (r, name) in h.rows.enumerated() {
      let cells = (0..<shown).map { c -> String in
        let z = abs(shading[r][c])
        let shade = shades[z.isFinite ? min(4, Int(z / 0.5)) : 0]
        let text = h.cells[r][c]
        return String(repeating: shade, count: 2) + pad(text, cellWidth - 2, right: true)
      }
      lines.append(pad(clip(name, labelWidth), labelWidth, right: true) + " " + cells.joined(separator: " "))
    }
    let atLeast = unicode ? "≥" : ">="
    switch h.scale {
    case .deviation:
      lines += wrap("shade: distance from the base average (" + zip(shades.dropFirst(), ["0.5", "1", "1.5", "2"]).map { "\($0) \(atLeast)\($1) sd" }.joined(separator: "  ") + ")")
    case .magnitude:
      lines += wrap("shade: size against the largest cell (" + zip(shades.dropFirst(), ["25%", "50%", "75%", "100%"]).map { "\($0) \(atLeast)\($1)" }.joined(separator: "  ") + ")")
    }
    if shown < h.columns.count { lines += wrap("\(h.columns.count - shown) columns cut to fit the width; widen the terminal or .maxwidth") }
    return lines
  }

  // MARK: Dendrogram

  private func dendrogram(_ d: Dendrogram, xLabel: String) -> [String] {
    let labelWidth = min(16, d.leaves.map(\.count).max() ?? 0)
    let cols = max(10, width - labelWidth - 2)
    let top = d.joins.map(\.height).max() ?? 0
    let n = d.leaves.count
    // Each node's row (leaves two rows apart) and column (height).
    var rowOf = (0..<n).map { Double($0 * 2) }
    var colOf = Array(repeating: 0, count: n)
    let rows = max(1, n * 2 - 1)
    // Box-drawing by connections: bit 1 up, 2 down, 4 left, 8 right.
    var links = Array(repeating: Array(repeating: 0, count: cols + 1), count: rows)
    func horizontal(_ r: Int, _ from: Int, _ to: Int) {
      guard to > from else { return }
      for c in from...to {
        if c > from { links[r][c] |= 4 }
        if c < to { links[r][c] |= 8 }
      }
    }
    for j in d.joins {
      let c = top > 0 ? Int((j.height / top * Double(cols)).rounded()) : cols
      let a = Int(rowOf[j.left]), b = Int(rowOf[j.right])
      let (r0, r1) = (min(a, b), max(a, b))
      horizontal(r0, colOf[j.left], c)
      horizontal(r1, colOf[j.right], c)
      if r1 > r0 {
        for r in r0...r1 {
          if r > r0 { links[r][c] |= 1 }
          if r < r1 { links[r][c] |= 2 }
        }
      }
      rowOf.append(Double((r0 + r1) / 2))
      colOf.append(c)
    }
    if let root = d.joins.indices.last { horizontal(Int(rowOf[n + root]), colOf[n + root], min(cols, colOf[n + root] + 1)) }
    let box: [Int: Character] = unicode
      ? [3: "│", 12: "─", 4: "─", 8: "─", 10: "┌", 9: "└", 6: "┐", 5: "┘", 7: "┤", 11: "├", 13: "┴", 14: "┬", 15: "┼", 1: "│", 2: "│"]
      : [3: "|", 12: "-", 4: "-", 8: "-", 10: "+", 9: "+", 6: "+", 5: "+", 7: "+", 11: "+", 13: "+", 14: "+", 15: "+", 1: "|", 2: "|"]
    var lines: [String] = []
    for r in 0..<rows {
      let label = r % 2 == 0 ? clip(d.leaves[r / 2], labelWidth) : ""
      lines.append(trimmed(pad(label, labelWidth, right: true) + " " + String(links[r].map { box[$0] ?? " " })))
    }
    let scale = "0" + String(repeating: " ", count: max(1, cols - 1 - short(top).count)) + short(top)
    lines.append(pad("", labelWidth) + " " + scale)
    lines.append(pad("", labelWidth) + " " + (xLabel.isEmpty ? "merge height" : xLabel) + " " + (unicode ? "→" : "->"))
    return lines
  }
}
