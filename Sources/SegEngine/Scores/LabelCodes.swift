/// Labels renumbered 0..<m in sorted order of their values (NumPy's `unique` inverse).
struct LabelCodes {
  let codes: [Int]
  let values: [Int]
  var count: Int { values.count }

  init(_ labels: [Int]) {
    values = Array(Set(labels)).sorted()
    var index: [Int: Int] = [:]
    for (i, v) in values.enumerated() { index[v] = i }
    codes = labels.map { index[$0]! }
  }

  /// Rows per code.
  var sizes: [Int] {
    var s = [Int](repeating: 0, count: count)
    for c in codes { s[c] += 1 }
    return s
  }
}

/// Checks the shared preconditions of internal scores (as scikit-learn: 2 ≤ clusters < n).
func requireScorable(_ x: FeatureMatrix, _ labels: [Int], _ score: String) throws -> LabelCodes {
  guard labels.count == x.rows else {
    throw EngineError.invalidParameter(name: "labels", value: String(labels.count), reason: "there are \(x.rows) rows")
  }
  let codes = LabelCodes(labels)
  guard codes.count >= 2 && codes.count < x.rows else {
    throw EngineError.unsupported(
      "\(score) needs at least 2 clusters and fewer clusters than rows; the labels make \(codes.count) cluster\(codes.count == 1 ? "" : "s") of \(x.rows) row\(x.rows == 1 ? "" : "s")")
  }
  return codes
}
