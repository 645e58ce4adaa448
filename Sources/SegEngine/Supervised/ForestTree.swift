/// One tree of a random forest, kept compact because a forest holds hundreds of thousands of
/// nodes: each node a 16-byte test plus its class counts and impurity in flat arrays (a
/// decision tree's node with its own arrays takes five times the memory), in preorder so a
/// split's left child is the node right after it.
public struct ForestTree: Sendable, Equatable {
  /// A node's test: rows whose feature is ≤ `threshold` go to the next node, the others to
  /// node `right`. A leaf's feature is -1.
  struct Test: Sendable, Equatable {
    var threshold: Double
    var feature: Int32
    var right: Int32
  }

  private(set) var tests: [Test] = []
  /// Per node, its training rows (bootstrap draws) per class, node after node.
  private(set) var counts: [Int32] = []
  private(set) var impurity: [Double] = []
  /// Per node, its counts times the class weights, node after node; nil without class weights.
  private(set) var weighted: [Double]?
  public let classes: Int

  /// An empty tree to add nodes to, with `weighted` class counts when fitted with class weights.
  init(classes: Int, weighted: Bool) {
    self.classes = classes
    self.weighted = weighted ? [] : nil
  }

  /// A tree from its columns (a model file's), already checked to hold together.
  init(tests: [Test], counts: [Int32], impurity: [Double], weighted: [Double]?, classes: Int) {
    (self.tests, self.counts, self.impurity, self.weighted, self.classes) = (tests, counts, impurity, weighted, classes)
  }

  public var nodeCount: Int { tests.count }
  public var leafCount: Int { tests.count { $0.feature < 0 } }

  /// Adds a leaf (a split once `split` is called) after the nodes so far and returns its number.
  mutating func add(counts nodeCounts: [Int], impurity nodeImpurity: Double, weighted nodeWeighted: [Double]?) -> Int {
    tests.append(Test(threshold: 0, feature: -1, right: -1))
    for c in nodeCounts { counts.append(Int32(c)) }
    impurity.append(nodeImpurity)
    if let nodeWeighted { weighted?.append(contentsOf: nodeWeighted) }
    return tests.count - 1
  }

  mutating func split(_ node: Int, feature: Int, threshold: Double) {
    (tests[node].feature, tests[node].threshold) = (Int32(feature), threshold)
  }

  mutating func setRight(of node: Int, to child: Int) { tests[node].right = Int32(child) }

  /// The same tree in arrays of exactly its size: appending leaves up to half of each array
  /// unused, and a forest keeps a hundred trees.
  func trimmed() -> ForestTree {
    var out = self
    out.tests = tests.withUnsafeBufferPointer { Array($0) }
    out.counts = counts.withUnsafeBufferPointer { Array($0) }
    out.impurity = impurity.withUnsafeBufferPointer { Array($0) }
    out.weighted = weighted?.withUnsafeBufferPointer { Array($0) }
    return out
  }

  /// What node `i`'s impurity and probabilities weigh: its weighted counts, or its counts.
  @inline(__always) func mass(_ i: Int, _ c: Int) -> Double {
    weighted?[i * classes + c] ?? Double(counts[i * classes + c])
  }

  /// Each feature's share of the tree's total weighted impurity decrease, as scikit-learn's
  /// feature_importances_ (sums to 1 unless the tree is a single leaf).
  func importances(features: Int) -> [Double] {
    var out = [Double](repeating: 0, count: features)
    let weight = { (i: Int) in (0..<classes).reduce(0.0) { $0 + mass(i, $1) } }
    for (i, test) in tests.enumerated() where test.feature >= 0 {
      let right = Int(test.right)
      out[Int(test.feature)] += weight(i) * impurity[i] - weight(i + 1) * impurity[i + 1] - weight(right) * impurity[right]
    }
    let total = out.reduce(0, +)
    return total > 0 ? out.map { $0 / total } : out
  }

  /// Each node's class shares, node after node (a leaf's are its probabilities; a split's 0).
  func leafShares() -> [Double] {
    var shares = [Double](repeating: 0, count: tests.count * classes)
    for (i, test) in tests.enumerated() where test.feature < 0 {
      let total = (0..<classes).reduce(0.0) { $0 + mass(i, $1) }
      guard total > 0 else { continue }
      for c in 0..<classes { shares[i * classes + c] = mass(i, c) / total }
    }
    return shares
  }

  /// Adds the class shares of each row's leaf (`shares`, from `leafShares`) to `sums`
  /// (row-major, `classes` a row) for `rows` of row-major `values`, `width` features a row.
  func addProbabilities(_ values: UnsafeBufferPointer<Double>, width: Int, rows: Range<Int>, shares: [Double], to sums: inout [Double]) {
    // Rows go down in groups, a step for each in turn: their node loads are independent, so
    // the memory waits of one row overlap the others' instead of adding up.
    let group = 8
    tests.withUnsafeBufferPointer { tests in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: group) { ids in
        withUnsafeTemporaryAllocation(of: UnsafePointer<Double>.self, capacity: group) { row in
          for first in stride(from: rows.lowerBound, to: rows.upperBound, by: group) {
            let members = min(group, rows.upperBound - first)
            for r in 0..<members { (ids[r], row[r]) = (0, values.baseAddress! + (first + r) * width) }
            var moving = true
            while moving {
              moving = false
              for r in 0..<members {
                let test = tests[ids[r]]
                guard test.feature >= 0 else { continue }
                ids[r] = row[r][Int(test.feature)] <= test.threshold ? ids[r] &+ 1 : Int(test.right)
                moving = true
              }
            }
            for r in 0..<members {
              for c in 0..<classes { sums[(first + r) * classes + c] += shares[ids[r] * classes + c] }
            }
          }
        }
      }
    }
  }

  /// Checks what a model file gave: every split tests one of `features` at a finite
  /// threshold and both its children come after it, so every walk ends.
  func validate(features: Int) throws {
    for (i, test) in tests.enumerated() where test.feature >= 0 {
      guard Int(test.feature) < features, test.threshold.isFinite, Int(test.right) > i, i + 1 < tests.count, Int(test.right) < tests.count else {
        throw ModelProblem("classifier.trees node \(i) has a feature, threshold or child out of range")
      }
    }
  }
}
