/// How strongly one feature differs between segments: the test statistic, its p-value and
/// an effect size on a 0–1 scale, so numeric and categorical features can be ranked together.
public struct Separation: Sendable, Equatable {
  /// "anova F" or "chi-squared".
  public var test: String
  public var statistic: Double
  public var pValue: Double
  /// η² (share of variance between segments) for numbers, Cramér's V for categories.
  public var effect: Double

  /// One-way ANOVA F of `values` across `groups` (as scikit-learn's f_classif); missing
  /// values are left out.
  public static func anova(_ values: [Double], groups: [Int]) -> Separation {
    var sums: [Int: (n: Double, sum: Double)] = [:]
    var total = 0.0, n = 0.0
    for (v, g) in zip(values, groups) where !v.isNaN {
      sums[g, default: (0, 0)].n += 1
      sums[g, default: (0, 0)].sum += v
      total += v
      n += 1
    }
    let mean = total / n
    var within = 0.0, overall = 0.0
    for (v, g) in zip(values, groups) where !v.isNaN {
      let s = sums[g]!
      within += (v - s.sum / s.n) * (v - s.sum / s.n)
      overall += (v - mean) * (v - mean)
    }
    let between = overall - within
    let k = Double(sums.count)
    let f = (between / (k - 1)) / (within / (n - k))
    return Separation(test: "anova F", statistic: f, pValue: SpecialFunctions.fSurvival(f, d1: k - 1, d2: n - k),
      effect: overall > 0 ? max(0, between) / overall : 0)
  }

  /// Pearson's chi-squared test of independence between `categories` and `groups` (as
  /// scipy's chi2_contingency without continuity correction); missing categories are left out.
  public static func chiSquared(_ categories: [Int?], groups: [Int]) -> Separation {
    var cells: [Int: [Int: Double]] = [:]
    var rowTotals: [Int: Double] = [:], columnTotals: [Int: Double] = [:]
    var n = 0.0
    for (c, g) in zip(categories, groups) {
      guard let c else { continue }
      cells[g, default: [:]][c, default: 0] += 1
      rowTotals[g, default: 0] += 1
      columnTotals[c, default: 0] += 1
      n += 1
    }
    var chi2 = 0.0
    for (g, r) in rowTotals {
      for (c, t) in columnTotals {
        let expected = r * t / n
        let observed = cells[g]?[c] ?? 0
        chi2 += (observed - expected) * (observed - expected) / expected
      }
    }
    let dof = Double((rowTotals.count - 1) * (columnTotals.count - 1))
    let smaller = Double(min(rowTotals.count, columnTotals.count) - 1)
    return Separation(test: "chi-squared", statistic: chi2, pValue: dof > 0 ? SpecialFunctions.chiSquaredSurvival(chi2, dof: dof) : 1,
      effect: smaller > 0 ? (chi2 / (n * smaller)).squareRoot() : 0)
  }
}
