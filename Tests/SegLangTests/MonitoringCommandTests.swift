import Foundation
import SegEngine
import Testing
@testable import SegLang

/// drift, migrate, uplift, monitor and sample outcome through the language: what they
/// show, what they keep, and how they refuse bad input.
@Suite struct MonitoringCommandTests {
  static let twoMonths = """
    sample customers n=3000 seed=7 as january
    impute age income strategy=median
    scale age income web_visits method=zscore
    cluster kmeans age income web_visits k=3 seed=7 as segment
    select customer_id age income web_visits channel as february
    derive income = income * 1.3

    """

  static let campaign = """
    sample customers n=20000 seed=7
    rule "web" when channel in ("online", "both") then offer "discount_10"
    rule "store" when channel == "store" then offer "coupon"
    apply rules holdout=20% seed=7 as offer

    """

  @Test func driftFindsTheColumnThatMovedAndKeepsTheResult() throws {
    let h = SessionHarness()
    #expect(h.run(Self.twoMonths + "drift january age income web_visits channel as d\n") == "")
    let kept = try h.session.env.catalog.frame(named: "d")
    let verdicts = try kept.column("verdict").plainTexts
    #expect(try kept.column("column").plainTexts == ["age", "income", "web_visits", "channel"])
    #expect(verdicts == ["stable", "major", "stable", "stable"])
    #expect(h.output.contains { $0.hasPrefix("overall: major (1 major, 3 stable)") })
  }

