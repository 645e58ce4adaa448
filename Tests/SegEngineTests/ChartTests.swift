import Foundation
import Testing
@testable import SegEngine

import SegTestSupport

/// Every chart kind drawn from fixed data, as Unicode text, ASCII text and SVG, compared
/// with committed goldens (Goldens/charts); SEG_RECORD=1 rewrites them and fails the run.
@Suite struct ChartGoldenTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens/charts")

  /// A fixed, irregular but reproducible sequence in [0, 1).
  static func wave(_ n: Int, _ phase: Double = 0) -> [Double] {
    (0..<n).map { i in (sin(Double(i) * 12.9898 + phase) * 43758.5453).truncatingRemainder(dividingBy: 1).magnitude }
  }

  static let charts: [String: Chart] = {
    var c: [String: Chart] = [:]
    let values = wave(400).enumerated().map { i, u in u * 40 + Double(i % 7) * 3 }
    c["hist"] = Chart(title: "distribution of spend", xLabel: "spend", yLabel: "rows", body: .histogram(.of(values, bins: 8)), note: "3 missing values left out")
    c["bar"] = Chart(title: "rows per region", xLabel: "rows", yLabel: "region",
      body: .bars(BarChart(title: "", labels: ["West", "Central", "North & co", "South"], values: [116, 103, 102, 99])))
    c["stacked"] = Chart(title: "offer per segment", xLabel: "customers", yLabel: "segment",
      body: .stacked(StackedBars(categories: ["0 Dormant", "1 Loyal", "2 Big spenders"], series: ["discount_20", "early_access", "(held out)", "(no rule)"],
        values: [[120, 0, 14, 30], [0, 0, 0, 210], [0, 80, 9, 4]])))
    let u = wave(90, 1), v = wave(90, 2)
    let group = (0..<90).map { $0 % 3 }
    let x = (0..<90).map { u[$0] + Double(group[$0]) * 1.5 }, y = (0..<90).map { v[$0] - Double(group[$0]) }
    let centers = (0..<3).map { g in
      let rows = (0..<90).filter { group[$0] == g }
      return (rows.map { x[$0] }.reduce(0, +) / Double(rows.count), rows.map { y[$0] }.reduce(0, +) / Double(rows.count))
    }
    c["scatter"] = Chart(title: "income by age, coloured by segment", xLabel: "age", yLabel: "income",
      body: .scatter(ScatterPlot(x: x, y: y, group: group, groups: ["0 Dormant", "1 Loyal", "2"], centers: centers)))
    c["scatter-one"] = Chart(title: "income by age", xLabel: "age", yLabel: "income",
      body: .scatter(ScatterPlot(x: x, y: y, group: Array(repeating: 0, count: 90), groups: [])))
    c["elbow"] = Chart(title: "inertia by k (the elbow)", xLabel: "k", yLabel: "inertia",
      body: .line(LinePlot(x: [2, 3, 4, 5, 6, 7], y: [1163.4, 855.5, 499.5, 417.4, 359.9, 330.2], marks: [2: "knee"])))
    c["silhouette"] = Chart(title: "silhouette of segment", xLabel: "silhouette (-1 to 1)", yLabel: "segment",
      body: .silhouette(SilhouettePlot(groups: ["0 Dormant", "1 Loyal", "2"],
        values: [wave(40, 3).map { $0 * 0.7 }, wave(25, 4).map { $0 * 0.6 - 0.15 }, wave(12, 5).map { $0 * 0.5 }], mean: 0.31)))
    let z = [[-0.7, -0.1, -0.2, 1.1], [-0.2, -0.2, 2.4, 0.3], [0.9, 0.0, -0.4, -1.6]]
    c["profile"] = Chart(title: "segments of segment: mean against the base, in standard deviations", xLabel: "feature", yLabel: "segment",
      body: .heatmap(HeatMap(rows: ["0 Dormant", "1 Loyal", "2"], columns: ["age", "income", "web_visits", "recency"], values: z,
        cells: z.map { $0.map { String(format: "%+.1fσ", $0) } })))
    // Eight rows on a line: 0,1 | 2,3 close pairs, then pairs of pairs, as SciPy numbers them.
    let merges = [
      Merge(a: 0, b: 1, height: 1, size: 2), Merge(a: 2, b: 3, height: 1.5, size: 2), Merge(a: 4, b: 5, height: 2, size: 2),
      Merge(a: 6, b: 7, height: 2.5, size: 2), Merge(a: 8, b: 9, height: 4, size: 4), Merge(a: 10, b: 11, height: 5, size: 4),
      Merge(a: 12, b: 13, height: 9, size: 8),
    ]
    c["dendrogram"] = Chart(title: "merge tree of h (ward linkage, top 5 subtrees)", xLabel: "merge height", yLabel: "subtrees (rows)",
      body: .dendrogram(Dendrogram.top(of: merges, rows: 8, leafCount: 5)), note: "(n) is a subtree of n customers merged lower down")
    return c
  }()

  static func compare(_ actual: String, _ name: String) throws {
    let url = folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["SEG_RECORD"] == "1" {
      try actual.write(to: url, atomically: true, encoding: .utf8)
      Issue.record("recorded \(name); rerun without SEG_RECORD to check it")
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(actual == expected, "\(name) differs from its golden; run scripts/record-goldens and review the diff")
  }

  @Test(arguments: charts.keys.sorted())
  func text(_ name: String) throws {
    let chart = try #require(Self.charts[name])
    try Self.compare(TextChartRenderer(width: 72).render(chart) + "\n", name + ".txt")
    let ascii = TextChartRenderer(width: 72, unicode: false).render(chart)
    try Self.compare(ascii + "\n", name + ".ascii.txt")
    #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII || "σ".unicodeScalars.contains($0) }, "\(name): ASCII mode printed \(ascii.unicodeScalars.first { !$0.isASCII }!)")
    #expect(TextChartRenderer(width: 72).render(chart).split(separator: "\n").allSatisfy { $0.count <= 72 }, "\(name) is wider than 72")
  }

  @Test(arguments: charts.keys.sorted())
  func svg(_ name: String) throws {
    let chart = try #require(Self.charts[name])
    let svg = SVGChartRenderer().render(chart)
    try Self.compare(svg, name + ".svg")
    let shape = try XMLShape(svg)
    #expect(shape.root == "svg")
    #expect(shape.texts.contains(chart.title), "\(name): no title")
    if !chart.xLabel.isEmpty && name != "profile" { #expect(shape.texts.contains(chart.xLabel), "\(name): no x label") }
    #expect(shape.count["rect", default: 0] + shape.count["circle", default: 0] + shape.count["path", default: 0] + shape.count["polyline", default: 0] > 0)
  }

  @Test func textEscapesMarkupInSVG() throws {
    let chart = Chart(title: "a <b> & \"c\"", body: .bars(BarChart(title: "", labels: ["<x>"], values: [1])))
    let shape = try XMLShape(SVGChartRenderer().render(chart))
    #expect(shape.texts.contains("a <b> & \"c\""))
    #expect(shape.texts.contains("<x>"))
  }

  @Test func chartsFitNarrowTerminals() {
    for (name, chart) in Self.charts {
      let lines = TextChartRenderer(width: 40).render(chart).split(separator: "\n")
      #expect(lines.allSatisfy { $0.count <= 60 }, "\(name) at width 40: \(lines.map(\.count).max()!)")
    }
  }
}
