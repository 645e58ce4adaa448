import Foundation

/// Draws a chart as a standalone SVG document: title, axis labels, ticks and a legend, in
/// the colour-blind-safe palette; the same chart always gives the same bytes.
public struct SVGChartRenderer: Sendable {
  public init() {}

  /// A linear map from data values to pixels.
  private struct Scale {
    var low: Double, high: Double, from: Double, to: Double
    func callAsFunction(_ v: Double) -> Double { high > low ? from + (v - low) / (high - low) * (to - from) : (from + to) / 2 }
  }

  private struct Area { var left: Double, top: Double, right: Double, bottom: Double }

  public func render(_ chart: Chart) -> String {
    var doc: SVGDocument
    switch chart.body {
    case .bars(let b): doc = bars(chart, labels: b.labels, values: b.values.map { [$0] }, series: [], marks: b.marks)
    case .stacked(let s): doc = bars(chart, labels: s.categories, values: s.values, series: s.series, marks: [:], labelsAbove: s.labelsAbove)
    case .histogram(let h): doc = histogram(chart, h)
    case .scatter(let s): doc = scatter(chart, s)
    case .line(let l): doc = line(chart, l)
    case .curves(let c): doc = curves(chart, c)
    case .silhouette(let s): doc = silhouette(chart, s)
    case .heatmap(let h): doc = heatmap(chart, h)
    case .dendrogram(let d): doc = dendrogram(chart, d)
    case .flow(let f): doc = flow(chart, f)
    }
    return doc.render(title: chart.title)
  }

  private func label(_ v: Double) -> String { ValueFormatter.number(v, significant: 4) }

  /// Title on top, the note at the foot, axis labels beside the plotting area.
  private func frame(_ doc: inout SVGDocument, _ chart: Chart, _ area: Area) {
    doc.text(doc.width / 2, 22, chart.title, anchor: .middle, size: 15, extra: " font-weight=\"bold\"")
    if !chart.xLabel.isEmpty { doc.text((area.left + area.right) / 2, area.bottom + 38, chart.xLabel, anchor: .middle, size: 12) }
    if !chart.yLabel.isEmpty {
      let x = 16.0, y = (area.top + area.bottom) / 2
      doc.text(x, y, chart.yLabel, anchor: .middle, size: 12, extra: " transform=\"rotate(-90 \(SVGDocument.n(x)) \(SVGDocument.n(y)))\"")
    }
    if let note = chart.note { doc.text(area.left, doc.height - 8, note, size: 11, extra: " fill=\"#555\"") }
  }

  private func xAxis(_ doc: inout SVGDocument, _ x: Scale, _ area: Area, grid: Bool = true) {
    doc.line(area.left, area.bottom, area.right, area.bottom)
    for t in AxisTicks.ticks(x.low, x.high) {
      let px = x(t)
      if grid { doc.line(px, area.top, px, area.bottom, stroke: "#e5e5e5") }
      doc.line(px, area.bottom, px, area.bottom + 4)
      doc.text(px, area.bottom + 17, label(t), anchor: .middle, size: 11)
    }
  }

  private func yAxis(_ doc: inout SVGDocument, _ y: Scale, _ area: Area) {
    doc.line(area.left, area.top, area.left, area.bottom)
    for t in AxisTicks.ticks(y.low, y.high) {
      let py = y(t)
      doc.line(area.left, py, area.right, py, stroke: "#e5e5e5")
      doc.line(area.left - 4, py, area.left, py)
      doc.text(area.left - 7, py + 4, label(t), anchor: .end, size: 11)
    }
  }

  private func legend(_ doc: inout SVGDocument, _ entries: [(String, String)], x: Double, y: Double) {
    for (i, (name, color)) in entries.enumerated() {
      let py = y + Double(i) * 18
      doc.rect(x, py - 9, 11, 11, fill: color)
      doc.text(x + 16, py + 1, name, size: 11)
    }
  }

  private func legendWidth(_ names: [String]) -> Double { names.isEmpty ? 0 : min(200, 36 + 6.5 * Double(names.map(\.count).max()!)) }

  // MARK: Kinds

