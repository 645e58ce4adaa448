import CKernels

/// k-means as scikit-learn's KMeans: greedy k-means++ (or random) starts, `n_init` runs
/// keeping the lowest inertia, Lloyd iterations until the labels stop changing or the
/// centres move less than `tol` × the mean feature variance. Hamerly's bounds skip most
/// distance computations once clusters settle with many centres; both give the same labels.
public struct KMeans: SeededClusterer {
  public static let method = "kmeans"

  public enum Algorithm: String, CaseIterable, Sendable { case auto, lloyd, hamerly }
  public enum Initialization: String, CaseIterable, Sendable {
    case kmeansPlusPlus = "k-means++"
    case random
  }

  public var k: Int
  /// Runs from different starts; nil is scikit-learn's "auto" (1 for k-means++, 10 for random).
  public var nInit: Int?
  public var maxIter = 300
  public var tol = 1e-4
  public var seed: UInt64 = 0
  public var algorithm = Algorithm.auto
  public var initialization = Initialization.kmeansPlusPlus
  /// Start from these centres (k × d, row-major) instead of seeding; implies one run.
  public var initialCenters: [Double]?

  public init(k: Int, seed: UInt64 = 0) {
    self.k = k
    self.seed = seed
  }

  /// The outcome of one run from one start.
  struct Run {
    var labels: [Int32]
    var centers: [Double]
    var inertia: Double
    var iterations: Int
    var converged: Bool
  }

  public func fit(_ x: FeatureMatrix) throws -> ClusterFit {
    try x.requireRows(atLeast: k, for: "k-means")
    guard k >= 1 else { throw EngineError.invalidParameter(name: "k", value: String(k), reason: "must be at least 1") }
    let runs = initialCenters != nil ? 1 : (nInit ?? (initialization == .random ? 10 : 1))
    var generator = SeededGenerator(seed: seed)
    let tolerance = tol == 0 ? 0 : Statistics.mean(x.variances()) * tol
    var best: Run?
    for _ in 0..<runs {
      let start = try initialCenters ?? startingCenters(x, &generator)
      let run = try Self.iterate(x, centers: start, k: k, maxIter: maxIter, tolerance: tolerance, algorithm: algorithm)
      if best == nil || run.inertia < best!.inertia { best = run }
    }
    return ClusterFit(labels: best!.labels.map(Int.init), model: model(x, best!.centers), measures: .inertia(best!.inertia),
      iterations: best!.iterations, converged: best!.converged)
  }

  func model(_ x: FeatureMatrix, _ centers: [Double]) -> ClusterModel {
    ClusterModel(method: Self.method, features: x.names, k: k, centers: centers, parameters: [
      "k": String(k), "n_init": nInit.map(String.init) ?? "auto", "max_iter": String(maxIter),
      "tol": String(tol), "seed": String(seed), "algorithm": algorithm.rawValue, "init": initialization.rawValue,
    ])
  }

  func startingCenters(_ x: FeatureMatrix, _ generator: inout SeededGenerator) throws -> [Double] {
    switch initialization {
    case .kmeansPlusPlus: return try KMeansPlusPlus.centers(x, k: k, generator: &generator)
    case .random:
      // k distinct rows, as NumPy's permutation(n)[:k].
      return generator.sample(k, from: x.rows).flatMap { x.row($0) }
    }
  }