  @Test func driftWithoutColumnsLeavesOutTheKeyAndDates() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=500 seed=1 as a\nsample customers n=500 seed=2 as b\ndrift a as d\n") == "")
    let columns = try h.session.env.catalog.frame(named: "d").column("column").plainTexts.compactMap { $0 }
    #expect(!columns.contains("customer_id") && !columns.contains("signup_date") && columns.contains("income"))
  }

  @Test func migrationMatchesCustomersByKeyAcrossFrames() throws {
    let h = SessionHarness()
    #expect(h.run(Self.twoMonths + """
      filter customer_id > 100 as march
      cluster kmeans age income web_visits k=3 seed=7 as segment
      migrate segment segment previous=january as moves
      """) == "")
    let moves = try h.session.env.catalog.frame(named: "moves")
    #expect(moves.columnNames.last == "(lost)")
    let lost = try moves.column("(lost)").plainTexts.compactMap { Int($0 ?? "") }.reduce(0, +)
    #expect(lost == 100)
    #expect(h.output.contains { $0.contains("100 lost") })
    // The flow diagram carries the matrix's counts, flow by flow.
    let flow = h.items.compactMap { item -> FlowDiagram? in
      if case .chart(let c) = item, case .flow(let f) = c.body { f } else { nil }
    }.last
    let diagram = try #require(flow)
    #expect(diagram.targets.last == "(lost)")
    for (i, row) in diagram.counts.enumerated() {
      for (j, n) in row.enumerated() { #expect(try moves.columns[j + 1].value(at: i) == .int(n)) }
    }
    #expect(diagram.flows.map(\.count).reduce(0, +) == diagram.counts.joined().reduce(0, +))
  }

  @Test func upliftRecoversTheSampleCampaignsTrueLiftPerChannel() throws {
    let h = SessionHarness()
    #expect(h.run(Self.campaign + "sample outcome actions=offer seed=7\nuplift offer outcome=converted by=channel as measured\n") == "")
    let measured = try h.session.env.catalog.frame(named: "measured")
    let channels = try measured.column("channel").plainTexts, lift = try measured.column("lift").doubles()!
    let low = try measured.column("low").doubles()!, high = try measured.column("high").doubles()!
    for (i, channel) in channels.enumerated() {
      guard let channel else { continue }
      let truth = try #require(SampleData.trueUplift[channel])
      #expect(low[i] <= truth && truth <= high[i], "\(channel): \(lift[i]) in [\(low[i]), \(high[i])] misses \(truth)")
    }
  }

  /// The two sessions the refusals start from.
  enum Setup: Sendable { case twoMonths, campaign }

  @Test(arguments: [
    (Setup.twoMonths, "drift january tenure", "unknown column \"tenure\""),
    (.twoMonths, "use january\ndrift february age region", "the baseline frame has no column \"region\""),
    (.twoMonths, "drift january age region", "unknown column \"region\""),
    (.twoMonths, "drift january channel method=ks", "column \"channel\" is string, but a number or date for ks"),
    (.twoMonths, "drift january age bins=1", "bins"),
    (.twoMonths, "drift nowhere age", "unknown frame \"nowhere\""),
    (.twoMonths, "use january\nmigrate segment segment previous=january key=nothing", "unknown column \"nothing\""),
    (.twoMonths, "monitor nothing", "no segmentation model called nothing"),
    (.campaign, "uplift offer outcome=channel", "column \"channel\" is string, but a 0/1, true/false or numeric outcome"),
    (.campaign, "uplift region outcome=income", "region was not written by apply rules"),
    (.campaign, "apply rules holdout=0% as plain\nuplift plain outcome=income", "no customer was held out of plain"),
    (.campaign, "sample outcome seed=1", "sample outcome needs actions="),
    (.campaign, "sample outcome actions=offer n=5", "n= is for sample customers"),
  ])
  func badInputIsRefused(_ setup: Setup, _ line: String, _ message: String) throws {
    let error = SessionHarness().run((setup == .twoMonths ? Self.twoMonths : Self.campaign) + line + "\n")
    #expect(error.contains(message), "\(error)")
  }

  @Test func monitorReportsAndRaisesTheAlertItWasAskedFor() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-monitor-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let h = SessionHarness(baseDirectory: folder)
    #expect(h.run(Self.twoMonths + """
      save model segment "m.json"
      load model "m.json" as m
      monitor m fail_on=major as watched
      """) == "")
    #expect(h.session.alerts.count == 1)
    #expect(try h.session.env.catalog.frame(named: "watched").column("verdict").plainTexts.contains("major"))
    let quiet = SessionHarness(baseDirectory: folder)
    #expect(quiet.run(Self.twoMonths + "load model \"m.json\" as m\nuse january\nmonitor m fail_on=major\n") == "")
    #expect(quiet.session.alerts.isEmpty)
    #expect(quiet.output.contains { $0.contains("model m: stable") })
    #expect(quiet.output.contains { $0.contains("far from every centre: stable (1% of customers") })
  }

  @Test func monitorRefusesKSAndModelsWithoutABaseline() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-monitor-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let h = SessionHarness(baseDirectory: folder)
    #expect(h.run(Self.twoMonths + "save model segment \"m.json\"\n") == "")
    #expect(h.run("load model \"m.json\" as m\nmonitor m method=ks\n").contains("ks"))
    // A file saved before models kept a baseline.
    let path = folder + "/m.json"
    var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    json["baseline"] = nil
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: folder + "/old.json"))
    let old = SessionHarness(baseDirectory: folder)
    let error = old.run(Self.twoMonths + "load model \"old.json\" as old\nmonitor old\n")
    #expect(error.contains("old was saved before seg kept what monitor compares with"), "\(error)")
  }

  @Test func saveModelWritesScoringSQLThatSQLiteRuns() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-sql-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let h = SessionHarness(baseDirectory: folder)
    #expect(h.run(Self.twoMonths + """
      use january
      name segment 0="A" 1="B" 2="C"
      rule "b" when segment == "B" and channel == "online" then offer "x" priority=2
      rule "rest" then offer "y"
      save model segment "score.sql" dialect=sqlite table=customers
      export to sqlite "shop.db" table=customers from=january columns=customer_id,age,income,web_visits,channel
      apply rules as offer
      """) == "")
    let sql = try String(contentsOfFile: folder + "/score.sql", encoding: .utf8)
    let scored = try SQLiteReader.read(path: folder + "/shop.db", SQLReadRequest(source: .query(sql), context: EvaluationContext(today: 0))).frame
    let january = try h.session.env.catalog.frame(named: "january")
    for column in ["segment", "segment_name", "offer"] {
      #expect(try scored.column(column).plainTexts == january.column(column).plainTexts, "\(column)")
    }
    #expect(try january.column("offer").plainTexts.contains("x"))
  }

  /// Missing values the model's fills would hide are counted before filling: a column that
  /// went from 6 % to 40 % missing is a major change, by the PSI of the two shares.
  @Test func monitorCountsMissingValuesBeforeTheFills() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-missing-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let h = SessionHarness(baseDirectory: folder)
    #expect(h.run("""
      sample customers n=3000 seed=7 as january
      impute age income strategy=median
      cluster kmeans age income web_visits k=3 seed=7 as segment
      save model segment "m.json"
      sample customers n=3000 seed=8 as february
      derive income = if(customer_id % 5 < 2, income * 0 / 0, income)
      load model "m.json" as m
      monitor m
      """ + "\n") == "")
    let january = try SampleData.customers(count: 3000, seed: 7), february = try h.session.env.catalog.frame(named: "february")
    let before = Double(try january.column("income").doubles()!.filter(\.isNaN).count) / 3000
    let after = Double(try february.column("income").doubles()!.filter(\.isNaN).count) / 3000
    #expect(after > 0.35)
    let psi = (after - before) * Foundation.log(after / before) + (before - after) * Foundation.log((1 - after) / (1 - before))
    let text = h.output.joined(separator: "\n")
    let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("income ") && $0.hasSuffix("major") })
    let cells = line.split(separator: " ").map(String.init)
    #expect(cells == ["income", CommandTable.percent(before), CommandTable.percent(after), ValueFormatter.number(psi, significant: 3), "major"])
    #expect(text.contains("missing values: major"))
  }

  /// A tree from train as SQL, through the language: the database predicts what predict does.
  @Test func aTreeIsSavedAsSQLThatPredictsLikePredict() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-tree-sql-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let h = SessionHarness(baseDirectory: folder)
    #expect(h.run(Self.twoMonths + """
      use january
      train tree age income region target=channel max_depth=4 as t
      save model t "tree.sql" table=customers dialect=sqlite
      export to sqlite "shop.db" table=customers
      predict t probabilities=true
      """) == "")
    let sql = try String(contentsOfFile: folder + "/tree.sql", encoding: .utf8)
    let scored = try SQLiteReader.read(path: folder + "/shop.db", SQLReadRequest(source: .query(sql), context: EvaluationContext(today: 0))).frame
    let january = try h.session.env.catalog.frame(named: "january")
    for column in ["channel_predicted", "channel_predicted_online"] {
      #expect(try scored.column(column).plainTexts == january.column(column).plainTexts, "\(column)")
    }
  }

  @Test(arguments: [
    ("save model segment \"s.sql\"", "the SQL needs the table it scores"),
    ("save model segment \"s.json\" table=customers", "table= is for format=sql"),
    ("cluster gmm age income web_visits k=2 as mix\nsave model mix \"s.sql\" table=t", "a gmm model cannot be written as SQL"),
    ("impute age income strategy=median\ntrain forest age income target=channel as f\nsave model f \"f.sql\" table=x", "a forest model cannot be written as SQL"),
    ("sample transactions seed=7 as tx\nlifetime model=bgnbd from=tx customer=customer_id date=invoice_date as l\nsave model l \"l.sql\" table=x", "only segmentations and trees can be written as SQL"),
  ])
  func scoringSQLRefusesWhatItCannotWrite(_ line: String, _ message: String) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-sql-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let error = SessionHarness(baseDirectory: folder).run(Self.twoMonths + "use january\n" + line + "\n")
    #expect(error.contains(message), "\(error)")
  }

  @Test func aKMeansSegmentationIsUpdatedWithNewCustomersAsOneMoreBatch() throws {
    let h = SessionHarness()
    #expect(h.run(Self.twoMonths + """
      use january
      cluster minibatch age income web_visits k=3 update=segment as updated
      """) == "")
    let frame = try h.session.env.catalog.current().frame
    let before = try frame.column("segment").plainTexts, after = try frame.column("updated").plainTexts
    // One batch of the same customers moves the centres a little: most keep their segment.
    #expect(zip(before, after).filter { $0 == $1 }.count > before.count * 9 / 10)
    #expect(h.run("cluster minibatch age income k=3 update=segment as wrong\n").contains("update= needs the same columns"))
  }
}
