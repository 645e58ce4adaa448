/// A fixed, portable random generator (xoshiro256**, seeded by SplitMix64) so every seeded
/// step gives the same numbers on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var s: (UInt64, UInt64, UInt64, UInt64)

  public init(seed: UInt64) {
    var sm = seed
    func splitMix(_ x: inout UInt64) -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s = (splitMix(&sm), splitMix(&sm), splitMix(&sm), splitMix(&sm))
  }

  public mutating func next() -> UInt64 {
    let result = rotl(s.1 &* 5, 7) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = rotl(s.3, 45)
    return result
  }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// Uniform in [0, 1) with 53 random bits (portable, unlike `Double.random(in:using:)`).
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform integer in 0..<n without modulo bias (Lemire's method).
  public mutating func below(_ n: Int) -> Int {
    precondition(n > 0)
    let bound = UInt64(n)
    var m = next().multipliedFullWidth(by: bound)
    if m.low < bound {
      let threshold = (0 &- bound) % bound
      while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
    }
    return Int(m.high)
  }

  /// Standard normal by Box-Muller (deterministic: no cached second value).
  public mutating func normal() -> Double {
    let u1 = max(uniform(), 0x1.0p-60)
    let u2 = uniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// Exponential with the given mean.
  public mutating func exponential(mean: Double) -> Double {
    -mean * log(max(1 - uniform(), 0x1.0p-60))
  }

  /// `count` distinct indices from 0..<n, in the order drawn (a partial Fisher-Yates
  /// shuffle, as NumPy's permutation(n)[:count]).
  public mutating func sample(_ count: Int, from n: Int) -> [Int] {
    var order = Array(0..<n)
    for i in 0..<min(count, n) { order.swapAt(i, i + below(n - i)) }
    return Array(order.prefix(count))
  }

  /// Picks an index with probability proportional to `weights`.
  public mutating func pick(weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var u = uniform() * total
    for (i, w) in weights.enumerated() {
      if u < w { return i }
      u -= w
    }
    return weights.count - 1
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
