/// How `scale` centres and divides a column (scikit-learn's scalers).
public enum ScaleMethod: String, Sendable, CaseIterable, Codable {
  /// (x − mean) / std, population std (ddof 0), as StandardScaler.
  case zscore
  /// (x − min) / (max − min), as MinMaxScaler.
  case minmax
  /// (x − median) / (q75 − q25), linear quantiles, as RobustScaler.
  case robust
}

/// Fits and applies column scaling. Missing values are ignored when fitting and stay
/// missing. A column whose spread is zero is divided by 1, as scikit-learn does, so its
/// values become 0; `constantColumns` reports them.
public enum Scaler {
  /// Learns centre and scale of one column's present values.
  public static func fit(_ values: [Double], method: ScaleMethod) throws -> (center: Double, scale: Double) {
    // Only robust scaling needs the values in order.
    let v = method == .robust ? Statistics.present(values).sorted() : Statistics.present(values)
    guard !v.isEmpty else { throw EngineError.emptyInput("there are no values to scale") }
    var center: Double
    var spread: Double
    switch method {
    case .zscore:
      center = Statistics.sum(v) / Double(v.count)
      spread = Statistics.populationVariance(v).squareRoot()
    case .minmax:
      center = v.min()!
      spread = v.max()! - center
    case .robust:
      center = Statistics.quantile(sorted: v, 0.5)
      spread = Statistics.quantile(sorted: v, 0.75) - Statistics.quantile(sorted: v, 0.25)
    }
    if spread == 0 || !spread.isFinite { spread = 1 }
    return (center, spread)
  }

  /// (x − center) / scale, keeping missing values missing.
  public static func apply(_ values: [Double], center: Double, scale: Double) -> [Double] {
    values.map { $0.isNaN ? .nan : ($0 - center) / scale }
  }
}
