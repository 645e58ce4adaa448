/// Student's t distribution with real degrees of freedom (Welch's test has them).
enum StudentT {
  /// P(|T| > t), two-sided.
  static func twoSidedP(_ t: Double, dof: Double) -> Double {
    guard t.isFinite else { return t.isNaN ? .nan : 0 }
    return SpecialFunctions.incompleteBeta(dof / (dof + t * t), a: dof / 2, b: 0.5)
  }

  /// The t with P(|T| > t) = p, by bisection on the two-sided tail (monotone in t).
  static func twoSidedQuantile(_ p: Double, dof: Double) -> Double {
    var lo = 0.0, hi = 1.0
    while twoSidedP(hi, dof: dof) > p { hi *= 2 }
    for _ in 0..<200 {
      let mid = (lo + hi) / 2
      if twoSidedP(mid, dof: dof) > p { lo = mid } else { hi = mid }
      if hi - lo <= 1e-15 * hi { break }
    }
    return (lo + hi) / 2
  }
}