  /// Horizontal bars, one series or stacked.
  private func bars(_ chart: Chart, labels: [String], values: [[Double]], series: [String], marks: [Int: String], labelsAbove: Bool = false) -> SVGDocument {
    // Labels above their bars take a row of their own and no margin.
    let (row, offset) = labelsAbove ? (40.0, 18.0) : (24.0, 4.0)
    let left = (labelsAbove ? 16 : 16 + min(220, 7 * Double(labels.map(\.count).max() ?? 1))) + (chart.yLabel.isEmpty ? 0 : 14)
    let lw = legendWidth(series)
    let width = 720.0
    let area = Area(left: left, top: 40, right: width - 70 - lw, bottom: 40 + Double(max(1, labels.count)) * row)
    var doc = SVGDocument(width: width, height: area.bottom + 60)
    let totals = values.map { $0.reduce(0, +) }
    let x = Scale(low: min(0, totals.min() ?? 0), high: max(totals.max() ?? 1, 0) == 0 ? 1 : max(totals.max() ?? 1, 0), from: area.left, to: area.right)
    xAxis(&doc, x, area)
    for (i, name) in labels.enumerated() {
      let y = area.top + Double(i) * row + offset
      var start = 0.0
      for (k, v) in values[i].enumerated() {
        doc.rect(x(min(start, start + v)), y, abs(x(start + v) - x(start)), 16, fill: ChartPalette.color(series.isEmpty ? 0 : k))
        start += v
      }
      if labelsAbove {
        doc.text(area.left, y - 4, name, size: 11)
      } else {
        doc.text(area.left - 6, y + 12, name, anchor: .end, size: 11)
      }
      let mark = marks[i].map { "  ◀ " + $0 } ?? ""
      doc.text(x(max(0, totals[i])) + 4, y + 12, label(totals[i]) + mark, size: 11, extra: marks[i] == nil ? "" : " fill=\"#D55E00\" font-weight=\"bold\"")
    }
    legend(&doc, series.enumerated().map { ($0.element, ChartPalette.color($0.offset)) }, x: width - lw - 10, y: area.top + 8)
    frame(&doc, chart, area)
    return doc
  }

  private func histogram(_ chart: Chart, _ h: Histogram) -> SVGDocument {
    var doc = SVGDocument(width: 720, height: 420)
    let area = Area(left: 70, top: 40, right: 700, bottom: 360)
    let x = Scale(low: h.edges.first ?? 0, high: h.edges.last ?? 1, from: area.left, to: area.right)
    let y = Scale(low: 0, high: Double(max(1, h.counts.max() ?? 1)), from: area.bottom, to: area.top)
    yAxis(&doc, y, area)
    for (i, c) in h.counts.enumerated() {
      doc.rect(x(h.edges[i]) + 0.5, y(Double(c)), x(h.edges[i + 1]) - x(h.edges[i]) - 1, area.bottom - y(Double(c)), fill: ChartPalette.color(0),
        tooltip: "\(label(h.edges[i]))–\(label(h.edges[i + 1])): \(c)")
    }
    xAxis(&doc, x, area, grid: false)
    frame(&doc, chart, area)
    return doc
  }

  private func scatter(_ chart: Chart, _ s: ScatterPlot) -> SVGDocument {
    let names = s.groups.count > 1 ? s.groups : []
    let lw = legendWidth(names + (s.centers == nil ? [] : ["centre"]))
    var doc = SVGDocument(width: 720 + lw, height: 480)
    let area = Area(left: 74, top: 40, right: 700, bottom: 420)
    let xs = s.x + (s.centers?.map(\.0) ?? []), ys = s.y + (s.centers?.map(\.1) ?? [])
    let (x0, x1) = padded(xs.min() ?? 0, xs.max() ?? 1), (y0, y1) = padded(ys.min() ?? 0, ys.max() ?? 1)
    let x = Scale(low: x0, high: x1, from: area.left, to: area.right)
    let y = Scale(low: y0, high: y1, from: area.bottom, to: area.top)
    yAxis(&doc, y, area)
    xAxis(&doc, x, area)
    for g in 0..<max(1, s.groups.count) {
      var dots: [String] = []
      for i in s.x.indices where s.group[i] == g {
        dots.append("<circle cx=\"\(SVGDocument.n(x(s.x[i])))\" cy=\"\(SVGDocument.n(y(s.y[i])))\" r=\"2.5\"/>")
      }
      doc.add("<g fill=\"\(ChartPalette.color(g))\" fill-opacity=\"0.65\">" + dots.joined() + "</g>")
    }
    for (i, (cx, cy)) in (s.centers ?? []).enumerated() {
      let px = x(cx), py = y(cy)
      let cross = "M\(SVGDocument.n(px - 7)) \(SVGDocument.n(py))H\(SVGDocument.n(px + 7))M\(SVGDocument.n(px)) \(SVGDocument.n(py - 7))V\(SVGDocument.n(py + 7))"
      doc.add("<path d=\"\(cross)\" stroke=\"#000\" stroke-width=\"4\"/><path d=\"\(cross)\" stroke=\"\(ChartPalette.color(i))\" stroke-width=\"2\"/>")
    }
    var entries = names.enumerated().map { ($0.element, ChartPalette.color($0.offset)) }
    if s.centers != nil { entries.append(("centre (✚)", "#000000")) }
    legend(&doc, entries, x: 712, y: area.top + 8)
    frame(&doc, chart, area)
    return doc
  }

