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
