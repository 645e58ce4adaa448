import Foundation

/// The distinct (frequency, recency, T) histories a likelihood sums over, each with how many
/// customers share it (Fader and Hardie's condensed data), and the distinct frequencies,
/// since the lgamma terms depend on the frequency alone.
struct PurchasePatterns: Sendable {
  var frequency: [Double] = []
  var recency: [Double] = []
  var age: [Double] = []
  var weight: [Double] = []
  /// Each pattern's slot in `distinctFrequencies`.
  var frequencySlot: [Int] = []
  var distinctFrequencies: [Double] = []
  /// Customers per distinct frequency.
  var frequencyWeight: [Double] = []
  /// Customers in all.
  var customers: Double = 0

  /// Patterns of the histories with times multiplied by `scale`.
  init(frequency: [Double], recency: [Double], age: [Double], scale: Double = 1) {
    let order = frequency.indices.sorted { (frequency[$0], recency[$0], age[$0]) < (frequency[$1], recency[$1], age[$1]) }
    var slotOf: [Double: Int] = [:]
    for i in order {
      let key = (frequency[i], recency[i] * scale, age[i] * scale)
      if let last = self.frequency.indices.last, (self.frequency[last], self.recency[last], self.age[last]) == key {
        weight[last] += 1
      } else {
        self.frequency.append(key.0)
        self.recency.append(key.1)
        self.age.append(key.2)
        weight.append(1)
        let slot = slotOf[key.0] ?? {
          distinctFrequencies.append(key.0)
          frequencyWeight.append(0)
          slotOf[key.0] = distinctFrequencies.count - 1
          return distinctFrequencies.count - 1
        }()
        frequencySlot.append(slot)
      }
      frequencyWeight[slotOf[frequency[i]]!] += 1
    }
    customers = Double(frequency.count)
  }

  /// Sums `components` numbers over the patterns: fixed chunks summed concurrently, then in
  /// chunk order, so the total is the same on any number of threads.
  func sum(components: Int, _ body: (Range<Int>, inout [Double]) -> Void) throws -> [Double] {
    let chunk = 16_384
    let chunks = (frequency.count + chunk - 1) / chunk
    let parts = try Parallel.map(chunks) { c in
      try CancellationToken.check()
      var acc = [Double](repeating: 0, count: components)
      body(c * chunk..<min(frequency.count, (c + 1) * chunk), &acc)
      return acc
    }
    var total = [Double](repeating: 0, count: components)
    for part in parts {
      for k in 0..<components { total[k] += part[k] }
    }
    return total
  }
}