  /// A little room around the data so points on the edge are not cut.
  private func padded(_ lo: Double, _ hi: Double) -> (Double, Double) {
    let span = hi > lo ? hi - lo : max(1, abs(lo))
    return (lo - span * 0.04, hi + span * 0.04)
  }

  private func line(_ chart: Chart, _ l: LinePlot) -> SVGDocument {
    var doc = SVGDocument(width: 720, height: 420)
    let area = Area(left: 80, top: 40, right: 690, bottom: 360)
    let (x0, x1) = padded(l.x.min() ?? 0, l.x.max() ?? 1)
    let (y0, y1) = padded(l.y.filter(\.isFinite).min() ?? 0, l.y.filter(\.isFinite).max() ?? 1)
    let x = Scale(low: x0, high: x1, from: area.left, to: area.right), y = Scale(low: y0, high: y1, from: area.bottom, to: area.top)
    yAxis(&doc, y, area)
    xAxis(&doc, x, area, grid: false)
    let points = l.x.indices.filter { l.y[$0].isFinite }.map { (x(l.x[$0]), y(l.y[$0])) }
    doc.polyline(points, stroke: ChartPalette.color(0), extra: " stroke-width=\"2\"")
    for (px, py) in points { doc.add("<circle cx=\"\(SVGDocument.n(px))\" cy=\"\(SVGDocument.n(py))\" r=\"3.5\" fill=\"\(ChartPalette.color(0))\"/>") }
    for (i, mark) in l.marks.sorted(by: { $0.key < $1.key }) where l.x.indices.contains(i) && l.y[i].isFinite {
      let px = x(l.x[i]), py = y(l.y[i])
      doc.add("<circle cx=\"\(SVGDocument.n(px))\" cy=\"\(SVGDocument.n(py))\" r=\"8\" fill=\"none\" stroke=\"#D55E00\" stroke-width=\"2.5\"/>")
      doc.text(px + 11, py - 9, "\(mark) (\(label(l.x[i])))", size: 12, extra: " fill=\"#D55E00\" font-weight=\"bold\"")
    }
    frame(&doc, chart, area)
    return doc
  }

  /// Curves on square-ish axes (0 to 1 unless given), the reference line dashed, a legend at the right.
  private func curves(_ chart: Chart, _ c: CurvePlot) -> SVGDocument {
    var doc = SVGDocument(width: 720, height: 480)
    let area = Area(left: 80, top: 40, right: 680 - legendWidth(c.names), bottom: 420)
    let x = Scale(low: c.xRange.lowerBound, high: c.xRange.upperBound, from: area.left, to: area.right)
    let y = Scale(low: c.yRange.lowerBound, high: c.yRange.upperBound, from: area.bottom, to: area.top)
    yAxis(&doc, y, area)
    xAxis(&doc, x, area)
    let dashed = " stroke-dasharray=\"5 4\" stroke-width=\"1.5\""
    switch c.reference {
    case .diagonal: doc.polyline([(x(0), y(0)), (x(1), y(1))], stroke: "#888", extra: dashed)
    case .level(let v): doc.polyline([(x(c.xRange.lowerBound), y(v)), (x(c.xRange.upperBound), y(v))], stroke: "#888", extra: dashed)
    case nil: break
    }
    for k in c.names.indices {
      let points = zip(c.x[k], c.y[k]).map { (x($0), y($1)) }
      doc.polyline(points, stroke: ChartPalette.color(k), extra: " stroke-width=\"2\"")
      if c.dots || points.count == 1 {
        for (px, py) in points { doc.add("<circle cx=\"\(SVGDocument.n(px))\" cy=\"\(SVGDocument.n(py))\" r=\"4\" fill=\"\(ChartPalette.color(k))\"/>") }
      }
    }
    legend(&doc, c.names.enumerated().map { ($1, ChartPalette.color($0)) }, x: area.right + 16, y: area.top + 10)
    frame(&doc, chart, area)
    return doc
  }

