/// A seeded outcome of a campaign run on sample customers, with a known true uplift per
/// channel, so `uplift` can be seen to recover it: a customer converts with a base chance
/// (5 %, +3 points for loyalty members, +2 for an e-mail opt-in) plus, when the campaign
/// reached them (an action, not held out), the uplift of their channel.
extension SampleData {
  /// The true uplift by channel, in rate points: what `uplift … by=channel` should find.
  public static let trueUplift: [String: Double] = ["online": 0.06, "both": 0.04, "store": 0.01]

  /// Whether each customer of a sample-customers frame converted after the campaign in
  /// `actionColumn`. A customer's draw depends only on the seed and their id.
  public static func campaignOutcome(_ frame: DataFrame, actionColumn: String, seed: UInt64) throws -> Column {
    for needed in ["customer_id", "channel", "loyalty_member", "email_opt_in"] where frame.index(of: needed) == nil {
      throw EngineError.unsupported("sample outcome reads the columns of sample customers; this frame has no \(needed)")
    }
    let ids = try frame.column("customer_id"), channel = try frame.column("channel")
    let loyalty = try frame.column("loyalty_member"), optIn = try frame.column("email_opt_in")
    let action = try frame.column(actionColumn)
    guard action.type == .string else {
      throw EngineError.typeMismatch(column: actionColumn, expected: "the action column apply rules wrote", actual: action.type.rawValue)
    }
    var converted: [Bool?] = []
    converted.reserveCapacity(frame.rowCount)
    for row in 0..<frame.rowCount {
      guard case .int(let id) = ids.value(at: row) else {
        throw EngineError.missingValues(column: "customer_id", count: ids.missingCount, firstRow: row + 1)
      }
      var chance = 0.05 + (loyalty.value(at: row) == .bool(true) ? 0.03 : 0) + (optIn.value(at: row) == .bool(true) ? 0.02 : 0)
      if !action.value(at: row).isMissing, case .string(let c) = channel.value(at: row) { chance += trueUplift[c] ?? 0 }
      var g = generator(seed: seed, customer: id, stream: 11)
      converted.append(g.uniform() < chance)
    }
    return .bools("converted", converted)
  }
}
