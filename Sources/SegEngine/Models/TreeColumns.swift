/// A tree's nodes as a model file holds a forest's (format version 3): one array per field
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

  /// The nodes, each split's `below` and `above` its threshold (as a forest's trees have
  /// them); the lengths are checked here, the values by the classifier's validation.
  func nodes(classes: Int) throws -> [DecisionTree.Node] {
    let n = feature.count
    guard classes > 0, [threshold.count, left.count, right.count, impurity.count, depth.count].allSatisfy({ $0 == n }),
      counts.count == n * classes, weighted.map({ $0.count == n * classes }) ?? true
    else {
      throw ModelProblem("classifier.trees must give every node its feature, threshold, children, \(classes) counts, impurity and depth")
    }
    return (0..<n).map { i in
      let isLeaf = feature[i] < 0
      return DecisionTree.Node(
        feature: isLeaf ? nil : feature[i], threshold: threshold[i], below: isLeaf ? 0 : threshold[i], above: isLeaf ? 0 : threshold[i],
        left: left[i], right: right[i], counts: Array(counts[(i * classes)..<((i + 1) * classes)]), impurity: impurity[i], depth: depth[i],
        weighted: weighted.map { Array($0[(i * classes)..<((i + 1) * classes)]) })
    }
  }
}
