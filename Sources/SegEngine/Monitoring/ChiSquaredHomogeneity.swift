/// Pearson's chi-squared test that two samples share one distribution over the same bins:
/// the 2 × k table of counts, as scipy.stats.chi2_contingency(table, correction=False). Bins
/// neither side has are left out (their expected count would be 0).
enum ChiSquaredHomogeneity {
  static func test(_ bins: DriftBins) -> (statistic: Double, dof: Int, pValue: Double) {
    let used = bins.baseline.indices.filter { bins.baseline[$0] + bins.current[$0] > 0 }
    let n1 = Double(bins.baselineTotal), n2 = Double(bins.currentTotal)
    let n = n1 + n2
    guard used.count > 1, n1 > 0, n2 > 0 else { return (0, 0, 1) }
    var statistic = 0.0
    for i in used {
      let column = Double(bins.baseline[i] + bins.current[i])
      for (observed, rowTotal) in [(Double(bins.baseline[i]), n1), (Double(bins.current[i]), n2)] {
        let expected = rowTotal * column / n
        statistic += (observed - expected) * (observed - expected) / expected
      }
    }
    let dof = used.count - 1
    return (statistic, dof, SpecialFunctions.chiSquaredSurvival(statistic, dof: Double(dof)))
  }
}
