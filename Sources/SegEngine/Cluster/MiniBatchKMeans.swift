/// Mini-batch k-means, as scikit-learn's MiniBatchKMeans: k-means++ on a sample of
/// 3 × batch_size rows, then random batches each move their centres as running means,
/// centres that attract too few rows are re-seeded from the batch, and fitting stops when
/// the smoothed batch inertia has not improved for `max_no_improvement` batches.
/// `partial` continues a fitted model with new rows as one more batch.
public struct MiniBatchKMeans: SeededClusterer {
  public static let method = "minibatch"

  public var k: Int
  public var batchSize = 1024
  /// Passes over the data at most.
  public var maxIter = 100
  public var maxNoImprovement = 10
  public var reassignmentRatio = 0.01
  public var seed: UInt64 = 0

  public init(k: Int, seed: UInt64 = 0) {
    self.k = k
    self.seed = seed
  }

  public func fit(_ x: FeatureMatrix) throws -> ClusterFit {
    try x.requireRows(atLeast: k, for: "mini-batch k-means")
    let n = x.rows
    var generator = SeededGenerator(seed: seed)
    let initSize = min(n, max(3 * batchSize, 3 * k))
    let initRows = (0..<initSize).map { _ in generator.below(n) }
    var centers = try KMeansPlusPlus.centers(x.gathering(initRows), k: k, generator: &generator)
    var counts = [Double](repeating: 0, count: k)
    let steps = max(1, maxIter * n / batchSize)
    var smoothed: Double?
    var bestSmoothed = Double.infinity
    var sinceImprovement = 0
    var sinceReassign = 0
    var step = 0
    while step < steps {
      if step & 0x3F == 0 { try CancellationToken.check() }
      let batch = x.gathering((0..<min(batchSize, n)).map { _ in generator.below(n) })
      sinceReassign += batch.rows
      let reassign = counts.contains(0) || sinceReassign >= 10 * k
      if reassign { sinceReassign = 0 }
      let inertia = try Self.step(batch, centers: &centers, counts: &counts, reassign: reassign ? reassignmentRatio : nil, generator: &generator)
      if step > 0 {
        let perRow = inertia / Double(batch.rows)
        let alpha = min(1, Double(batch.rows) * 2 / Double(n + 1))
        smoothed = smoothed.map { $0 * (1 - alpha) + perRow * alpha } ?? perRow
        if smoothed! < bestSmoothed {
          bestSmoothed = smoothed!
          sinceImprovement = 0
        } else {
          sinceImprovement += 1
          if sinceImprovement >= maxNoImprovement { step += 1; break }
        }
      }
      step += 1
    }
    return try finish(x, centers: centers, counts: counts, iterations: step)
  }

  /// Updates a fitted model of the k-means family with `x` as one batch (scikit-learn's
  /// partial_fit): each centre moves to the running mean of every row it has taken. A
  /// mini-batch model knows how many that is; for a k-means model, `sizes` (its clusters'
  /// rows at fit time) stand in for them.
  public func partialFit(_ x: FeatureMatrix, model: ClusterModel, sizes: [Int]? = nil) throws -> ClusterFit {
    var counts: [Double]
    switch model.rule {
    case .runningMeans(let c) where model.k == k: counts = c
    case .nearestCenter where model.k == k && model.method == KMeans.method && sizes?.count == k: counts = sizes!.map(Double.init)
    default:
      throw EngineError.invalidParameter(name: "update", value: model.method, reason: "only a k-means or mini-batch k-means model with the same k can be updated")
    }
    try x.requireRows(atLeast: 1, for: "mini-batch k-means")
    var centers = model.centers
    var generator = SeededGenerator(seed: seed)
    _ = try Self.step(x, centers: &centers, counts: &counts, reassign: nil, generator: &generator)
    return try finish(x, centers: centers, counts: counts, iterations: 1)
  }

  private func finish(_ x: FeatureMatrix, centers: [Double], counts: [Double], iterations: Int) throws -> ClusterFit {
    let (labels, distances) = try NearestCenters.labels(of: x, centers: centers, k: k)
    let model = ClusterModel(method: Self.method, features: x.names, k: k, centers: centers, parameters: [
      "k": String(k), "batch_size": String(batchSize), "max_iter": String(maxIter), "seed": String(seed),
      "max_no_improvement": String(maxNoImprovement), "reassignment_ratio": String(reassignmentRatio),
    ], rule: .runningMeans(counts: counts))
    return ClusterFit(labels: labels.map(Int.init), model: model, measures: .inertia(distances.reduce(0, +)), iterations: iterations)
  }

  /// One batch: label it, move each centre to the running mean of all rows it has taken,
  /// and optionally re-seed centres with few rows. Returns the batch inertia.
  static func step(
    _ batch: FeatureMatrix, centers: inout [Double], counts: inout [Double], reassign ratio: Double?,
    generator: inout SeededGenerator
  ) throws -> Double {
    let k = counts.count, d = batch.dims
    let (labels, distances) = try NearestCenters.labels(of: batch, centers: centers, k: k)
    var sums = [Double](repeating: 0, count: k * d)
    var taken = [Double](repeating: 0, count: k)
    for i in 0..<batch.rows {
      let c = Int(labels[i])
      taken[c] += 1
      for j in 0..<d { sums[c * d + j] += batch.values[i * d + j] }
    }
    for c in 0..<k where taken[c] > 0 {
      let total = counts[c] + taken[c]
      for j in 0..<d { centers[c * d + j] = (centers[c * d + j] * counts[c] + sums[c * d + j]) / total }
      counts[c] = total
    }
    if let ratio, ratio > 0, let most = counts.max() {
      var weak = (0..<k).filter { counts[$0] < ratio * most }
      if weak.count > k / 2 {
        weak = Array(weak.sorted { counts[$0] != counts[$1] ? counts[$0] < counts[$1] : $0 < $1 }.prefix(k / 2))
      }
      if !weak.isEmpty {
        let strongMin = (0..<k).filter { !weak.contains($0) }.map { counts[$0] }.min() ?? 0
        var pool = Array(0..<batch.rows)
        for (t, c) in weak.enumerated() where t < pool.count {
          pool.swapAt(t, t + generator.below(pool.count - t))
          for j in 0..<d { centers[c * d + j] = batch[pool[t], j] }
          counts[c] = strongMin
        }
      }
    }
    return distances.reduce(0, +)
  }
}

extension MiniBatchKMeans: ConfigurableClusterer {
  public static let parameters = ParameterTable(method, [
    .clusters, .seed,
    Parameter("batch_size", .integer(min: 1, max: 100_000_000), default: .value(.integer(1024)), "rows per mini-batch"),
    .maxIter(100, "the most passes over the rows"),
  ])

  public init(_ p: ParameterValues) throws(EngineError) {
    self.init(k: p.int("k") ?? 1, seed: p.seed)
    batchSize = p.int("batch_size") ?? batchSize
    maxIter = p.int("max_iter") ?? maxIter
  }
}
