/// Erasing customers (GDPR Art. 17): their rows from frames, and what a model file holds of
/// them individually.
public enum Erasure {
  /// `frame` split into the rows whose `key` is not among `ids` and those that are (keys
  /// compared as plain text, so 42 and "42" are one customer).
  public static func split(_ frame: DataFrame, key: String, ids: Set<String>) throws -> (kept: DataFrame, erased: DataFrame) {
    let keys = try frame.column(key).plainTexts
    var kept: [Int] = [], erased: [Int] = []
    for (row, k) in keys.enumerated() {
      if let k, ids.contains(k) { erased.append(row) } else { kept.append(row) }
    }
    return (frame.gather(kept), frame.gather(erased))
  }
}

extension SegmentationModel {
  /// What the model file holds of individual customers, in words; nil when it holds only
  /// what describes many (centres, fitted steps, distributions).
  public var customerLevelData: String? {
    guard case .density(let d) = clusterer.rule, !clusterer.features.isEmpty else { return nil }
    return "DBSCAN core samples: the prepared features of \(ValueFormatter.grouped(d.cores.count / clusterer.features.count)) customers"
  }

  /// The model without what it holds of the customers whose raw rows are `rows` (as assign
  /// reads them): DBSCAN core samples equal to one of theirs, once prepared, are removed (a
  /// customer with the very same features as an erased one loses theirs too: the file cannot
  /// tell them apart). Returns how many were removed.
  public func erasing(_ rows: DataFrame) throws -> (model: SegmentationModel, removed: Int) {
    guard case .density(var d) = clusterer.rule, rows.rowCount > 0 else { return (self, 0) }
    let matrix = try labelling(rows).matrix
    let dims = clusterer.features.count
    let erased = (0..<matrix.rows).map { Array(matrix.row($0)) }
    var cores: [Double] = [], labels: [Int] = []
    var removed = 0
    for (i, label) in d.coreLabels.enumerated() {
      let core = d.cores[(i * dims)..<((i + 1) * dims)]
      let same = erased.contains { v in zip(v, core).allSatisfy { abs($0 - $1) <= 1e-9 * (1 + abs($1)) } }
      if same {
        removed += 1
      } else {
        cores += core
        labels.append(label)
      }
    }
    d.cores = cores
    d.coreLabels = labels
    var out = self
    out.clusterer.rule = .density(d)
    return (out, removed)
  }
}
