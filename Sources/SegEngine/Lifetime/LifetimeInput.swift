/// Checks customer histories given as columns (a summary frame from a file, say) before a
/// model reads them, naming the first bad row.
enum LifetimeInput {
  static func check(frequency: [Double], recency: [Double], age: [Double]) throws {
    guard !frequency.isEmpty else { throw EngineError.emptyInput("there are no customers to fit or score") }
    for i in frequency.indices {
      let (x, t, big) = (frequency[i], recency[i], age[i])
      let problem: String? =
        if !x.isFinite || !t.isFinite || !big.isFinite { "has a missing or infinite frequency, recency or T" }
        else if x < 0 || x != x.rounded() { "has frequency \(ValueFormatter.number(x)): it counts repeat purchases, a whole number from 0" }
        else if t < 0 { "has a negative recency (\(ValueFormatter.number(t)))" }
        else if t > big { "has recency \(ValueFormatter.number(t)) above T \(ValueFormatter.number(big)): the last purchase is after the end of the observation" }
        else if x == 0 && t != 0 { "has no repeat purchase but recency \(ValueFormatter.number(t)); it must be 0" }
        else { nil }
      if let problem {
        throw EngineError.invalidExpression("customer row \(i + 1) \(problem)")
      }
    }
  }
}
