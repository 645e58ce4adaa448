import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// RFM on Online Retail against pandas (Reference/rfm.json from scripts/make-reference-rfm.py).
@Suite struct RFMTests {
  @Test func defaultRulesCoverEveryScoreCellOnceAndEveryRuleFires() {
    var fired = Set<String>()
    for r in 1...5 {
      for f in 1...5 {
        for m in 1...5 {
          let name = RFMRule.segment(r: r, f: f, m: m, rules: RFMRule.defaults)
          #expect(name != "Other", "R\(r) F\(f) M\(m) has no segment")
          fired.insert(name)
        }
      }
    }
    #expect(fired == Set(RFMRule.defaults.map(\.segment)))
  }

  @Test func scoresAreQuantileBinsOfFirstRanks() {
    // 10 values with ties: ranks by value, then position; 5 bins of two.
    let values: [Double] = [5, 1, 1, 3, 9, 9, 2, 7, 4, 6]
    #expect(RFM.scores(values, bins: 5, highIsGood: true) == [3, 1, 1, 2, 5, 5, 2, 4, 3, 4])
    #expect(RFM.scores(values, bins: 5, highIsGood: false) == [3, 5, 5, 4, 1, 1, 4, 2, 3, 2])
  }

  @Test func ruleTableRoundTripsThroughAFrame() throws {
    #expect(try RFMRule.rules(from: try RFMRule.table(RFMRule.defaults)) == RFMRule.defaults)
    let bad = try DataFrame(columns: [
      .strings("segment", ["X"]), .ints("r_min", [3]), .ints("r_max", [1]), .ints("f_min", [1]),
      .ints("f_max", [5]), .ints("m_min", [1]), .ints("m_max", [5]),
    ])
    #expect(throws: EngineError.self) { try RFMRule.rules(from: bad) }
  }

  @Test(.enabled(if: SharedData.path("online_retail.csv.gz") != nil, "../shared/data is absent; real-data tests skipped"))
  func onlineRetailMatchesPandas() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/rfm.json")
    let ref = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let expected = try #require(ref["perCustomer"] as? [String: [Double]])
    let retail = try CSVReader.read(path: try #require(SharedData.path("online_retail.csv.gz"))).frame
    let ctx = EvaluationContext(today: 0)
    let tx = try RetailFixture.clean(retail)
    #expect(tx.rowCount == ref["rows"] as? Int)
    var options = RFM.Options(customer: "CustomerID", date: "InvoiceDate")
    options.invoice = "InvoiceNo"
    let amount = try tx.evaluate(.binary(.multiply, .column("Quantity"), .column("UnitPrice")), context: ctx)
    let out = try RFM.compute(tx, amount: amount, options: options, rules: RFMRule.defaults).frame
    #expect(out.rowCount == 4_338)
    var mismatches = 0
    for i in 0..<out.rowCount {
      guard case .int(let id) = out.columns[0].value(at: i), let e = expected[String(id)] else {
        mismatches += 1
        continue
      }
      let mine = (1...6).map { out.columns[$0].value(at: i).doubleValue! }
      let same = mine[0] == e[0] && mine[1] == e[1] && abs(mine[2] - e[2]) <= 1e-9 * max(1, abs(e[2]))
        && mine[3] == e[3] && mine[4] == e[4] && mine[5] == e[5]
      if !same {
        mismatches += 1
        if mismatches < 5 { Issue.record("customer \(id): \(mine) vs pandas \(e)") }
      }
    }
    #expect(mismatches == 0)

    // Historical CLV: margin 30 %, horizon 365 days.
    var clvOptions = LifetimeValue.Options(customer: "CustomerID", date: "InvoiceDate")
    clvOptions.invoice = "InvoiceNo"
    clvOptions.margin = 0.3
    let clv = try LifetimeValue.compute(tx, amount: amount, options: clvOptions).frame
    let expectedCLV = try #require(ref["clv"] as? [String: [Double]])
    #expect(clv.rowCount == expectedCLV.count)
    var clvMismatches = 0
    for i in 0..<clv.rowCount {
      guard case .int(let id) = clv.columns[0].value(at: i), let e = expectedCLV[String(id)] else { continue }
      let orders = try clv.column("orders").value(at: i).doubleValue!
      let observed = try clv.column("observed_days").value(at: i).doubleValue!
      let value = try clv.column("clv").value(at: i).doubleValue!
      if orders != e[0] || observed != e[2] || abs(value - e[3]) > 1e-9 * max(1, abs(e[3])) {
        clvMismatches += 1
        if clvMismatches < 4 { Issue.record("clv of \(id): \([orders, observed, value]) vs \(e)") }
      }
    }
    #expect(clvMismatches == 0)

    // Date parts of every 500th date.
    let parts = try #require(ref["datefeatures"] as? [String: Any])
    let sampled = try tx.column("InvoiceDate").gather(Array(Swift.stride(from: 0, to: tx.rowCount, by: 500)))
    let asOf = CivilDate.days(year: 2011, month: 12, day: 10)
    for column in try DateFeatures.columns(sampled, parts: DateFeatures.Part.allCases, asOf: asOf) {
      let key = String(column.name.dropFirst("InvoiceDate_".count))
      let expected = try #require(parts[key] as? [Int])
      #expect((0..<column.count).map { column.value(at: $0) } == expected.map { Scalar.int($0) }, "\(key)")
    }
  }
}
