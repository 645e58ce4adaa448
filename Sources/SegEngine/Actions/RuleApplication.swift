/// Rules applied to a frame: the action column (`offer`), which rules chose it (`offer_rule`)
/// and who was held out as a control group (`offer_holdout`), with counts per rule.
public struct RuleApplication: Sendable {
  public let frame: DataFrame
  /// Rows some rule matched, and of those the rows held out.
  public let matched: Int
  public let held: Int
  /// Per rule, in the set's order: rows it chose, and of those the rows held out.
  public let perRule: [(matched: Int, held: Int)]

  /// A control group: the matched customers whose key hashes below `share` (seeded), so the
  /// same customers are held out in every run.
  public struct Holdout: Sendable {
    public var key: String
    public var share: Double
    public var seed: UInt64

    public init(key: String, share: Double, seed: UInt64) {
      self.key = key
      self.share = share
      self.seed = seed
    }
  }

  /// Per refusal (no consent, objected), the rows some rule matched but that got no action.
  public let refused: [MarketingPermission.Refusal: Int]

  /// Applies `set` to `frame` as `column`: each row gets the value of the rule it fires (with
  /// `all`, every matching rule's, joined by `;`), except rows held out, which keep none.
  /// Customers a rule chose who may not be marketed to (`MarketingPermission`) get no
  /// action, and `column_excluded` says why.
  public init(_ set: RuleSet, to frame: DataFrame, as column: String, all: Bool, holdout: Holdout?, context: EvaluationContext) throws {
    var picks = set.choose(try set.matches(frame, context: context), rows: frame.rowCount, all: all)
    let refusals = try MarketingPermission.refusals(frame)
    var refused: [MarketingPermission.Refusal: Int] = [:]
    // Why each row a rule chose got no action (nil for the others).
    var excluded = [MarketingPermission.Refusal?](repeating: nil, count: frame.rowCount)
    if let refusals {
      for row in picks.indices where !picks[row].isEmpty {
        if let why = refusals[row] {
          refused[why, default: 0] += 1
          excluded[row] = why
          picks[row] = []
        }
      }
    }
    var heldOut = [Bool](repeating: false, count: frame.rowCount)
    if let holdout, holdout.share > 0 {
      let key = try frame.column(holdout.key)
      for row in 0..<frame.rowCount where !picks[row].isEmpty {
        let value = key.value(at: row)
        guard !value.isMissing else { throw EngineError.missingValues(column: holdout.key, count: key.missingCount, firstRow: row + 1) }
        heldOut[row] = HoldoutHash.position(of: ValueFormatter.plain(value), seed: holdout.seed) < holdout.share
      }
    }
    var out = frame
    let join = { (rows: [Int], text: (Rule) -> String) in rows.map { text(set.rules[$0]) }.joined(separator: ";") }
    try out.setColumn(.strings(column, picks.indices.map { picks[$0].isEmpty || heldOut[$0] ? nil : join(picks[$0], \.value) }))
    try out.setColumn(.strings(column + "_rule", picks.map { $0.isEmpty ? nil : join($0, \.name) }))
    try out.setColumn(.bools(column + "_holdout", heldOut))
    if refusals != nil { try out.setColumn(.strings(column + "_excluded", excluded.map { $0?.rawValue })) }
    var perRule = [(matched: Int, held: Int)](repeating: (0, 0), count: set.rules.count)
    for row in picks.indices { for r in picks[row] { perRule[r].matched += 1; if heldOut[row] { perRule[r].held += 1 } } }
    self.frame = out
    matched = picks.filter { !$0.isEmpty }.count
    held = heldOut.filter { $0 }.count
    self.perRule = perRule
    self.refused = refused
  }
}