  private func silhouette(_ chart: Chart, _ s: SilhouettePlot) -> SVGDocument {
    let left = 16 + min(200, 7 * Double(s.groups.map(\.count).max() ?? 1)) + 14
    var doc = SVGDocument(width: 720, height: 480)
    let area = Area(left: left, top: 40, right: 700, bottom: 420)
    let low = min(-0.1, (s.values.joined().min() ?? 0) - 0.05)
    let x = Scale(low: low, high: 1, from: area.left, to: area.right)
    xAxis(&doc, x, area)
    let total = Double(max(1, s.values.map(\.count).reduce(0, +)))
    let gap = 6.0
    let room = area.bottom - area.top - gap * Double(s.groups.count + 1)
    var top = area.top + gap
    for (g, values) in s.values.enumerated() {
      let h = max(4, room * Double(values.count) / total)
      // At most 120 points outline each band: the sorted values at evenly spaced ranks.
      let steps = min(values.count, 120)
      var outline = [(x(0), top)]
      for i in 0..<steps {
        let v = values[steps == 1 ? 0 : i * (values.count - 1) / (steps - 1)]
        outline.append((x(v), top + h * Double(i) / Double(max(1, steps - 1))))
      }
      outline.append((x(0), top + h))
      doc.polyline(outline, stroke: "none", fill: ChartPalette.color(g))
      doc.text(area.left - 6, top + h / 2 + 4, s.groups[g], anchor: .end, size: 11)
      top += h + gap
    }
    doc.line(x(0), area.top, x(0), area.bottom, stroke: "#444")
    doc.line(x(s.mean), area.top, x(s.mean), area.bottom, stroke: "#D55E00", extra: " stroke-width=\"2\" stroke-dasharray=\"6 4\"")
    doc.text(x(s.mean) + 4, area.top - 4, "mean \(label(s.mean))", size: 11, extra: " fill=\"#D55E00\"")
    frame(&doc, chart, area)
    return doc
  }

  private func heatmap(_ chart: Chart, _ h: HeatMap) -> SVGDocument {
    // Room for the rotated y title (about 0–24) before the row labels.
    let left = 32 + min(200, 7 * Double(h.rows.map(\.count).max() ?? 1))
    let cell = min(120, max(56, (700 - left) / Double(max(1, h.columns.count))))
    let width = left + cell * Double(h.columns.count) + 20
    let area = Area(left: left, top: 66, right: width - 20, bottom: 66 + Double(h.rows.count) * 28)
    var doc = SVGDocument(width: max(720, width), height: area.bottom + 60)
    for (c, name) in h.columns.enumerated() {
      doc.text(left + cell * (Double(c) + 0.5), area.top - 8, name, anchor: .middle, size: 11)
    }
    let shading = h.shadingValues
    for (r, name) in h.rows.enumerated() {
      let y = area.top + Double(r) * 28
      doc.text(left - 6, y + 18, name, anchor: .end, size: 11)
      for c in h.columns.indices {
        let z = shading[r][c]
        doc.rect(left + cell * Double(c), y, cell - 2, 26, fill: ChartPalette.diverging(z))
        doc.text(left + cell * (Double(c) + 0.5) - 1, y + 17, h.cells[r][c], anchor: .middle, size: 11,
          extra: abs(z) > 1.3 ? " fill=\"#ffffff\"" : "")
      }
    }
    let legend = h.scale == .deviation
      ? "blue: below the base average, orange: above; full colour at 2 standard deviations" : "darker: larger; full colour at the largest cell"
    doc.text(area.left, area.bottom + 20, legend, size: 11, extra: " fill=\"#555\"")
    // The columns are named above the grid; the note takes the place of an x label.
    var framed = chart
    framed.xLabel = ""
    frame(&doc, framed, area)
    return doc
  }

