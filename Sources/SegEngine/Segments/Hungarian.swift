/// The assignment of rows to columns of a cost matrix with the least total cost
/// (Hungarian method with potentials, O(n²·m)).
public enum Hungarian {
  /// For each row of `cost` (n × m, n ≤ m, row-major), the column it is assigned.
  public static func assign(_ cost: [[Double]]) -> [Int] {
    let n = cost.count
    guard n > 0 else { return [] }
    let m = cost[0].count
    precondition(n <= m, "more rows than columns")
    // 1-based arrays, column 0 a virtual start, as in the classic formulation.
    var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: m + 1)
    var owner = [Int](repeating: 0, count: m + 1), way = [Int](repeating: 0, count: m + 1)
    for i in 1...n {
      owner[0] = i
      var j0 = 0
      var minv = [Double](repeating: .infinity, count: m + 1)
      var used = [Bool](repeating: false, count: m + 1)
      repeat {
        used[j0] = true
        let i0 = owner[j0]
        var delta = Double.infinity, j1 = 0
        for j in 1...m where !used[j] {
          let current = cost[i0 - 1][j - 1] - u[i0] - v[j]
          if current < minv[j] { minv[j] = current; way[j] = j0 }
          if minv[j] < delta { delta = minv[j]; j1 = j }
        }
        for j in 0...m {
          if used[j] { u[owner[j]] += delta; v[j] -= delta } else { minv[j] -= delta }
        }
        j0 = j1
      } while owner[j0] != 0
      repeat {
        let j1 = way[j0]
        owner[j0] = owner[j1]
        j0 = j1
      } while j0 != 0
    }
    var result = [Int](repeating: -1, count: n)
    for j in 1...m where owner[j] > 0 { result[owner[j] - 1] = j - 1 }
    return result
  }
}