  /// Lloyd (or Hamerly) iterations from `centers` until convergence or `maxIter`.
  /// With `auto`, Lloyd runs while many labels change; with many centres (k ≥ 20) Hamerly
  /// takes over once fewer than 1 % of rows move per iteration, when its bounds let most
  /// rows skip. With fewer centres Lloyd's screened kernel beats it (scripts/bench_cluster.py).
  /// `tolerance` is `tol` already scaled by the mean feature variance.
  static func iterate(_ x: FeatureMatrix, centers start: [Double], k: Int, maxIter: Int, tolerance: Double, algorithm: Algorithm) throws -> Run {
    var centers = start
    var labels = [Int32](repeating: -1, count: x.rows)
    var bounds = algorithm == .hamerly ? HamerlyBounds(rows: x.rows) : nil
    var boundsStart = 1
    let screened = ScreenedRows(x)
    // Lloyd's sums: added up afresh while many rows change, then moved by the few that do.
    var totals: CenterSums?
    var moved = false
    var strict = false
    var converged = false
    var iterations = 0
    for iteration in 1...max(maxIter, 1) {
      iterations = iteration
      ProgressReporter.report("k-means: iteration \(iteration)")
      let pass: CenterSums
      if bounds != nil {
        pass = try Hamerly.pass(x, centers: centers, k: k, labels: &labels, bounds: &bounds!, first: iteration == boundsStart)
      } else {
        let fresh = totals.map { $0.changed * 8 > x.rows } ?? true
        let step = try lloydPass(x, screened, centers: centers, k: k, labels: &labels, full: fresh)
        totals = fresh ? step : totals!.moved(by: step)
        moved = moved || !fresh
        pass = totals!
      }
      var updated = try pass.means(x, labels: labels, oldCenters: centers)
      let shifts = (0..<k).map { c in squaredDistance(updated, c, centers, c, x.dims) }
      bounds?.move(by: shifts.map { $0.squareRoot() }, labels: labels)
      let stop = iteration > 1 && pass.changed == 0 ? (strict: true, converged: true)
        : shifts.reduce(0, +) <= tolerance ? (strict: false, converged: true) : nil
      if stop != nil || iteration == max(maxIter, 1) {
        if moved && bounds == nil {
          // Moved sums carry rounding from every move: the final centres are exact means.
          updated = try exactSums(x, labels: labels, k: k).means(x, labels: labels, oldCenters: centers)
        }
        centers = updated
        strict = stop?.strict ?? false
        converged = stop?.converged ?? false
        break
      }
      centers = updated
      if algorithm == .auto && bounds == nil && k >= 20 && pass.changed * 100 < x.rows {
        bounds = HamerlyBounds(rows: x.rows)
        boundsStart = iteration + 1
      }
    }
    if !strict {
      // The centres moved after the last assignment: label rows by the final centres.
      labels = try NearestCenters.labels(of: x, centers: centers, k: k).labels
    }
    return Run(labels: labels, centers: centers, inertia: try inertia(x, labels: labels, centers: centers),
      iterations: iterations, converged: converged)
  }

  /// One Lloyd step: each row's nearest centre, and with `full` the per-cluster sums,
  /// otherwise how the rows that changed cluster move them.
  static func lloydPass(_ x: FeatureMatrix, _ screened: ScreenedRows, centers: [Double], k: Int, labels: inout [Int32], full: Bool) throws -> CenterSums {
    let chunks = RowChunks.ranges(x.rows)
    let d = x.dims
    let parts = try x.values.withUnsafeBufferPointer { xs in
      try centers.withUnsafeBufferPointer { cs in
        try labels.withUnsafeMutableBufferPointer { ls in
          try screened.values.withUnsafeBufferPointer { xf in
            try Parallel.map(chunks.count) { ch in
              try CancellationToken.check()
              let range = chunks[ch]
              var part = CenterSums(k: k, d: d)
              var changed: Int64 = 0
              part.sums.withUnsafeMutableBufferPointer { sums in
                part.counts.withUnsafeMutableBufferPointer { counts in
                  seg_lloyd_screened(xf.baseAddress!, xs.baseAddress!, Int64(d), Int64(range.lowerBound), Int64(range.upperBound),
                    cs.baseAddress!, Int64(k), ls.baseAddress!, sums.baseAddress!, counts.baseAddress!, &changed, full ? 1 : 0)
                }
              }
              part.changed = Int(changed)
              return part
            }
          }
        }
      }
    }
    return CenterSums.combined(parts, k: k, d: d)
  }

  /// The per-cluster sums of `labels`, added up afresh.
  static func exactSums(_ x: FeatureMatrix, labels: [Int32], k: Int) throws -> CenterSums {
    let chunks = RowChunks.ranges(x.rows)
    let parts = try x.values.withUnsafeBufferPointer { xs in
      try labels.withUnsafeBufferPointer { ls in
        try Parallel.map(chunks.count) { ch in
          var part = CenterSums(k: k, d: x.dims)
          part.accumulate(xs.baseAddress!, rows: chunks[ch], labels: ls.baseAddress!)
          return part
        }
      }
    }
    return CenterSums.combined(parts, k: k, d: x.dims)
  }

  /// Sum of squared distances from each row to its centre.
  static func inertia(_ x: FeatureMatrix, labels: [Int32], centers: [Double]) throws -> Double {
    let chunks = RowChunks.ranges(x.rows)
    let d = x.dims
    let parts = try x.values.withUnsafeBufferPointer { xs in
      try centers.withUnsafeBufferPointer { cs in
        try Parallel.map(chunks.count) { ch in
          try CancellationToken.check()
          var s = 0.0
          for i in chunks[ch] where labels[i] >= 0 {
            s += squaredDistance(xs.baseAddress! + i * d, cs.baseAddress! + Int(labels[i]) * d, d)
          }
          return s
        }
      }
    }
    return parts.reduce(0, +)
  }
}

