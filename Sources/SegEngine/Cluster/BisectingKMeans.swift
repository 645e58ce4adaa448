/// Bisecting k-means, as scikit-learn's BisectingKMeans: start with one cluster and split
/// the leaf with the largest inertia by 2-means until there are k leaves. Leaves are
/// numbered left to right; new rows walk down the tree to the nearer child at each split.
public struct BisectingKMeans: SeededClusterer {
  public static let method = "bisecting"

  public var k: Int
  public var seed: UInt64 = 0
  /// Starts per split; scikit-learn's default is one random start.
  public var nInit = 1
  public var maxIter = 300
  public var tol = 1e-4
  public var initialization = KMeans.Initialization.random

  public init(k: Int, seed: UInt64 = 0) {
    self.k = k
    self.seed = seed
  }

  private struct Leaf {
    var rows: [Int]
    var node: Int
    var inertia: Double
  }

  public func fit(_ x: FeatureMatrix) throws -> ClusterFit {
    try x.requireRows(atLeast: k, for: "bisecting k-means")
    let d = x.dims
    var nodes = [BisectingNode(center: x.means(), children: nil, label: nil)]
    var leaves = [Leaf(rows: Array(0..<x.rows), node: 0, inertia: 0)]
    var generator = SeededGenerator(seed: seed)
    var iterations = 0
    while leaves.count < k {
      try CancellationToken.check()
      // The leaf to split: largest inertia, ties to the first; never a single row.
      let splittable = leaves.indices.filter { leaves[$0].rows.count >= 2 }
      guard let target = splittable.max(by: { leaves[$0].inertia < leaves[$1].inertia || (leaves[$0].inertia == leaves[$1].inertia && $0 > $1) }) else {
        throw EngineError.invalidParameter(name: "k", value: String(k), reason: "the rows are too few to split into \(k) clusters")
      }
      let leaf = leaves[target]
      let sub = x.gathering(leaf.rows)
      var twoMeans = KMeans(k: 2, seed: generator.next())
      twoMeans.nInit = nInit
      twoMeans.maxIter = maxIter
      twoMeans.tol = tol
      twoMeans.initialization = initialization
      twoMeans.algorithm = .lloyd
      let split = try twoMeans.fit(sub)
      iterations += split.iterations
      var halves: [Leaf] = []
      for side in 0..<2 {
        let rows = leaf.rows.indices.filter { split.labels[$0] == side }.map { leaf.rows[$0] }
        let center = Array(split.model.centers[(side * d)..<((side + 1) * d)])
        var inertia = 0.0
        for r in rows { inertia += squaredDistance(x.values, r, center, 0, d) }
        nodes.append(BisectingNode(center: center, children: nil, label: nil))
        halves.append(Leaf(rows: rows, node: nodes.count - 1, inertia: inertia))
      }
      nodes[leaf.node].children = [halves[0].node, halves[1].node]
      leaves.replaceSubrange(target...target, with: halves)
    }
    // Number leaves in tree order (depth first, left before right).
    var labels = [Int](repeating: 0, count: x.rows)
    var centers: [Double] = []
    var next = 0
    func visit(_ node: Int) {
      if let children = nodes[node].children {
        children.forEach(visit)
      } else {
        nodes[node].label = next
        centers += nodes[node].center
        next += 1
      }
    }
    visit(0)
    for leaf in leaves { for r in leaf.rows { labels[r] = nodes[leaf.node].label! } }
    let model = ClusterModel(method: Self.method, features: x.names, k: k, centers: centers, parameters: [
      "k": String(k), "seed": String(seed), "n_init": String(nInit), "max_iter": String(maxIter), "tol": String(tol),
      "init": initialization.rawValue, "bisecting_strategy": "biggest_inertia",
    ], rule: .tree(nodes))
    return ClusterFit(labels: labels, model: model, measures: .inertia(leaves.reduce(0) { $0 + $1.inertia }), iterations: iterations)
  }

  /// Labels rows by walking the split tree to the nearer child (ties to the left).
  static func assign(_ x: FeatureMatrix, tree: [BisectingNode]) -> [Int] {
    (0..<x.rows).map { i in
      var node = 0
      while let children = tree[node].children {
        let left = squaredDistance(x.values, i, tree[children[0]].center, 0, x.dims)
        let right = squaredDistance(x.values, i, tree[children[1]].center, 0, x.dims)
        node = right < left ? children[1] : children[0]
      }
      return tree[node].label ?? 0
    }
  }
}

extension BisectingKMeans: ConfigurableClusterer {
  public static let parameters = ParameterTable(method, [
    .clusters, .seed, .nInit(.value(.integer(1))), .maxIter(300), .tol(1e-4), .initialization(.random),
  ])

  public init(_ p: ParameterValues) throws(EngineError) {
    self.init(k: p.int("k") ?? 1, seed: p.seed)
    nInit = p.int("n_init") ?? nInit
    maxIter = p.int("max_iter") ?? maxIter
    tol = p.number("tol") ?? tol
    initialization = p.choice("init", as: KMeans.Initialization.self) ?? initialization
  }
}
