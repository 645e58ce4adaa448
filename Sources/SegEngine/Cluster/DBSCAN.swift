/// DBSCAN, as scikit-learn's: a row is a core sample when at least `min_samples` rows
/// (itself included) lie within `eps`; clusters grow from cores in row order; rows no
/// cluster reaches are noise (-1). Neighbourhoods are queried from a k-d tree when needed
/// instead of stored, so memory stays O(n).
public struct DBSCAN: Clusterer {
  public static let method = "dbscan"

  public var eps = 0.5
  public var minSamples = 5

  public init(eps: Double = 0.5, minSamples: Int = 5) {
    self.eps = eps
    self.minSamples = minSamples
  }

  public func fit(_ x: FeatureMatrix) throws -> ClusterFit {
    try x.requireRows(atLeast: 1, for: "DBSCAN")
    guard minSamples >= 1 else { throw EngineError.invalidParameter(name: "min_samples", value: String(minSamples), reason: "must be at least 1") }
    guard eps > 0 else { throw EngineError.invalidParameter(name: "eps", value: String(eps), reason: "must be above 0") }
    let n = x.rows, d = x.dims
    let tree = KDTree(x)
    let radius2 = eps * eps
    ProgressReporter.report("dbscan: counting neighbours")
    let counts = try tree.neighbourCounts(within: radius2)
    var core = [Bool](repeating: false, count: n)
    for (p, row) in tree.order.enumerated() { core[row] = counts[p] >= minSamples }
    var labels = [Int](repeating: -1, count: n)
    var next = 0
    var stack: [Int] = []
    // Rows still unlabelled under each tree node: expansion skips nodes with none left,
    // so dense regions are not rescanned from every core customer in them.
    var open = tree.nodes.map { Int32($0.end - $0.start) }
    try x.values.withUnsafeBufferPointer { xs in
      try labels.withUnsafeMutableBufferPointer { labels in
        try open.withUnsafeMutableBufferPointer { open in
          func label(_ j: Int) {
            labels[j] = next
            var node = tree.leafOf[j]
            while node >= 0 {
              open[node] -= 1
              node = tree.parents[node]
            }
          }
          /// The unlabelled rows within reach of core row i (labels and open are only read).
          func unlabelled(near i: Int) -> [Int] {
            var hits: [Int] = []
            tree.forEach(within: radius2, of: xs.baseAddress! + i * d, open: UnsafePointer(open.baseAddress!)) { j in
              if labels[j] == -1 { hits.append(j) }
            }
            return hits
          }
          for seed in 0..<n where labels[seed] == -1 && core[seed] {
            try CancellationToken.check()
            ProgressReporter.report("dbscan: growing cluster \(next + 1) from row " + ProgressReporter.fraction(seed, of: n))
            label(seed)
            stack.append(seed)
            // The cores waiting to be expanded are queried together on all cores, then their
            // finds are labelled in order. Within one cluster the order changes nothing (every
            // row it reaches gets its number), and clusters still grow one after another, so a
            // border row keeps the first cluster that reaches it, as in scikit-learn.
            while !stack.isEmpty {
              let batch = Array(stack.suffix(256))
              stack.removeLast(batch.count)
              let found = batch.count < 8 ? batch.map(unlabelled) : try Parallel.map(batch.count) { unlabelled(near: batch[$0]) }
              for hits in found {
                for j in hits where labels[j] == -1 {
                  label(j)
                  if core[j] { stack.append(j) }
                }
              }
            }
            next += 1
          }
        }
      }
    }
    let cores = (0..<n).filter { core[$0] }
    let model = ClusterModel(method: Self.method, features: x.names, k: next, centers: centroidsOf(x, labels, next), parameters: [
      "eps": String(eps), "min_samples": String(minSamples),
    ], rule: .density(DensityParameters(eps: eps, cores: cores.flatMap { x.row($0) }, coreLabels: cores.map { labels[$0] })))
    return ClusterFit(labels: labels, model: model, measures: .density(coreSamples: cores))
  }

  /// New rows join the cluster of their nearest core sample within eps; others are noise.
  static func assign(_ x: FeatureMatrix, _ p: DensityParameters) throws -> [Int] {
    let cores = FeatureMatrix(rows: p.coreLabels.count, dims: x.dims, values: p.cores)
    guard cores.rows > 0 else { return [Int](repeating: -1, count: x.rows) }
    let tree = KDTree(cores)
    let radius2 = p.eps * p.eps
    return x.values.withUnsafeBufferPointer { xs in
      (0..<x.rows).map { i in
        var best = -1, bestDistance = Double.infinity
        let q = xs.baseAddress! + i * x.dims
        tree.forEach(within: radius2, of: q) { c in
          let v = squaredDistance(cores.values, c, x.values, i, x.dims)
          if v < bestDistance || (v == bestDistance && c < best) {
            bestDistance = v
            best = c
          }
        }
        return best < 0 ? -1 : p.coreLabels[best]
      }
    }
  }

  /// Each row's distance to its `k`-th nearest row (itself included), sorted from the
  /// largest down: the curve whose bend suggests eps for min_samples = k.
  public static func kDistances(_ x: FeatureMatrix, k: Int, sample: [Int]? = nil) throws -> [Double] {
    guard k >= 1 && k <= x.rows else {
      throw EngineError.invalidParameter(name: "k", value: String(k), reason: "must be between 1 and the number of rows (\(x.rows))")
    }
    let tree = KDTree(x)
    let queries = sample ?? Array(0..<x.rows)
    let chunks = RowChunks.ranges(queries.count, size: 1024)
    let distances = try x.values.withUnsafeBufferPointer { xs in
      try Parallel.map(chunks.count) { ch in
        try CancellationToken.check()
        return chunks[ch].map { tree.kthNearest(k, of: xs.baseAddress! + queries[$0] * x.dims).squareRoot() }
      }.flatMap { $0 }
    }
    return distances.sorted(by: >)
  }
}

/// Mean of each label's rows (labels 0..<k; -1 ignored), row-major.
func centroidsOf(_ x: FeatureMatrix, _ labels: [Int], _ k: Int) -> [Double] {
  let d = x.dims
  var sums = [Double](repeating: 0, count: k * d)
  var counts = [Int](repeating: 0, count: k)
  for i in 0..<x.rows where labels[i] >= 0 {
    counts[labels[i]] += 1
    for j in 0..<d { sums[labels[i] * d + j] += x.values[i * d + j] }
  }
  for c in 0..<k where counts[c] > 0 { for j in 0..<d { sums[c * d + j] /= Double(counts[c]) } }
  return sums
}

extension DBSCAN: ConfigurableClusterer {
  public static let parameters = ParameterTable(method, [
    Parameter("eps", .number(.positive), default: .value(.number(0.5)), "how near counts as a neighbour (kdist suggests one)"),
    Parameter("min_samples", .integer(min: 1, max: 1_000_000), default: .value(.integer(5)), "neighbours (itself included) that make a core customer"),
  ])

  public init(_ p: ParameterValues) throws(EngineError) {
    self.init(eps: p.number("eps") ?? 0.5, minSamples: p.int("min_samples") ?? 5)
  }
}
