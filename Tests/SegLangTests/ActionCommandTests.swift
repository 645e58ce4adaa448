import Foundation
import SegEngine
import Testing
@testable import SegLang

/// name, match=, rules, apply, save/load model and assign through the language.
@Suite struct ActionCommandTests {
  static let setup = ClusterCommandTests.setup + """
    cluster kmeans age income web_visits k=3 seed=2 as segment

    """

  @Test func matchKeepsNumbersAndNamesAcrossRefits() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + """
      name segment 0="A" 1="B" 2="C"
      cluster kmeans age income web_visits k=3 seed=9 n_init=3 match=segment as again
      """) == "")
    let first = try ClusterCommandTests.labels(h, "segment"), second = try ClusterCommandTests.labels(h, "again")
    // The refit finds nearly the same partition; matching gives it the same numbers and names.
    #expect(zip(first, second).filter { $0 == $1 }.count >= first.count * 95 / 100)
    #expect(h.session.env.catalog.segmentNames["again"] == [0: "A", 1: "B", 2: "C"])
  }

  @Test func reclusteringWithoutMatchDropsStaleNames() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "name segment 0=\"A\"\ncluster kmeans age income web_visits k=2 seed=2 as segment\n") == "")
    #expect(h.session.env.catalog.segmentNames["segment"] == nil)
    #expect(h.output.contains { $0.contains("names of segment (A) were dropped") })
    #expect(try h.session.env.catalog.current().frame.index(of: "segment_name") == nil)
  }

  @Test func applyWritesActionsRuleNamesAndAStableHoldout() throws {
    let script = Self.setup + """
      name segment 0="A" 1="B" 2="C"
      rule "b" when segment == "B" then offer "x" priority=2
      rule "rest" then offer "y"
      apply rules holdout=20% seed=3 as offer
      """
    let runs = try (0..<2).map { _ in
      let h = SessionHarness()
      #expect(h.run(script) == "")
      let frame = try h.session.env.catalog.current().frame
      return try ["offer", "offer_rule", "offer_holdout"].map { name in
        let c = try frame.column(name)
        return (0..<c.count).map { ValueFormatter.plain(c.value(at: $0)) }
      }
    }
    #expect(runs[0] == runs[1])
    let (offers, rules, held) = (runs[0][0], runs[0][1], runs[0][2])
    #expect(Set(rules) == ["b", "rest"])
    for i in offers.indices { #expect(held[i] == "true" ? offers[i] == "" : offers[i] == (rules[i] == "b" ? "x" : "y")) }
    let share = Double(held.filter { $0 == "true" }.count) / Double(held.count)
    #expect(abs(share - 0.2) < 0.06)
  }

  @Test func modelRoundTripLabelsNewRowsLikeTheTrainingRows() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("seg-model-\(getpid()).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let h = SessionHarness()
    #expect(h.run(Self.setup + """
      name segment 0="A" 1="B" 2="C"
      rule "b" when segment == "B" and web_visits > 5 then offer "x"
      save model segment "\(path)"
      sample customers n=400 seed=5 as again
      rules clear
      load model "\(path)" as m
      assign m as replayed
      """) == "")
    let original = try h.session.env.catalog.frame(named: "customers").column("segment")
    let replayed = try h.session.env.catalog.frame(named: "again").column("replayed")
    #expect((0..<400).map { original.value(at: $0) } == (0..<400).map { replayed.value(at: $0) })
    #expect(h.session.env.catalog.rules.map(\.source) == ["rule \"b\" when segment == \"B\" and web_visits > 5 then offer \"x\""])
    // A frame prepared with the model's own steps is labelled as it is; one prepared
    // otherwise would be prepared twice.
    #expect(h.run("use customers\nassign m as same") == "")
    let same = try h.session.env.catalog.current().frame.column("same")
    #expect((0..<400).map { same.value(at: $0) } == (0..<400).map { original.value(at: $0) })
    #expect(h.run("use again\nscale age method=minmax\nassign m").contains("has been prepared already"))
  }

  /// A rule that reads a variable is saved with the variable's value, so the model file
  /// loads in a session that never set it.
  @Test func ruleWithAVariableIsSavedWithItsValue() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("seg-model-var-\(getpid()).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let h = SessionHarness()
    #expect(h.run(Self.setup + """
      let limit = 5 region_name = "North"
      rule "b" when web_visits > $limit and region == $region_name then offer "x" unless age < $limit * 2
      save model segment "\(path)"
      """) == "")
    let fresh = SessionHarness()
    #expect(fresh.run(Self.setup + "load model \"\(path)\" as m") == "")
    #expect(fresh.session.env.catalog.rules.map(\.source) == ["rule \"b\" when (web_visits > 5) and (region == \"North\") then offer \"x\" unless age < (5 * 2)"])
  }

  @Test(arguments: [
    ("rule \"r\" when then offer \"x\"", "when needs a condition"),
    ("rule \"r\" when age > 1", "the rule says who but not what"),
    ("rule \"r\" when age > 1 then offer", "then needs an action and its value"),
    ("apply rules", "there are no rules to apply"),
    ("rule \"r\" then offer \"x\"\nrule \"s\" then channel \"y\"\napply rules", "say which to apply"),
    ("rule \"r\" then offer \"x\"\napply rules holdout=10% key=nope", "has no column nope"),
    ("name segment 7=\"X\"", "segment has no segment 7"),
    ("name segment 0=\"X\" 1=\"X\"", "already called \"X\""),
    ("explain segment using=region depth=2\nprofile nope", "unknown column \"nope\""),
    ("save model nope \"/tmp/x.json\"", "no clustering in this session made nope"),
    ("export to \"/dev/null/a/\" split=region", "cannot make this folder"),
  ])
  func mistakesGetClearErrors(_ script: String, _ expected: String) {
    let h = SessionHarness()
    #expect(h.run(Self.setup) == "")
    let error = h.run(script)
    #expect(error.contains(expected), "\(error)")
  }
}
