import Foundation

/// A CART classification tree (Gini impurity or entropy), built as scikit-learn's
/// DecisionTreeClassifier builds it: depth first, every feature tried at every node,
/// thresholds halfway between neighbouring values, the first strictly best split kept.
/// Nodes are numbered in preorder, as scikit-learn numbers them.
public struct DecisionTree: Sendable, Equatable {
  /// How a node's mix of classes is measured.
  public enum Criterion: String, Sendable, CaseIterable, Codable {
    case gini, entropy
  }

  public struct Node: Sendable, Equatable, Codable {
    /// The feature tested, or nil for a leaf.
    public var feature: Int?
    /// Rows with value ≤ threshold go left.
    public var threshold: Double
    /// The training values either side of the threshold: any number from `below` up to
    /// (not including) `above` splits the training rows the same way.
    public var below: Double = 0
    public var above: Double = 0
    public var left: Int
    public var right: Int
    /// Training rows per class at this node.
    public var counts: [Int]
    public var impurity: Double
    public var depth: Int
    /// The counts times each class's weight, for a tree fitted with class weights (else absent).
    public var weighted: [Double]? = nil

    public var rows: Int { counts.reduce(0, +) }
    /// Per class, what the node's impurity, prediction and probabilities weigh: the weighted
    /// counts, or the counts.
    public var mass: [Double] { weighted ?? counts.map(Double.init) }
    /// The class the node predicts: the heaviest (the lowest on ties).
    public var prediction: Int {
      let m = mass
      return m.indices.max { m[$0] < m[$1] || (m[$0] == m[$1] && $0 > $1) }!
    }
    /// Each class's share of the node's mass (scikit-learn's predict_proba).
    public var shares: [Double] {
      let m = mass, total = m.reduce(0, +)
      return m.map { total > 0 ? $0 / total : 0 }
    }
  }

  public private(set) var nodes: [Node] = []
  public let featureNames: [String]
  public let classes: Int
  public let criterion: Criterion

  /// A tree read back from a model file (its nodes already checked).
  public init(nodes: [Node], featureNames: [String], classes: Int, criterion: Criterion) {
    self.nodes = nodes
    self.featureNames = featureNames
    self.classes = classes
    self.criterion = criterion
  }

  /// Values closer than this count as equal, as in scikit-learn (FEATURE_THRESHOLD).
  static let featureThreshold = 1e-7

