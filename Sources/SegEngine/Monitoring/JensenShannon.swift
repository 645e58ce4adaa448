import Foundation

/// The Jensen–Shannon distance in bits (0 same, 1 disjoint) between the shares of two sides
/// over the same bins, as scipy.spatial.distance.jensenshannon(p, q, base=2).
enum JensenShannon {
  static func distance(_ bins: DriftBins) -> Double {
    let p = bins.baselineShares, q = bins.currentShares
    var divergence = 0.0
    for i in p.indices {
      let m = (p[i] + q[i]) / 2
      if p[i] > 0 { divergence += p[i] * log2(p[i] / m) }
      if q[i] > 0 { divergence += q[i] * log2(q[i] / m) }
    }
    return (max(divergence, 0) / 2).squareRoot()
  }
}
