/// The knee of a decreasing convex curve (Satopää et al.'s Kneedle): after scaling both
/// axes to [0, 1], the point farthest below the straight line from the first point to the
/// last. Used for the elbow of inertia against k and the bend of a k-distance curve.
public enum Kneedle {
  /// The index of the knee, or nil when the curve has no bend (fewer than 3 points, or no
  /// point below the chord).
  public static func knee(x: [Double], y: [Double]) -> Int? {
    guard x.count == y.count, x.count >= 3, let x0 = x.first, let x1 = x.last, x1 != x0,
      let low = y.min(), let high = y.max(), high > low
    else { return nil }
    let decreasing = y.first! >= y.last!
    var best: Int?
    var bestGap = 0.0
    for i in x.indices {
      let xn = (x[i] - x0) / (x1 - x0)
      let yn = (y[i] - low) / (high - low)
      // Distance below the chord: for a decreasing curve the chord is 1 − x, for an
      // increasing one (sorted k-distances) it is x.
      let gap = decreasing ? (1 - xn) - yn : xn - yn
      if gap > bestGap + 1e-12 {
        bestGap = gap
        best = i
      }
    }
    return best
  }
}
