import Foundation

/// The population stability index: Σ (current − baseline) · ln(current / baseline) over
/// shares of the same bins, each share floored so an empty bin does not make it infinite.
enum PopulationStability {
  /// The floor for an empty bin's share (a common choice; pandas-based PSI scripts use 1e-4
  /// too), so a bin one side lacks adds a large but finite amount.
  static let floor = 0.0001

  static func index(_ bins: DriftBins) -> Double {
    let b = bins.baselineShares, c = bins.currentShares
    var sum = 0.0
    for i in b.indices {
      let p = max(b[i], floor), q = max(c[i], floor)
      sum += (q - p) * log(q / p)
    }
    return sum
  }
}
