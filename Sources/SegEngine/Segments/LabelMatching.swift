/// Renumbers a new clustering so that each cluster takes the number of the earlier cluster
/// whose centre is nearest (Hungarian assignment on squared centre distances), keeping
/// segment numbers and names stable across refits.
public enum LabelMatching {
  /// `mapping[new]` = the number that new cluster gets. Rows where `previous` is nil or
  /// negative (noise) do not shape the old centres; clusters left unmatched get the next
  /// free numbers, in their own order.
  public static func mapping(_ x: FeatureMatrix, labels: [Int], previous: [Int?]) -> [Int] {
    let newK = (labels.max() ?? -1) + 1
    let oldLabels = previous.map { ($0 ?? -1) >= 0 ? $0! : -1 }
    let oldK = (oldLabels.max() ?? -1) + 1
    guard newK > 0, oldK > 0 else { return Array(0..<newK) }
    let newCenters = centroidsOf(x, labels, newK), oldCenters = centroidsOf(x, oldLabels, oldK)
    let d = x.dims
    func cost(_ a: Int, _ b: Int) -> Double {
      (0..<d).reduce(0.0) { s, j in let t = newCenters[a * d + j] - oldCenters[b * d + j]; return s + t * t }
    }
    var mapping = [Int](repeating: -1, count: newK)
    if newK <= oldK {
      let assigned = Hungarian.assign((0..<newK).map { a in (0..<oldK).map { cost(a, $0) } })
      for a in 0..<newK { mapping[a] = assigned[a] }
    } else {
      let assigned = Hungarian.assign((0..<oldK).map { b in (0..<newK).map { cost($0, b) } })
      for b in 0..<oldK { mapping[assigned[b]] = b }
      var next = oldK
      for a in 0..<newK where mapping[a] < 0 { mapping[a] = next; next += 1 }
    }
    return mapping
  }
}
