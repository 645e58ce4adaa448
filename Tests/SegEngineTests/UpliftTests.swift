import Foundation
import Testing
@testable import SegEngine

/// Campaign uplift against statsmodels (scripts/make-reference-uplift.py,
/// Reference/uplift.json): Newcombe intervals and pooled z-tests for a 0/1 outcome, Welch
/// intervals and tests for revenue, per action and per action and segment.
@Suite struct UpliftTests {
  nonisolated(unsafe) static let reference = try! JSONSerialization.jsonObject(
    with: Data(contentsOf: ClusterReferenceTests.folder.appendingPathComponent("uplift.json"))) as! [String: Any]
  static let rules = ["vip": "early_access", "winback": "discount_20"]

  static func campaign() throws -> DataFrame {
    var options = CSVReadOptions()
    options.naTokens = [""]
    return try CSVReader.read(path: ClusterReferenceTests.folder.appendingPathComponent("uplift_campaign.csv").path, options: options).frame
  }

  @Test(arguments: ["converted", "revenue"])
  func matchesStatsmodels(_ outcome: String) throws {
    let uplift = try CampaignUplift(try Self.campaign(), actionColumn: "offer", ruleValues: Self.rules, outcome: outcome, by: "segment")
    #expect(uplift.binary == (outcome == "converted"))
    #expect(uplift.missingOutcomes == (outcome == "revenue" ? 100 : 0))
    let expected = Self.reference[outcome] as! [String: [String: Any]]
    #expect(uplift.groups.count == expected.count)
    for g in uplift.groups {
      let key = g.action + (g.segment.map { "/\(ValueFormatter.plain($0))" } ?? "")
      let want = try #require(expected[key], "\(key)")
      let c = try #require(g.comparison)
      #expect(g.treated == want["treated"] as! Int && g.held == want["held"] as! Int, "\(key) sizes")
      let treated = want[outcome == "converted" ? "treated_rate" : "treated_mean"] as! Double
      let held = want[outcome == "converted" ? "held_rate" : "held_mean"] as! Double
      for (name, got, value) in [("treated", c.treated, treated), ("held", c.control, held), ("low", c.low, want["low"] as! Double),
                                 ("high", c.high, want["high"] as! Double), ("p", c.pValue, want["p"] as! Double),
                                 ("detectable", c.detectable, want["detectable"] as! Double)] {
        #expect(abs(got - value) <= 1e-9 * max(1, abs(value)), "\(key) \(name): \(got) vs \(value)")
      }
    }
  }

  @Test func quantilesMatchSciPy() {
    #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-14)
    #expect(abs(NormalDistribution.quantile(0.8) - 0.8416212335729143) < 1e-14)
    #expect(abs(NormalDistribution.quantile(1e-10) + 6.361340902404056) < 1e-12)
    #expect(abs(StudentT.twoSidedQuantile(0.05, dof: 10) - 2.228138851986274) < 1e-12)
    #expect(abs(StudentT.twoSidedQuantile(0.05, dof: 3.5) - 2.9400886379827282) < 1e-12)
  }

  @Test func anOutcomeThatIsTextIsRefused() throws {
    var frame = try Self.campaign()
    try frame.setColumn(.strings("converted", (0..<frame.rowCount).map { _ in "yes" }))
    #expect { try CampaignUplift(frame, actionColumn: "offer", ruleValues: Self.rules, outcome: "converted", by: nil) } throws: {
      ($0 as! EngineError).message == "column \"converted\" is string, but a 0/1, true/false or numeric outcome is needed here"
    }
  }

  @Test func aCampaignWithoutAControlGroupIsRefused() throws {
    var frame = try Self.campaign()
    try frame.setColumn(.bools("offer_holdout", (0..<frame.rowCount).map { _ in false }))
    #expect { try CampaignUplift(frame, actionColumn: "offer", ruleValues: Self.rules, outcome: "converted", by: nil) } throws: {
      ($0 as! EngineError).message.hasPrefix("no customer was held out of offer")
    }
  }
}