  /// Fits on `features` (column-major, complete) and `labels` in 0..<classes. The seed
  /// orders the features tried at each node, which decides only between equally good splits.
  /// `classWeights` (one per class) weigh each row by its class, as scikit-learn's class_weight.
  public init(
    features: [[Double]], names: [String], labels: [Int], classes: Int, maxDepth: Int, minSamplesLeaf: Int = 1,
    criterion: Criterion = .gini, seed: UInt64 = 0, classWeights: [Double]? = nil
  ) {
    featureNames = names
    self.classes = classes
    self.criterion = criterion
    var generator = SeededGenerator(seed: seed)
    var stack: [(rows: [Int], depth: Int, parent: Int?, isLeft: Bool)] = [(Array(labels.indices), 0, nil, true)]
    while let (rows, depth, parent, isLeft) = stack.popLast() {
      var counts = [Int](repeating: 0, count: classes)
      for r in rows { counts[labels[r]] += 1 }
      let weighted = classWeights.map { Self.weighted(counts, by: $0) }
      let mass = weighted ?? counts.map(Double.init)
      let impurity = Self.impurity(criterion, mass, mass.reduce(0, +))
      let id = nodes.count
      nodes.append(Node(feature: nil, threshold: 0, left: -1, right: -1, counts: counts, impurity: impurity, depth: depth, weighted: weighted))
      if let parent { if isLeft { nodes[parent].left = id } else { nodes[parent].right = id } }
      guard depth < maxDepth, rows.count >= 2, rows.count >= 2 * minSamplesLeaf, impurity > Double.ulpOfOne else { continue }
      var order = Array(features.indices)
      for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, generator.below(i + 1)) }
      guard let split = Self.bestSplit(criterion, rows, features, order, labels, classWeights ?? Array(repeating: 1, count: classes), mass, minSamplesLeaf) else { continue }
      nodes[id].feature = split.feature
      nodes[id].threshold = split.threshold
      (nodes[id].below, nodes[id].above) = (split.below, split.above)
      let column = features[split.feature]
      let left = rows.filter { column[$0] <= split.threshold }, right = rows.filter { column[$0] > split.threshold }
      // Right pushed first so the left subtree is built (and numbered) first.
      stack.append((right, depth + 1, id, false))
      stack.append((left, depth + 1, id, true))
    }
  }

  /// Class counts times each class's weight: what a node fitted with class weights weighs.
  static func weighted(_ counts: [Int], by weights: [Double]) -> [Double] {
    counts.indices.map { Double(counts[$0]) * weights[$0] }
  }

  /// The impurity of class counts adding up to `n`: the same arithmetic as the weighted
  /// version, without converting the counts (forests call it for every candidate split).
  @inline(__always) static func impurity(_ criterion: Criterion, _ counts: [Int], _ n: Int) -> Double {
    guard n > 0 else { return 0 }
    let total = Double(n)
    switch criterion {
    case .gini:
      return 1 - counts.reduce(0.0) { $0 + Double($1) * Double($1) } / (total * total)
    case .entropy:
      return counts.reduce(0.0) { sum, c in
        guard c > 0 else { return sum }
        let p = Double(c) / total
        return sum - p * Foundation.log2(p)
      }
    }
  }

  /// The impurity of (weighted) class counts adding up to `n`.
  @inline(__always) static func impurity(_ criterion: Criterion, _ counts: [Double], _ n: Double) -> Double {
    guard n > 0 else { return 0 }
    switch criterion {
    case .gini:
      return 1 - counts.reduce(0.0) { $0 + $1 * $1 } / (n * n)
    case .entropy:
      // In bits, as scikit-learn's Entropy criterion.
      return counts.reduce(0.0) { sum, c in
        guard c > 0 else { return sum }
        let p = c / n
        return sum - p * Foundation.log2(p)
      }
    }
  }

  private static func bestSplit(
    _ criterion: Criterion, _ rows: [Int], _ features: [[Double]], _ order: [Int], _ labels: [Int], _ weights: [Double], _ mass: [Double], _ minLeaf: Int
  ) -> (feature: Int, threshold: Double, below: Double, above: Double)? {
    var best: (feature: Int, threshold: Double, below: Double, above: Double)?
    var bestProxy = -Double.infinity
    let n = rows.count
    for f in order {
      let column = features[f]
      let sorted = rows.sorted { column[$0] < column[$1] }
      guard column[sorted[n - 1]] > column[sorted[0]] + featureThreshold else { continue }
      // As scikit-learn: the left side's sums grow, the right side's are the node's minus them.
      var left = [Double](repeating: 0, count: mass.count), right = mass
      let total = mass.reduce(0, +)
      var leftTotal = 0.0
      for p in 1..<n {
        let moved = labels[sorted[p - 1]]
        left[moved] += weights[moved]
        right[moved] = mass[moved] - left[moved]
        leftTotal += weights[moved]
        let (previous, value) = (column[sorted[p - 1]], column[sorted[p]])
        guard value > previous + featureThreshold, p >= minLeaf, n - p >= minLeaf else { continue }
        // scikit-learn's proxy: −n_right·impurity_right − n_left·impurity_left, in weights.
        let rightTotal = total - leftTotal
        let proxy = -rightTotal * impurity(criterion, right, rightTotal) - leftTotal * impurity(criterion, left, leftTotal)
        if proxy > bestProxy {
          bestProxy = proxy
          var threshold = previous / 2 + value / 2
          if threshold == value || !threshold.isFinite { threshold = previous }
          best = (f, threshold, previous, value)
        }
      }
    }
    return best
  }

  /// The shortest decimal that splits the training rows as `node`'s threshold does, for
  /// rules people read and type (40 rather than 40.000000001).
  public func readableThreshold(_ node: Node) -> Double {
    for digits in 1...17 {
      let r = Double(String(format: "%.\(digits)g", node.threshold))!
      if node.below <= r && r < node.above { return r }
    }
    return node.threshold
  }

  /// The leaf a row of `values` (one per feature) falls in.
  public func leaf(_ values: (Int) -> Double) -> Int {
    var id = 0
    while let f = nodes[id].feature { id = values(f) <= nodes[id].threshold ? nodes[id].left : nodes[id].right }
    return id
  }

  /// Predicted class per row of column-major `features`.
  public func predict(_ features: [[Double]]) -> [Int] {
    let n = features.first?.count ?? 0
    return (0..<n).map { i in nodes[leaf { features[$0][i] }].prediction }
  }

  /// Class shares of the leaf each row falls in (scikit-learn's predict_proba), one array per class.
  public func probabilities(_ features: [[Double]]) -> [[Double]] {
    let n = features.first?.count ?? 0
    var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: classes)
    for i in 0..<n {
      let shares = nodes[leaf { features[$0][i] }].shares
      for c in 0..<classes { out[c][i] = shares[c] }
    }
    return out
  }

  /// Each feature's share of the total weighted impurity decrease (sums to 1 unless the tree is a single leaf).
  public var importances: [Double] {
    var out = [Double](repeating: 0, count: featureNames.count)
    for node in nodes {
      guard let f = node.feature else { continue }
      let (l, r) = (nodes[node.left], nodes[node.right])
      let weight = { (n: Node) in n.mass.reduce(0, +) }
      out[f] += weight(node) * node.impurity - weight(l) * l.impurity - weight(r) * r.impurity
    }
    let total = out.reduce(0, +)
    return total > 0 ? out.map { $0 / total } : out
  }

  /// A leaf's conditions, one per feature tested on the way: value > above and ≤ atMost.
  public struct Bound: Sendable, Equatable {
    public var feature: Int
    public var above: Double?
    public var atMost: Double?
  }

  /// Every leaf in preorder with the merged conditions of its path, features in the order first tested.
  public var leafConditions: [(leaf: Int, bounds: [Bound])] {
    var out: [(Int, [Bound])] = []
    func walk(_ id: Int, _ bounds: [Bound]) {
      let node = nodes[id]
      guard let f = node.feature else { out.append((id, bounds)); return }
      for goesLeft in [true, false] {
        var next = bounds
        let i = next.firstIndex { $0.feature == f } ?? { next.append(Bound(feature: f)); return next.count - 1 }()
        if goesLeft {
          next[i].atMost = min(next[i].atMost ?? .infinity, readableThreshold(node))
        } else {
          next[i].above = max(next[i].above ?? -.infinity, readableThreshold(node))
        }
        walk(goesLeft ? node.left : node.right, next)
      }
    }
    walk(0, [])
    return out
  }
}
