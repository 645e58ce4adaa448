import Foundation

/// A random forest of classification trees, as scikit-learn's RandomForestClassifier: each
/// tree grown on a bootstrap sample of the rows with a random subset of features tried at
/// every node, probabilities averaged over the trees. Tree t draws from its own generator,
/// seeded from the seed and t, so the forest is the same on any number of cores.
public struct RandomForest: Sendable, Equatable {
  public let trees: [ForestTree]
  public let criterion: DecisionTree.Criterion

  public init(trees: [ForestTree], criterion: DecisionTree.Criterion) {
    self.trees = trees
    self.criterion = criterion
  }

  /// How many features each node tries.
  public enum FeatureShare: String, Sendable, CaseIterable, Codable {
    case sqrt, log2, all

    func count(of features: Int) -> Int {
      switch self {
      case .sqrt: max(1, Int(Double(features).squareRoot()))
      case .log2: max(1, Int(Foundation.log2(Double(features))))
      case .all: features
      }
    }
  }

  struct Settings {
    var trees = 100
    var criterion = DecisionTree.Criterion.gini
    var maxDepth = Int.max
    var minSamplesLeaf = 1
    var maxFeatures = FeatureShare.sqrt
    var bootstrap = true
    var seed: UInt64 = 0
    /// Per class, what each of its rows weighs (class_weight), on top of the bootstrap's draws.
    var classWeights: [Double]?
  }

  /// Fits on column-major `features` (complete) and `labels` in 0..<classes.
  init(fitting features: [[Double]], labels: [Int], classes: Int, _ settings: Settings) throws {
    // Class counts are kept as 32-bit numbers, as the bootstrap's draws are.
    guard labels.count <= Int(Int32.max) else { throw EngineError.unsupported("a forest fits at most 2,147,483,647 rows; sample the rows first") }
    let binning = FeatureBins(fitting: features, seed: settings.seed)
    let builder = BinnedTreeBuilder(
      bins: binning.bin(features), binning: binning, labels: labels, classes: classes, criterion: settings.criterion,
      maxDepth: settings.maxDepth, minSamplesLeaf: settings.minSamplesLeaf, maxFeatures: settings.maxFeatures.count(of: features.count),
      classWeights: settings.classWeights)
    let n = labels.count
    let trees = try Parallel.map(settings.trees) { t -> ForestTree in
      try CancellationToken.check()
      var g = SeededGenerator(seed: settings.seed &* 0x9E37_79B9 &+ UInt64(t))
      var weights = [Int32](repeating: settings.bootstrap ? 0 : 1, count: n)
      if settings.bootstrap { for _ in 0..<n { weights[g.below(n)] += 1 } }
      return builder.build(weights: weights, seed: g.next())
    }
    self.init(trees: trees, criterion: settings.criterion)
  }

  /// The mean of the trees' class shares, per class, per row.
  public func probabilities(_ features: [[Double]]) throws -> [[Double]] {
    let (n, d, classes) = (features.first?.count ?? 0, features.count, trees.first?.classes ?? 0)
    guard n > 0 else { return [[Double]](repeating: [], count: classes) }
    // Row-major, written 64 rows at a time: the rows being filled stay in the cache while
    // every column adds its value to them.
    let rows = [Double](unsafeUninitializedCapacity: n * d) { rows, count in
      for first in stride(from: 0, to: n, by: 64) {
        for (f, column) in features.enumerated() {
          column.withUnsafeBufferPointer { column in for i in first..<min(n, first + 64) { rows[i &* d &+ f] = column[i] } }
        }
      }
      count = n * d
    }
    // Fixed groups of trees, summed in order, so the sums do not depend on the core count.
    let group = 8
    let parts = try Parallel.map((trees.count + group - 1) / group) { g -> [Double] in
      try CancellationToken.check()
      var sums = [Double](repeating: 0, count: n * classes)
      let members = trees[(g * group)..<min(trees.count, (g + 1) * group)]
      let shares = members.map { $0.leafShares() }
      // A block of rows goes through every tree of the group while it is in the core's
      // cache: the whole table is larger than the cache, and each tree reads every row.
      let block = max(64, 131_072 / max(d, 1))
      rows.withUnsafeBufferPointer { rows in
        for first in stride(from: 0, to: n, by: block) {
          for (tree, shares) in zip(members, shares) {
            tree.addProbabilities(rows, width: d, rows: first..<min(n, first + block), shares: shares, to: &sums)
          }
        }
      }
      return sums
    }
    let count = Double(trees.count)
    return (0..<classes).map { c in
      [Double](unsafeUninitializedCapacity: n) { out, filled in
        for i in 0..<n {
          var sum = 0.0
          for part in parts { sum += part[i &* classes &+ c] }
          out[i] = sum / count
        }
        filled = n
      }
    }
  }

  /// The mean of the trees' impurity importances, as scikit-learn averages them.
  func importances(features: Int) -> [Double] {
    var sum = [Double](repeating: 0, count: features)
    for tree in trees { for (j, v) in tree.importances(features: features).enumerated() { sum[j] += v } }
    let total = sum.reduce(0, +)
    return total > 0 ? sum.map { $0 / total } : sum
  }
}