  /// Sources as bars on the left, targets on the right, each flow a band between them coloured
  /// as its source; a band leaves its source in target order and arrives in source order, so
  /// bands never cross at the bars.
  private func flow(_ chart: Chart, _ f: FlowDiagram) -> SVGDocument {
    let labelWidth = min(180, 7 * Double((f.sources + f.targets).map(\.count).max() ?? 1) + 50)
    let area = Area(left: 24 + labelWidth, top: 58, right: 696 - labelWidth, bottom: 58 + max(220, 26 * Double(max(f.sources.count, f.targets.count))))
    var doc = SVGDocument(width: 720, height: area.bottom + 40)
    let (sourceTotals, targetTotals) = (f.sourceTotals, f.targetTotals)
    let gap = 8.0, bar = 14.0
    let spare = { (n: Int) in area.bottom - area.top - gap * Double(max(0, n - 1)) }
    let scale = min(spare(f.sources.count) / Double(max(1, sourceTotals.reduce(0, +))), spare(f.targets.count) / Double(max(1, targetTotals.reduce(0, +))))
    let left = FlowDiagram.stack(sourceTotals, top: area.top, gap: gap, scale: scale)
    let right = FlowDiagram.stack(targetTotals, top: area.top, gap: gap, scale: scale)
    var leaving = left.map(\.y), arriving = right.map(\.y)
    let (x0, x1) = (area.left + bar, area.right - bar)
    let middle = (x0 + x1) / 2
    let n = SVGDocument.n
    for flow in f.flows {
      let h = Double(flow.count) * scale
      let (y0, y1) = (leaving[flow.source], arriving[flow.target])
      leaving[flow.source] += h
      arriving[flow.target] += h
      let path = "M\(n(x0)) \(n(y0))C\(n(middle)) \(n(y0)) \(n(middle)) \(n(y1)) \(n(x1)) \(n(y1))V\(n(y1 + h))"
        + "C\(n(middle)) \(n(y1 + h)) \(n(middle)) \(n(y0 + h)) \(n(x0)) \(n(y0 + h))Z"
      let tip = "\(f.sources[flow.source]) → \(f.targets[flow.target]): \(ValueFormatter.grouped(flow.count))"
      doc.add("<path d=\"\(path)\" fill=\"\(ChartPalette.color(flow.source))\" fill-opacity=\"0.45\"><title>\(SVGDocument.escape(tip))</title></path>")
    }
    for (i, name) in f.sources.enumerated() {
      doc.rect(area.left, left[i].y, bar, left[i].height, fill: ChartPalette.color(i), tooltip: "\(name): \(ValueFormatter.grouped(sourceTotals[i]))")
      doc.text(area.left - 6, left[i].y + left[i].height / 2 + 4, "\(name) (\(ValueFormatter.grouped(sourceTotals[i])))", anchor: .end, size: 11)
    }
    for (j, name) in f.targets.enumerated() {
      doc.rect(x1, right[j].y, bar, right[j].height, fill: "#777777", tooltip: "\(name): \(ValueFormatter.grouped(targetTotals[j]))")
      doc.text(area.right + 6, right[j].y + right[j].height / 2 + 4, "\(name) (\(ValueFormatter.grouped(targetTotals[j])))", size: 11)
    }
    var framed = chart
    (framed.xLabel, framed.yLabel) = ("", "")
    frame(&doc, framed, area)
    doc.text(area.left, area.top - 8, chart.yLabel, size: 12, extra: " font-weight=\"bold\"")
    doc.text(area.right, area.top - 8, chart.xLabel, anchor: .end, size: 12, extra: " font-weight=\"bold\"")
    return doc
  }

  private func dendrogram(_ chart: Chart, _ d: Dendrogram) -> SVGDocument {
    let left = 32 + min(160, 7 * Double(d.leaves.map(\.count).max() ?? 1))
    let n = d.leaves.count
    let area = Area(left: left, top: 40, right: 690, bottom: 40 + Double(n) * 20)
    var doc = SVGDocument(width: 720, height: area.bottom + 60)
    let x = Scale(low: 0, high: (d.joins.map(\.height).max() ?? 1) * 1.04, from: area.left, to: area.right)
    xAxis(&doc, x, area)
    var yOf = (0..<n).map { area.top + 10 + Double($0) * 20 }
    var xOf = Array(repeating: area.left, count: n)
    var path = ""
    for (i, name) in d.leaves.enumerated() { doc.text(area.left - 6, yOf[i] + 4, name, anchor: .end, size: 11) }
    for j in d.joins {
      let px = x(j.height)
      let (ya, yb) = (yOf[j.left], yOf[j.right])
      path += "M\(SVGDocument.n(xOf[j.left])) \(SVGDocument.n(ya))H\(SVGDocument.n(px))V\(SVGDocument.n(yb))H\(SVGDocument.n(xOf[j.right]))"
      yOf.append((ya + yb) / 2)
      xOf.append(px)
    }
    doc.add("<path d=\"\(path)\" fill=\"none\" stroke=\"\(ChartPalette.color(0))\" stroke-width=\"1.5\"/>")
    frame(&doc, chart, area)
    return doc
  }
}
