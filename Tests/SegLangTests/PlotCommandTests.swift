import Foundation
import SegEngine
import SegTestSupport
import Testing
@testable import SegLang

/// plot and report through the language: every chart kind from session data, the
/// mistakes users make, and what a report holds.
@Suite struct PlotCommandTests {
  static let setup = ClusterCommandTests.setup + """
    cluster kmeans age income web_visits k=3 seed=2 as segment
    name segment 0="A" 1="B"

    """

  /// A new empty folder for one test's files (the test removes it).
  static func temporaryFolder(_ name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-\(name)-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// The charts a run produced.
  static func charts(_ h: SessionHarness) -> [Chart] {
    h.items.compactMap { if case .chart(let c) = $0 { c } else { nil } }
  }

  static func kind(_ c: Chart) -> String {
    switch c.body {
    case .bars: "bars"
    case .histogram: "histogram"
    case .stacked: "stacked"
    case .scatter: "scatter"
    case .line: "line"
    case .curves: "curves"
    case .silhouette: "silhouette"
    case .heatmap: "heatmap"
    case .dendrogram: "dendrogram"
    case .flow: "flow"
    }
  }

  @Test(arguments: [
    ("plot hist income bins=5", "histogram"),
    ("plot bar region", "bars"),
    ("plot bar segment", "bars"),
    ("plot scatter age income", "scatter"),
    ("plot scatter age income web_visits color=segment", "scatter"),
    ("sweep kmeans age income web_visits k=2..4 seed=1\nplot elbow", "line"),
    ("plot silhouette segment", "silhouette"),
    ("plot profile segment", "heatmap"),
    ("plot crosstab segment region normalize=row", "heatmap"),
    ("train tree age income target=region max_depth=2 as m\npredict m\nplot confusion region region_predicted", "heatmap"),
    ("cluster hierarchical age income web_visits k=3 as h\nplot dendrogram h leaves=6", "dendrogram"),
    ("rule \"r\" when segment == \"A\" then offer \"x\"\napply rules holdout=10% seed=1 as offer\nplot coverage offer", "stacked"),
    ("train logistic age income target=loyalty_member as m\npredict m probabilities=true\nplot roc loyalty_member loyalty_member_predicted_true", "curves"),
    ("train logistic age income target=region as m\npredict m probabilities=true\nplot pr region region_predicted_*", "curves"),
    ("train tree age income target=loyalty_member max_depth=3 as m\npredict m probabilities=true\nplot calibration loyalty_member loyalty_member_predicted_true bins=4", "curves"),
    ("train tree age income target=region max_depth=2 as m\nimportance m method=impurity\nplot importance", "bars"),
    ("train tree age income target=region max_depth=2 as m\nplot tree m top=2", "stacked"),
  ])
  func everyKindDrawsFromTheSession(_ script: String, _ kind: String) throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + script) == "")
    let chart = try #require(Self.charts(h).last)
    #expect(Self.kind(chart) == kind)
    #expect(!chart.title.isEmpty)
  }

  /// plot tree draws a tree model's rules, each pasted into filter selecting exactly the
  /// training rows its leaf counts, class by class (true/false columns written as such).
  @Test func treeRulesSelectTheirLeafsRows() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "train tree web_visits region loyalty_member target=channel max_depth=3 as m\nplot tree m") == "")
    guard case .stacked(let bars) = try #require(Self.charts(h).last).body else { Issue.record("not bars"); return }
    #expect(bars.labelsAbove && bars.categories.count > 2)
    #expect(bars.categories.contains { $0.contains("loyalty_member == ") || $0.contains("region") })
    for (rule, counts) in zip(bars.categories, bars.values) {
      #expect(h.run("use customers\nfilter \(rule) as leaf") == "", "\(rule)")
      let channels = try h.session.env.catalog.frame(named: "leaf").column("channel").plainTexts
      #expect(bars.series.map { s in Double(channels.filter { $0 == s }.count) } == counts, "\(rule)")
    }
    #expect(h.run("train forest web_visits region target=channel n_estimators=3 as f\nplot tree f").contains("plot tree draws a single tree, and f is a forest"))
  }

  @Test func crosstabHeatMapShowsTheTablesCellsBySize() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "crosstab segment region normalize=row as ct\nplot crosstab segment region normalize=row") == "")
    guard case .heatmap(let map) = try #require(Self.charts(h).last).body else { Issue.record("not a heat map"); return }
    #expect(map.scale == .magnitude)
    let kept = try h.session.env.catalog.frame(named: "ct")
    #expect(map.rows.count == kept.rowCount && map.columns == Array(kept.columnNames.dropFirst()))
    for (r, row) in map.values.enumerated() {
      #expect(abs(row.reduce(0, +) - 1) < 1e-12, "each row of shares adds up to 1")
      #expect(row == (try kept.columnNames.dropFirst().map { try kept.column($0).doubles()![r] }))
    }
  }

  @Test func histogramCountsEveryPresentValue() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "plot hist income bins=7") == "")
    guard case .histogram(let hist) = try #require(Self.charts(h).last).body else { Issue.record("not a histogram"); return }
    #expect(hist.counts.reduce(0, +) == 400)
    #expect(hist.counts.count == 7)
  }

  @Test func scatterColoursBySegmentNamesAndCentres() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "plot scatter age income") == "")
    guard case .scatter(let s) = try #require(Self.charts(h).last).body else { Issue.record("not a scatter"); return }
    // Coloured by the latest segments by default, with their names.
    #expect(s.groups == ["0 A", "1 B", "2"])
    #expect(s.centers?.count == 3)
    #expect(s.x.count == 400)
  }

  @Test func scatterSamplesLargeFramesWithASeed() throws {
    let runs = try (0..<2).map { _ in
      let h = SessionHarness()
      #expect(h.run(Self.setup + "plot scatter age income sample=50 seed=3") == "")
      guard case .scatter(let s) = try #require(Self.charts(h).last).body else { throw CancellationError() }
      return s
    }
    #expect(runs[0].x.count == 50)
    #expect(runs[0] == runs[1])
  }

  @Test func completionOffersTheKindsOptions() {
    let h = SessionHarness()
    _ = h.run(Self.setup)
    func options(_ line: String) -> [String] { h.session.completions(line: line, cursor: line.utf8.count).candidates }
    #expect(options("plot ") == PlotKind.allCases.map(\.rawValue), "only the kinds where the kind goes")
    #expect(options("plot hist income b") == ["bins="])
    #expect(options("plot scatter age income b").isEmpty)
    #expect(options("plot dendrogram segment le") == ["leaves="])
  }

  @Test func plotToWritesAnSVGFile() throws {
    let dir = try Self.temporaryFolder("plot")
    defer { try? FileManager.default.removeItem(at: dir) }
    let h = SessionHarness(baseDirectory: dir.path)
    #expect(h.run(Self.setup + "plot profile segment to=\"profile.svg\"") == "")
    let svg = try String(contentsOf: dir.appendingPathComponent("profile.svg"), encoding: .utf8)
    let shape = try XMLShape(svg)
    #expect(shape.root == "svg")
    #expect(shape.texts.contains("0 A"))
  }

  @Test(arguments: [
    ("plot scatter age region", "needs numbers, and region holds text"),
    ("plot elbow", "this session has run none"),
    ("plot dendrogram segment", "needs a hierarchical clustering"),
    ("plot hist", "takes 1 column, got 0"),
    ("plot hist age income", "takes 1 column, got 2"),
    ("plot scatter age income bins=4", "bins= is not an option of plot scatter"),
    ("plot silhouette region", "whole-number segment labels"),
    ("plot coverage segment", "segment was not written by apply rules"),
    ("plot pie age", "pie"),
    ("plot hist incme", "unknown column \"incme\""),
    ("plot hist age to=\"/dev/null/a.svg\"", "\"/dev/null\" is a file, not a folder"),
    ("report \"/dev/null/r.html\"", "\"/dev/null\" is a file, not a folder"),
  ])
  func mistakesGetClearErrors(_ line: String, _ expected: String) {
    let h = SessionHarness()
    let error = h.run(Self.setup + line)
    #expect(error.contains(expected), "\(line): \(error)")
  }

  @Test func reportHoldsEveryCellAndAManifest() throws {
    let dir = try Self.temporaryFolder("report")
    defer { try? FileManager.default.removeItem(at: dir) }
    let csv = dir.appendingPathComponent("people.csv")
    try "id,age\n1,30\n2,40\n".write(to: csv, atomically: true, encoding: .utf8)
    let h = SessionHarness(baseDirectory: dir.path)
    h.run("load \"people.csv\"\nhelp load\nshow\n")
    h.run("plot hist agee")  // a failed command is a cell with its error
    h.run("plot hist age bins=2\nreport \"r.html\"")
    let html = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
    let shape = try XMLShape(html)
    #expect(shape.root == "html")
    // load, show, the failed plot, the plot: help is left out, as .save leaves it out.
    #expect(shape.attributes.filter { $0.0 == "section" && $0.1["class"] == "cell" }.count == 4)
    #expect(shape.count["svg"] == 1)
    #expect(shape.texts.contains { $0.contains("unknown column \"agee\"") })
    #expect(shape.texts.contains("people.csv"))
    #expect(shape.texts.contains(Fingerprint.hex(try Data(contentsOf: csv))))
    #expect(shape.texts.contains("bins=10") == false)
    #expect(shape.texts.contains { $0.contains("top=20") } == false)
    // The manifest lists exactly what .save writes, the plot's defaults beside it.
    #expect(h.session.transcript == ["load \"people.csv\"", "show", "plot hist age bins=2", "report \"r.html\""])
    #expect(html.contains("defaults: <code>"))
    #expect(!html.contains("<script"))
  }

  @Test func markdownReportWritesChartsBesideIt() throws {
    let dir = try Self.temporaryFolder("md")
    defer { try? FileManager.default.removeItem(at: dir) }
    let h = SessionHarness(baseDirectory: dir.path)
    #expect(h.run(Self.setup + "plot hist age\nplot profile segment\nreport \"notes.md\"") == "")
    let md = try String(contentsOf: dir.appendingPathComponent("notes.md"), encoding: .utf8)
    #expect(md.contains("![distribution of age](notes_files/chart-1.svg)"))
    #expect(md.contains("## Run manifest"))
    _ = try XMLShape(try String(contentsOf: dir.appendingPathComponent("notes_files/chart-2.svg"), encoding: .utf8))
  }

  @Test func reportIsTheSameBytesOnEveryRun() throws {
    let dir = try Self.temporaryFolder("det")
    defer { try? FileManager.default.removeItem(at: dir) }
    let texts = try (0..<2).map { _ in
      let h = SessionHarness(baseDirectory: dir.path)
      #expect(h.run(Self.setup + "plot scatter age income web_visits\nplot silhouette segment\nreport \"r.html\"") == "")
      return try Data(contentsOf: dir.appendingPathComponent("r.html"))
    }
    #expect(texts[0] == texts[1])
  }
}

/// Values far beyond customer data (±1e308, 1e200) are drawn or refused, never a crash.
@Suite struct HugeValueTests {
  @Test(arguments: [
    ("derive x = if(age > 40, 1e308, -1e308)\nplot scatter x income", ""),
    ("derive x = if(age > 40, 1e308, -1e308)\nplot scatter x income color=segment", ""),
    ("derive x = 1e17 + age\nplot hist x", ""),
    ("derive x = if(age > 40, 1e200, -1e200)\ncluster hierarchical x income k=2 linkage=ward", "overflows past ±1e150"),
    ("derive x = if(age > 40, 1e308, -1e308)\ncluster hierarchical x income k=2 linkage=complete", "overflows past ±1e150"),
    ("derive x = if(age > 40, 1e308, -1e308)\ncluster kmeans x income k=2", "overflows past ±1e150"),
  ])
  func hugeValuesAreDrawnOrRefused(_ script: String, _ expected: String) {
    let h = SessionHarness()
    #expect(h.run(PlotCommandTests.setup) == "")
    let error = h.run(script)
    #expect(expected.isEmpty ? error.isEmpty : error.contains(expected), "\(error)")
  }
}
