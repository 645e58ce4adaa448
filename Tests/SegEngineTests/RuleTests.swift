import Testing
@testable import SegEngine

/// Rule order, unless, first vs all, the default action, the keyed holdout, and what
/// `rules check` finds; label matching; undoing preparation steps.
@Suite struct RuleTests {
  static let frame = try! DataFrame(columns: [
    .ints("id", [1, 2, 3, 4, 5, 6]),
    .ints("recency", [10, 200, 400, 30, 250, 5]),
    .strings("channel", ["web", "store", "web", "store", "web", "web"]),
  ])
  static let context = EvaluationContext(today: 0)

  static func gt(_ column: String, _ v: Int) -> ColumnExpr { .binary(.greater, .column(column), .literal(.int(v))) }
  static func eq(_ column: String, _ v: String) -> ColumnExpr { .binary(.equal, .column(column), .literal(.string(v))) }

  struct Case: Sendable, CustomStringConvertible {
    var description: String
    var rules: [Rule]
    var all: Bool
    /// The rule names each row gets.
    var expected: [[String]]
  }

  static let cases: [Case] = [
    Case(description: "priority beats declaration order", rules: [
      Rule(name: "lapsed", condition: gt("recency", 180), action: "offer", value: "a"),
      Rule(name: "very lapsed", condition: gt("recency", 300), action: "offer", value: "b", priority: 5),
    ], all: false, expected: [[], ["lapsed"], ["very lapsed"], [], ["lapsed"], []]),
    Case(description: "equal priority keeps declaration order", rules: [
      Rule(name: "web", condition: eq("channel", "web"), action: "offer", value: "a"),
      Rule(name: "lapsed", condition: gt("recency", 180), action: "offer", value: "b"),
    ], all: false, expected: [["web"], ["lapsed"], ["web"], [], ["web"], ["web"]]),
    Case(description: "unless excludes", rules: [
      Rule(name: "lapsed", condition: gt("recency", 180), unless: eq("channel", "store"), action: "offer", value: "a"),
    ], all: false, expected: [[], [], ["lapsed"], [], ["lapsed"], []]),
    Case(description: "all collects every match in order", rules: [
      Rule(name: "web", condition: eq("channel", "web"), action: "offer", value: "a"),
      Rule(name: "lapsed", condition: gt("recency", 180), action: "offer", value: "b", priority: 1),
    ], all: true, expected: [["web"], ["lapsed"], ["lapsed", "web"], [], ["lapsed", "web"], ["web"]]),
    Case(description: "the default takes the rest, whatever its place", rules: [
      Rule(name: "rest", condition: nil, action: "offer", value: "n", priority: 99),
      Rule(name: "lapsed", condition: gt("recency", 180), action: "offer", value: "a"),
    ], all: false, expected: [["rest"], ["lapsed"], ["lapsed"], ["rest"], ["lapsed"], ["rest"]]),
  ]

  @Test(arguments: cases) func rulesChooseInOrder(_ c: Case) throws {
    let set = RuleSet(c.rules)
    let picks = set.choose(try set.matches(Self.frame, context: Self.context), rows: 6, all: c.all)
    #expect(picks.map { $0.map { set.rules[$0].name } } == c.expected)
  }

  @Test func checkFindsDeadAndShadowedRules() throws {
    let set = RuleSet([
      Rule(name: "lapsed", condition: Self.gt("recency", 180), action: "offer", value: "a", priority: 2),
      Rule(name: "very lapsed", condition: Self.gt("recency", 300), action: "offer", value: "b"),
      Rule(name: "never", condition: Self.gt("recency", 10_000), action: "offer", value: "c"),
      Rule(name: "web", condition: Self.eq("channel", "web"), action: "offer", value: "d"),
    ])
    let d = set.diagnose(try set.matches(Self.frame, context: Self.context))
    #expect(set.rules.map(\.name) == ["lapsed", "very lapsed", "never", "web"])
    #expect(d.matched == [3, 1, 0, 4])
    #expect(d.fires == [3, 0, 0, 2])
    #expect(d.shadowedBy == [nil, 0, nil, nil])
    #expect(d.overlaps.map { [$0.0, $0.1, $0.2] } == [[0, 1, 1], [0, 3, 2], [1, 3, 1]])
  }

  @Test(arguments: [0.1, 0.25]) func holdoutShareIsWithinOnePercentAndStable(_ share: Double) {
    let held = (1...100_000).filter { HoldoutHash.position(of: String($0), seed: 7) < share }
    #expect(abs(Double(held.count) / 100_000 - share) < 0.01)
    #expect(held == (1...100_000).filter { HoldoutHash.position(of: String($0), seed: 7) < share })
    // Another seed holds out other customers.
    #expect(held != (1...100_000).filter { HoldoutHash.position(of: String($0), seed: 8) < share })
    // A fixed value pins the hash across machines and versions.
    #expect(HoldoutHash.position(of: "12345", seed: 7) == HoldoutHash.position(of: "12345", seed: 7))
  }

  @Test func hungarianFindsTheCheapestAssignment() {
    #expect(Hungarian.assign([[4, 1, 3], [2, 0, 5], [3, 2, 2]]) == [1, 0, 2])
    #expect(Hungarian.assign([[10, 1, 7, 3], [2, 8, 9, 1]]) == [1, 3])
  }

  @Test func matchingRenumbersAPermutedClustering() throws {
    let x = try FeatureMatrix(columns: [[0, 0.1, 5, 5.1, 10, 10.2]], names: ["x"])
    let old: [Int?] = [2, 2, 0, 0, 1, 1]
    #expect(LabelMatching.mapping(x, labels: [0, 0, 1, 1, 2, 2], previous: old) == [2, 0, 1])
    // More new clusters than old: the extra one gets the next free number.
    #expect(LabelMatching.mapping(x, labels: [0, 0, 1, 1, 2, 2], previous: [1, 1, 0, 0, nil, nil]) == [1, 0, 2])
  }
}
