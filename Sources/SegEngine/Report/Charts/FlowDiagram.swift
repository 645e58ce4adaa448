/// Customers flowing from one set of groups to another (a Sankey diagram): each source and
/// target is a bar as tall as its customers, each flow a band as wide as the customers it
/// carries (`migrate`: segments before and after).
public struct FlowDiagram: Sendable, Equatable {
  public var sources: [String]
  public var targets: [String]
  /// sources × targets.
  public var counts: [[Int]]

  public init(sources: [String], targets: [String], counts: [[Int]]) {
    self.sources = sources
    self.targets = targets
    self.counts = counts
  }

  /// The flows that carry anyone, in source then target order.
  public var flows: [(source: Int, target: Int, count: Int)] {
    sources.indices.flatMap { i in targets.indices.compactMap { j in counts[i][j] > 0 ? (i, j, counts[i][j]) : nil } }
  }

  public var sourceTotals: [Int] { counts.map { $0.reduce(0, +) } }
  public var targetTotals: [Int] { targets.indices.map { j in counts.reduce(0) { $0 + $1[j] } } }

  /// Where each bar starts and how tall it is, bars stacked from `top` with `gap` between
  /// them, at `scale` units per customer.
  static func stack(_ totals: [Int], top: Double, gap: Double, scale: Double) -> [(y: Double, height: Double)] {
    var y = top
    return totals.map { t in
      defer { y += Double(t) * scale + gap }
      return (y, Double(t) * scale)
    }
  }
}
