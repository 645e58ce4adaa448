/// How `outliers` decides that a value is far from the rest.
public enum OutlierMethod: String, Sendable, CaseIterable, Codable {
  /// Outside [q1 − f·IQR, q3 + f·IQR] (Tukey's fences; f defaults to 1.5).
  case iqr
  /// |x − mean| / std > f, population std (ddof 0; f defaults to 3).
  case zscore
  /// Modified z-score 0.6745·|x − median| / MAD > f (Iglewicz and Hoaglin; f defaults to 3.5).
  case mad

  /// The usual factor for the method.
  public var defaultFactor: Double {
    switch self {
    case .iqr: 1.5
    case .zscore: 3
    case .mad: 3.5
    }
  }
}

/// What `outliers` does with the values it finds.
public enum OutlierAction: String, Sendable, CaseIterable, Codable {
  case flag, drop, clip
}

/// Finds the fences outside which values count as outliers.
public enum OutlierDetector {
  /// The lowest and highest values that are not outliers, by `method` and `factor`.
  public static func fences(_ values: [Double], method: OutlierMethod, factor: Double) throws -> (low: Double, high: Double) {
    let v = Statistics.present(values).sorted()
    guard !v.isEmpty else { throw EngineError.emptyInput("there are no values to look for outliers in") }
    switch method {
    case .iqr:
      let q1 = Statistics.quantile(sorted: v, 0.25)
      let q3 = Statistics.quantile(sorted: v, 0.75)
      return (q1 - factor * (q3 - q1), q3 + factor * (q3 - q1))
    case .zscore:
      let mean = Statistics.sum(v) / Double(v.count)
      let std = Statistics.populationVariance(v).squareRoot()
      return (mean - factor * std, mean + factor * std)
    case .mad:
      let median = Statistics.quantile(sorted: v, 0.5)
      let mad = Statistics.quantile(sorted: v.map { abs($0 - median) }.sorted(), 0.5)
      let reach = factor * mad / 0.6745
      return (median - reach, median + reach)
    }
  }
}
