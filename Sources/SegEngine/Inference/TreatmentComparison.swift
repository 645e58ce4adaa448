/// A treated group against its control group on one outcome: the difference with its 95 %
/// interval, a two-sided p-value, and the smallest difference the groups' sizes could
/// detect (80 % power at the 5 % level).
public struct TreatmentComparison: Sendable, Equatable {
  public let treated: Double
  public let control: Double
  public var difference: Double { treated - control }
  /// The difference relative to the control (NaN when the control is 0).
  public var relative: Double { control == 0 ? .nan : treated / control - 1 }
  public let low: Double
  public let high: Double
  public let pValue: Double
  public let detectable: Double

  static let z975 = NormalDistribution.quantile(0.975)
  static let z80 = NormalDistribution.quantile(0.8)

  /// Rates of a 0/1 outcome: Newcombe's hybrid score interval from Wilson intervals (as
  /// statsmodels' confint_proportions_2indep method="newcomb") and the pooled two-proportion
  /// z-test (statsmodels' proportions_ztest).
  static func proportions(treatedHits: Int, treated n1: Int, controlHits: Int, control n0: Int) -> TreatmentComparison {
    let p1 = Double(treatedHits) / Double(n1), p0 = Double(controlHits) / Double(n0)
    let (l1, u1) = wilson(p1, n1), (l0, u0) = wilson(p0, n0)
    let d = p1 - p0
    let low = d - ((p1 - l1) * (p1 - l1) + (u0 - p0) * (u0 - p0)).squareRoot()
    let high = d + ((u1 - p1) * (u1 - p1) + (p0 - l0) * (p0 - l0)).squareRoot()
    let pooled = Double(treatedHits + controlHits) / Double(n1 + n0)
    let se = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n0))).squareRoot()
    let p = se == 0 ? (d == 0 ? 1 : 0) : 2 * NormalDistribution.survival(abs(d) / se)
    return TreatmentComparison(treated: p1, control: p0, low: low, high: high, pValue: p, detectable: (z975 + z80) * se)
  }

  /// Wilson's score interval for a proportion.
  static func wilson(_ p: Double, _ n: Int) -> (Double, Double) {
    let z2 = z975 * z975, m = Double(n)
    let centre = (p + z2 / (2 * m)) / (1 + z2 / m)
    let half = z975 / (1 + z2 / m) * (p * (1 - p) / m + z2 / (4 * m * m)).squareRoot()
    return (centre - half, centre + half)
  }

  /// Means of a numeric outcome: Welch's t-test and interval (unequal variances; statsmodels'
  /// ttest_ind and tconfint_diff with usevar="unequal"). Each group needs two values.
  static func means(treated a: [Double], control b: [Double]) -> TreatmentComparison {
    let (m1, v1) = (Statistics.mean(a), Statistics.sampleVariance(a)), (m0, v0) = (Statistics.mean(b), Statistics.sampleVariance(b))
    let s1 = v1 / Double(a.count), s0 = v0 / Double(b.count)
    let se = (s1 + s0).squareRoot()
    let d = m1 - m0
    guard se > 0 else { return TreatmentComparison(treated: m1, control: m0, low: d, high: d, pValue: d == 0 ? 1 : 0, detectable: 0) }
    let dof = (s1 + s0) * (s1 + s0) / (s1 * s1 / Double(a.count - 1) + s0 * s0 / Double(b.count - 1))
    let t = StudentT.twoSidedQuantile(0.05, dof: dof)
    return TreatmentComparison(treated: m1, control: m0, low: d - t * se, high: d + t * se,
      pValue: StudentT.twoSidedP(d / se, dof: dof), detectable: (z975 + z80) * se)
  }

}
