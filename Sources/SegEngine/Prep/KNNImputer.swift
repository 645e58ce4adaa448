/// Fills missing values with the mean of the k nearest rows that have the value, as
/// scikit-learn's KNNImputer (uniform weights, nan-euclidean distances) on features scaled to
/// zero mean and unit variance first, so that no column dominates by its units.
public enum KNNImputer {
  /// Every column with its missing cells filled where donors exist; the filled counts.
  public static func fill(_ columns: [[Double]], k: Int) throws -> (columns: [[Double]], filled: [Int]) {
    guard k >= 1 else { throw EngineError.invalidParameter(name: "k", value: String(k), reason: "must be at least 1") }
    let d = columns.count
    guard let n = columns.first?.count else { return ([], []) }
    // Scale each feature (population std over present values, as StandardScaler).
    let scaled = try columns.map { c -> [Double] in
      guard Statistics.present(c).count > 0 else { throw EngineError.emptyInput("a column has no values at all") }
      let fit = try Scaler.fit(c, method: .zscore)
      return Scaler.apply(c, center: fit.center, scale: fit.scale)
    }
    var out = columns
    var filled = [Int](repeating: 0, count: d)
    for j in 0..<d {
      let donors = (0..<n).filter { !columns[j][$0].isNaN }
      for i in 0..<n where columns[j][i].isNaN {
        if i & 0xFF == 0 { try CancellationToken.check() }
        var candidates: [(distance: Double, row: Int)] = []
        for r in donors {
          var sum = 0.0
          var present = 0
          for c in 0..<d {
            let a = scaled[c][i]
            let b = scaled[c][r]
            if !a.isNaN && !b.isNaN {
              sum += (a - b) * (a - b)
              present += 1
            }
          }
          if present > 0 { candidates.append(((Double(d) / Double(present) * sum).squareRoot(), r)) }
        }
        guard !candidates.isEmpty else {
          // No row shares a present feature: the column mean, as KNNImputer does.
          out[j][i] = Statistics.mean(columns[j])
          filled[j] += 1
          continue
        }
        candidates.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.row < $1.row }
        let nearest = candidates.prefix(k)
        out[j][i] = nearest.reduce(0.0) { $0 + columns[j][$1.row] } / Double(nearest.count)
        filled[j] += 1
      }
    }
    return (out, filled)
  }
}
