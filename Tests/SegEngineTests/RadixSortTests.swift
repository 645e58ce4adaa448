import Testing
@testable import SegEngine

/// The order statistics drift uses: the radix sort gives what a comparison sort gives, for
/// every kind of double.
@Suite struct RadixSortTests {
  @Test(arguments: [0, 1, 300, 5_000, 200_000])
  func sortsLikeSorted(_ count: Int) {
    var g = SeededGenerator(seed: UInt64(count) + 1)
    let special: [Double] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude, -1, 1]
    let values = (0..<count).map { i -> Double in
      switch i % 4 {
      case 0: special[Int(g.uniform() * Double(special.count)) % special.count]
      case 1: (g.uniform() - 0.5) * 1e6
      case 2: Double(Int(g.uniform() * 10))
      default: g.normal()
      }
    }
    #expect(RadixSort.sorted(values) == values.sorted())
  }
}

/// Drift's decile edges are selected, not sorted: the same values at the same ranks as the
/// sort, and the bins counted without sorting equal those counted on the sorted values.
@Suite struct OrderStatisticsTests {
  /// Data that keeps the buckets lopsided: ties, powers of two, a far outlier, infinities.
  static let kinds = ["normal", "ties", "powers", "outlier", "special", "small"]

  static func values(_ kind: String) -> [Double] {
    var g = SeededGenerator(seed: 7)
    switch kind {
    case "normal": return (0..<50_000).map { _ in g.normal() }
    case "ties": return (0..<50_000).map { i in i % 10 < 8 ? -1 : Double(Int(g.uniform() * 400)) }
    case "powers": return (0..<50_000).map { i in Double(sign: .plus, exponent: i % 2_000 - 1_000, significand: 1) }
    case "outlier": return (0..<50_000).map { i in i == 0 ? 1e300 : g.uniform() }
    case "special": return (0..<20_000).map { i in [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, g.normal()][i % 6] }
    default: return (0..<7).map { _ in g.normal() }
    }
  }

  @Test(arguments: kinds)
  func selectsWhatTheSortHasAtEachRank(_ kind: String) {
    let values = Self.values(kind)
    let sorted = RadixSort.sorted(values)
    let ranks = [0, 1, values.count / 10, values.count / 2, values.count / 2 + 1, values.count - 2, values.count - 1]
    let picked = OrderStatistics.select(values, ranks: ranks)
    for r in ranks { #expect(picked[r]?.bitPattern == sorted[r].bitPattern, "rank \(r)") }
  }

  @Test(arguments: kinds)
  func binsCountedWithoutSortingEqualTheSortedCount(_ kind: String) {
    var values = Self.values(kind)
    for i in stride(from: 3, to: values.count, by: 11) { values[i] = .nan }
    let sorted = RadixSort.sorted(values)
    let selected = FeatureDistribution.numeric("x", type: .double, values: values, bins: 10)
    let fromSorted = FeatureDistribution.numeric("x", type: .double, values: values, sorted: sorted, bins: 10)
    #expect(selected == fromSorted)
    #expect(selected.counts.reduce(0, +) + selected.missing == values.count)
  }
}
