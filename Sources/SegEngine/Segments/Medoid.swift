/// The most typical member of a group: the row with the smallest total distance to the others.
public enum Medoid {
  /// The medoid of `rows` of `x`. Above `limit` rows, candidates and the rows they are
  /// measured against are a seeded sample of `limit` rows, which keeps it O(limit²).
  public static func of(_ rows: [Int], in x: FeatureMatrix, limit: Int = 2000, seed: UInt64 = 0) -> Int? {
    guard !rows.isEmpty else { return nil }
    var pool = rows
    if rows.count > limit {
      var generator = SeededGenerator(seed: seed)
      pool = generator.sample(limit, from: rows.count).sorted().map { rows[$0] }
    }
    let d = x.dims
    var best = pool[0], bestTotal = Double.infinity
    x.values.withUnsafeBufferPointer { v in
      for a in pool {
        var total = 0.0
        for b in pool where b != a {
          var s = 0.0
          for j in 0..<d { let t = v[a * d + j] - v[b * d + j]; s += t * t }
          total += s.squareRoot()
          if total >= bestTotal { break }
        }
        if total < bestTotal { (best, bestTotal) = (a, total) }
      }
    }
    return best
  }
}
