/// A forest's tree as a model file holds it (format version 3): one array per node field
/// instead of one object per node, so a forest of hundreds of thousands of nodes is a tenth
/// of the text and reads in seconds, not minutes.
struct TreeColumns: Codable, Equatable {
  /// Per node, the feature tested; -1 for a leaf.
  var feature: [Int]
  var threshold: [Double]
  var left: [Int]
  var right: [Int]
  /// Per node, its training rows per class, node after node.
  var counts: [Int]
  var impurity: [Double]
  var depth: [Int]
  /// Per node, its counts times the class weights, node after node; absent without class weights.
  var weighted: [Double]?

  init(_ tree: ForestTree) {
    let tests = tree.tests
    feature = tests.map { Int($0.feature) }
    threshold = tests.map(\.threshold)
    left = tests.indices.map { tests[$0].feature < 0 ? -1 : $0 + 1 }
    right = tests.map { $0.feature < 0 ? -1 : Int($0.right) }
    counts = tree.counts.map(Int.init)
    impurity = tree.impurity
    // Preorder: a node's depth is known before its children's.
    var depth = [Int](repeating: 0, count: tests.count)
    for (i, test) in tests.enumerated() where test.feature >= 0 {
      (depth[i + 1], depth[Int(test.right)]) = (depth[i] + 1, depth[i] + 1)
    }
    self.depth = depth
    weighted = tree.weighted
  }

  /// A version 2 file's nodes, each an object, as columns.
  init(_ nodes: [DecisionTree.Node]) {
    feature = nodes.map { $0.feature ?? -1 }
    threshold = nodes.map(\.threshold)
    left = nodes.map(\.left)
    right = nodes.map(\.right)
    counts = nodes.flatMap(\.counts)
    impurity = nodes.map(\.impurity)
    depth = nodes.map(\.depth)
    weighted = nodes.allSatisfy({ $0.weighted != nil }) ? nodes.flatMap { $0.weighted ?? [] } : nil
  }

  /// The tree the columns describe; their lengths, the preorder (a split's left child is the
  /// next node) and the counts are checked here, the features by the classifier's validation.
  func tree(classes: Int) throws -> ForestTree {
    let n = feature.count
    guard classes > 0, (1...10_000_000).contains(n), [threshold.count, left.count, right.count, impurity.count, depth.count].allSatisfy({ $0 == n }),
      counts.count == n * classes, weighted.map({ $0.count == n * classes }) ?? true
    else {
      throw ModelProblem("classifier.trees must give every node its feature, threshold, children, \(classes) counts, impurity and depth")
    }
    guard counts.allSatisfy({ (0...Int(Int32.max)).contains($0) }), weighted?.allSatisfy({ $0 >= 0 && $0.isFinite }) ?? true, impurity.allSatisfy(\.isFinite) else {
      throw ModelProblem("classifier.trees hold a negative or too large class count, or an impurity that is not finite")
    }
    var tests: [ForestTree.Test] = []
    tests.reserveCapacity(n)
    for i in 0..<n {
      guard feature[i] >= -1, feature[i] < 0 || (left[i] == i + 1 && (0..<n).contains(right[i])) else {
        throw ModelProblem("classifier.trees node \(i) must be a leaf (feature -1) or a split whose left child is the next node")
      }
      tests.append(ForestTree.Test(threshold: feature[i] < 0 ? 0 : threshold[i], feature: Int32(clamping: feature[i]), right: Int32(clamping: right[i])))
    }
    return ForestTree(tests: tests, counts: counts.map { Int32($0) }, impurity: impurity, weighted: weighted, classes: classes)
  }
}