/// Squared distance between row `a` of one row-major matrix and row `b` of another.
func squaredDistance(_ x: [Double], _ a: Int, _ y: [Double], _ b: Int, _ d: Int) -> Double {
  var s = 0.0
  for j in 0..<d {
    let t = x[a * d + j] - y[b * d + j]
    s += t * t
  }
  return s
}

/// Per-cluster sums and counts of one chunk of rows, combined in chunk order.
struct CenterSums {
  var sums: [Double]
  var counts: [Int64]
  /// Rows whose label changed in this pass.
  var changed = 0
  let k: Int
  let d: Int

  init(k: Int, d: Int) {
    self.k = k
    self.d = d
    sums = [Double](repeating: 0, count: k * d)
    counts = [Int64](repeating: 0, count: k)
  }

  /// Adds the rows in `rows` to their labels' sums, in row order.
  mutating func accumulate(_ x: UnsafePointer<Double>, rows: Range<Int>, labels: UnsafePointer<Int32>) {
    sums.withUnsafeMutableBufferPointer { s in
      counts.withUnsafeMutableBufferPointer { c in
        seg_accumulate(x, Int64(d), Int64(rows.lowerBound), Int64(rows.upperBound), labels, s.baseAddress!, c.baseAddress!)
      }
    }
  }

  /// These totals after the moves in `step` (whose `changed` it takes).
  func moved(by step: CenterSums) -> CenterSums {
    var out = self
    for i in sums.indices { out.sums[i] += step.sums[i] }
    for c in counts.indices { out.counts[c] += step.counts[c] }
    out.changed = step.changed
    return out
  }

  static func combined(_ parts: [CenterSums], k: Int, d: Int) -> CenterSums {
    var total = CenterSums(k: k, d: d)
    for p in parts {
      for i in 0..<(k * d) { total.sums[i] += p.sums[i] }
      for c in 0..<k { total.counts[c] += p.counts[c] }
      total.changed += p.changed
    }
    return total
  }

  /// The cluster means. An empty cluster takes the row farthest from its centre, moved out
  /// of its old cluster, as scikit-learn does.
  func means(_ x: FeatureMatrix, labels: [Int32], oldCenters: [Double]) throws -> [Double] {
    var sums = self.sums
    var counts = self.counts
    let empty = (0..<k).filter { counts[$0] == 0 }
    if !empty.isEmpty {
      let distances = (0..<x.rows).map { squaredDistance(x.values, $0, oldCenters, Int(labels[$0]), d) }
      let farthest = distances.indices.sorted { distances[$0] != distances[$1] ? distances[$0] > distances[$1] : $0 < $1 }
      for (c, row) in zip(empty, farthest) {
        let old = Int(labels[row])
        guard counts[old] > 1 else { continue }
        for j in 0..<d {
          sums[old * d + j] -= x[row, j]
          sums[c * d + j] = x[row, j]
        }
        counts[old] -= 1
        counts[c] = 1
      }
    }
    var centers = [Double](repeating: 0, count: k * d)
    for c in 0..<k {
      for j in 0..<d {
        centers[c * d + j] = counts[c] > 0 ? sums[c * d + j] / Double(counts[c]) : oldCenters[c * d + j]
      }
    }
    return centers
  }
}

extension KMeans: ConfigurableClusterer {
  public static let parameters = ParameterTable(method, [
    .clusters, .seed, .nInit(.described("1 (10 with init=random)")), .maxIter(300), .tol(1e-4),
    Parameter("algorithm", .choice(Algorithm.allCases.map(\.rawValue)), default: .value(.word("auto")),
      "lloyd, hamerly (bounds that skip distances), or auto: Lloyd, then Hamerly once few rows move and k ≥ 20"),
    .initialization(.kmeansPlusPlus),
  ])

  public init(_ p: ParameterValues) throws(EngineError) {
    self.init(k: p.int("k") ?? 1, seed: p.seed)
    nInit = p.int("n_init")
    maxIter = p.int("max_iter") ?? maxIter
    tol = p.number("tol") ?? tol
    algorithm = p.choice("algorithm", as: Algorithm.self) ?? algorithm
    initialization = p.choice("init", as: Initialization.self) ?? initialization
  }
}
