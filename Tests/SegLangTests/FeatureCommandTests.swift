import Foundation
import SegEngine
import Testing
@testable import SegLang

/// rfm through the language: a custom rule table, and the mistakes users make.
func dump(_ c: Column) -> String { (0..<c.count).map { ValueFormatter.plain(c.value(at: $0)) }.joined(separator: "|") }

@Suite struct FeatureCommandTests {
  static let setup = "sample customers n=80 seed=3\nsample transactions seed=3 as tx\n"
  static let call = "rfm from=tx customer=customer_id date=invoice_date invoice=invoice_id amount=quantity*unit_price"

  @Test func customRuleTableNamesTheSegments() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-rfm-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("rules.csv").path
    try "segment,r_min,r_max,f_min,f_max,m_min,m_max\nRecent,4,5,1,5,1,5\nEverybody else,1,5,1,5,1,5\n"
      .write(toFile: file, atomically: true, encoding: .utf8)
    let h = SessionHarness()
    #expect(h.run(Self.setup + "rfm rules \"\(file)\"\n" + Self.call + " where quantity > 0") == "")
    let frame = try h.session.env.catalog.current().frame
    let segments = Set((0..<frame.rowCount).map { frame.columns[8].value(at: $0) })
    #expect(segments == [.string("Recent"), .string("Everybody else")])
  }

  @Test func mixedCustomerKeysAreText() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-mixed-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("tx.csv").path
    try "customer,day,amount\n17850,2011-01-03,10\nA-1,2011-01-05,5\n17850,2011-02-01,7.5\n,2011-02-02,3\n"
      .write(toFile: file, atomically: true, encoding: .utf8)
    let h = SessionHarness()
    #expect(h.run("load \"\(file)\" as tx\nrfm customer=customer date=day amount=amount asof=2011-03-01 bins=2") == "")
    let rfm = try h.session.env.catalog.current().frame
    #expect(dump(rfm.columns[0]) == "17850|A-1")
    #expect(rfm.columns[2].value(at: 0) == .int(2))
  }

  @Test func datefeaturesWhereFillsOnlyThoseRows() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=30 seed=2\ndatefeatures signup_date parts=year where region == \"North\"") == "")
    let f = try h.session.env.catalog.current().frame
    let year = try f.column("signup_date_year")
    for i in 0..<f.rowCount { #expect(year.value(at: i).isMissing == (f.columns[3].value(at: i) != .string("North"))) }
  }

  @Test(arguments: [
    (call.replacingOccurrences(of: "date=invoice_date", with: "date=quantity"), "dates (load with date_format= if they are text)"),
    ("rfm from=tx customer=customer_id date=invoice_date", "rfm needs amount="),
    (call + " asof=yesterday", "asof= needs a date or max+Nd"),
    (call + " bins=1", "bins= needs a whole number of at least 2"),
    (call.replacingOccurrences(of: "amount=quantity*unit_price", with: "amount=category"), "numbers for the purchase value"),
    (call + " where quantity > 1000000", "no transactions have a customer, a date and an amount"),
    ("rfm rules \"/nonexistent/rules.csv\"", "no such file"),
  ])
  func refusesWithAClearMessage(_ line: String, _ fragment: String) {
    let h = SessionHarness()
    let rendered = h.run(Self.setup + line)
    #expect(rendered.contains(fragment), "\(rendered)")
  }
}
