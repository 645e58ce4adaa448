import Foundation
import SegEngine
import SegTestSupport
import Testing
@testable import SegLang

/// One meaning per column name: after scale and transform, filter, derive, rule, export,
/// profile and explain all read the same values under the same name.
@Suite struct OneMeaningTests {
  /// The workshop's preparation of the sample shop, ending with a clustering.
  static let workshop = """
    sample customers n=1500 seed=7 as customers
    sample transactions seed=7 as tx
    rfm from=tx customer=customer_id date=invoice_date invoice=invoice_id amount=quantity*unit_price asof=2025-01-01 where quantity > 0 as rfm
    use customers
    join rfm on=customer_id
    rename segment=rfm_segment
    impute age income strategy=median
    transform frequency monetary method=log1p
    scale age income recency frequency monetary method=zscore
    cluster kmeans age income recency frequency monetary k=4 seed=7 as segment

    """

  static func count(_ h: SessionHarness, _ frame: String) throws -> Int { try h.session.env.catalog.frame(named: frame).rowCount }

  @Test func filterRuleAndExportReadTheSameDays() throws {
    let before = SessionHarness()
    #expect(before.run(Self.workshop.components(separatedBy: "impute")[0]) == "")
    let raw = try before.session.env.catalog.current().frame
    let h = SessionHarness()
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("seg-one-meaning-\(getpid()).csv").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(h.run(Self.workshop + """
      rule "old" when recency > 60 then offer "winback"
      apply rules as offer
      export to "\(path)" columns=customer_id,recency,monetary
      filter recency > 60 as old
      """) == "")
    let prepared = try h.session.env.catalog.frame(named: "customers")
    // The frame holds days and euros, not z-scores.
    #expect(try prepared.column("recency").doubles() == (try raw.column("recency").doubles()))
    #expect(try prepared.column("monetary").doubles() == (try raw.column("monetary").doubles()))
    let offers = try prepared.column("offer")
    let matched = (0..<offers.count).filter { offers.value(at: $0) == .string("winback") }.count
    #expect(matched > 0)
    #expect(matched == (try Self.count(h, "old")))
    let exported = try CSVReader.read(path: path).frame
    #expect(try exported.column("recency").doubles() == (try raw.column("recency").doubles()))
  }

  @Test func profileAndExplainSpeakInTheUnitsFilterReads() throws {
    let h = SessionHarness()
    #expect(h.run(Self.workshop + "profile segment\nexplain segment depth=2") == "")
    let frame = try h.session.env.catalog.current().frame
    let recency = try #require(try frame.column("recency").doubles()).filter { !$0.isNaN }
    let baseMean = recency.reduce(0, +) / Double(recency.count)
    // The profile's base column holds the mean days that filter and describe see.
    let means = try #require(h.items.compactMap { item -> Table? in if case .table(let t) = item, t.headers.first == "feature" { return t }; return nil }.first)
    let row = try #require(means.rows.first { $0.first == "recency" })
    let shown = try #require(Double(row[1].replacingOccurrences(of: ",", with: "")))
    #expect(abs(shown - baseMean) < 0.001 * baseMean, "profile shows \(shown) days, the frame's mean is \(baseMean)")
    // Every threshold explain prints is pasteable: the rule it makes matches what filter keeps.
    let rules = try #require(h.items.compactMap { item -> Table? in if case .table(let t) = item, t.headers.last == "when" { return t }; return nil }.first)
    let condition = try #require(rules.rows.first?.last)
    #expect(h.run("rule \"r\" when \(condition) then offer \"x\"\napply rules as picked\nfilter \(condition) as kept") == "")
    let picked = try h.session.env.catalog.frame(named: "customers").column("picked")
    #expect((0..<picked.count).filter { picked.value(at: $0) == .string("x") }.count == (try Self.count(h, "kept")))
  }

  @Test func aSuffixColumnMeansItsOwnValuesAndProfilesShowItsSource() throws {
    let h = SessionHarness()
    #expect(h.run("""
      sample customers n=600 seed=3
      impute age income strategy=median
      scale age income suffix=_z
      cluster kmeans age_z income_z k=3 seed=1 as segment
      rule "young" when age_z <= 0 then offer "x"
      apply rules as offer
      filter age_z <= 0 as young
      explain segment depth=2
      """) == "")
    let offers = try h.session.env.catalog.frame(named: "customers").column("offer")
    #expect((0..<offers.count).filter { offers.value(at: $0) == .string("x") }.count == (try Self.count(h, "young")))
    // explain tests age in years, not age_z.
    let rules = try #require(h.items.compactMap { item -> Table? in if case .table(let t) = item, t.headers.last == "when" { return t }; return nil }.first)
    #expect(rules.rows.allSatisfy { !$0.last!.contains("_z") })
    #expect(h.output.contains { $0.contains("age_z, income_z shown as age, income") })
  }

  @Test func modelsReadTheScaledValuesTheyReadBefore() throws {
    // Clustering on columns scaled in place equals clustering on the same values scaled by hand.
    let inPlace = SessionHarness(), bySuffix = SessionHarness()
    #expect(inPlace.run("sample customers n=400 seed=2\nimpute age income strategy=median\ntransform income method=log1p\nscale age income\ncluster kmeans age income k=3 seed=4") == "")
    #expect(bySuffix.run("sample customers n=400 seed=2\nimpute age income strategy=median\ntransform income method=log1p suffix=_l\nscale age income_l suffix=_z\ncluster kmeans age_z income_l_z k=3 seed=4") == "")
    #expect(try inPlace.session.env.catalog.current().frame.column("cluster").doubles() == (try bySuffix.session.env.catalog.current().frame.column("cluster").doubles()))
  }

  @Test(.enabled(if: SharedData.path("online_retail.csv.gz") != nil, "../shared/data is absent; the Online Retail reproducer is skipped"))
  func onlineRetailRuleAndFilterAgree() throws {
    let h = SessionHarness()
    #expect(h.run("""
      load "\(try #require(SharedData.path("online_retail.csv.gz")))" as retail
      rfm from=retail customer=CustomerID date=InvoiceDate invoice=InvoiceNo amount=Quantity*UnitPrice asof=max+1d where Quantity > 0 as rfm
      transform frequency monetary method=log1p
      scale recency frequency monetary method=zscore
      cluster kmeans recency frequency monetary k=4 seed=7 as cluster
      rule "old" when recency > 60 then offer "winback"
      apply rules as offer
      filter recency > 60 as old
      """) == "")
    let offers = try h.session.env.catalog.frame(named: "rfm").column("offer")
    let matched = (0..<offers.count).filter { offers.value(at: $0) == .string("winback") }.count
    #expect(matched == (try Self.count(h, "old")))
    #expect(matched > 1_000, "the workshop flow on Online Retail has about 1,900 customers last seen over 60 days before")
  }
}
