/// Rows dealt into k folds for cross-validation, as scikit-learn's KFold(shuffle=True) and
/// StratifiedKFold(shuffle=True): unstratified, the first n mod k folds get one row more;
/// stratified, each fold gets the class counts StratifiedKFold gives it (the rows sorted by
/// class, dealt round-robin). Which rows go where comes from seg's seeded generator.
public struct KFold: Sendable, Equatable {
  /// Each fold's test rows, in the frame's order.
  public let folds: [[Int]]

  public init<Key: Hashable>(rows n: Int, folds k: Int, classes: [Key]?, seed: UInt64) throws {
    guard k >= 2 else { throw EngineError.invalidParameter(name: "folds", value: String(k), reason: "cross-validation needs at least 2 folds") }
    guard k <= n else {
      throw EngineError.unsupported("\(k) folds need at least \(k) rows; there are \(ValueFormatter.grouped(n))")
    }
    var g = SeededGenerator(seed: seed)
    var fold = [Int](repeating: 0, count: n)
    if let classes {
      // Classes numbered in order of first appearance, as StratifiedKFold numbers them.
      var index: [Key: Int] = [:]
      let codes = classes.map { key -> Int in
        if let c = index[key] { return c }
        index[key] = index.count
        return index.count - 1
      }
      var counts = [Int](repeating: 0, count: index.count)
      for c in codes { counts[c] += 1 }
      if let smallest = counts.min(), smallest < k {
        throw EngineError.unsupported("a class has only \(smallest) row\(smallest == 1 ? "" : "s"), fewer than the \(k) folds: every fold cannot hold it; use fewer folds or stratify=false")
      }
      // allocation[f][c]: the sorted codes dealt to fold f, counted per class.
      var allocation = [[Int]](repeating: [Int](repeating: 0, count: counts.count), count: k)
      var position = 0
      for (c, count) in counts.enumerated() {
        for _ in 0..<count {
          allocation[position % k][c] += 1
          position += 1
        }
      }
      for c in counts.indices {
        var labels = (0..<k).flatMap { f in Array(repeating: f, count: allocation[f][c]) }
        labels.shuffle(using: &g)
        var next = 0
        for row in 0..<n where codes[row] == c {
          fold[row] = labels[next]
          next += 1
        }
      }
    } else {
      var order = Array(0..<n)
      order.shuffle(using: &g)
      var start = 0
      for f in 0..<k {
        let size = n / k + (f < n % k ? 1 : 0)
        for row in order[start..<(start + size)] { fold[row] = f }
        start += size
      }
    }
    folds = (0..<k).map { f in (0..<n).filter { fold[$0] == f } }
  }

  /// Folds that do not look at classes.
  public init(rows n: Int, folds k: Int, seed: UInt64) throws {
    try self.init(rows: n, folds: k, classes: nil as [Int]?, seed: seed)
  }
}
