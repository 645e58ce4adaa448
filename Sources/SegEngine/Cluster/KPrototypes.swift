/// k-prototypes (Huang, 1998) for customers described by numbers and categories: the cost
/// of a row to a prototype is the squared Euclidean distance on the numbers plus `gamma`
/// for every category that differs from the prototype's mode. Prototypes are means and
/// modes; updates are batch (all rows, then all prototypes), seeded k-means++ starts on the
/// same cost, `n_init` runs keeping the lowest cost.
public struct KPrototypes: SeededClusterer {
  public static let method = "kprototypes"

  public var k: Int
  public var categorical: [CategoricalFeature]
  /// Weight of one category mismatch; nil is Huang's heuristic: half the mean standard
  /// deviation of the numeric columns.
  public var gamma: Double?
  public var nInit = 10
  public var maxIter = 100
  public var seed: UInt64 = 0

  public init(k: Int, categorical: [CategoricalFeature], seed: UInt64 = 0) {
    self.k = k
    self.categorical = categorical
    self.seed = seed
  }

  public func fit(_ x: FeatureMatrix) throws -> ClusterFit {
    let n = categorical.first?.codes.count ?? x.rows
    guard !categorical.isEmpty else {
      throw EngineError.invalidParameter(name: "columns", value: "no text columns", reason: "k-prototypes is for mixed data; use kmeans for numbers only")
    }
    guard categorical.allSatisfy({ $0.codes.count == n }), x.rows == n || x.dims == 0 else {
      throw EngineError.invalidParameter(name: "columns", value: "", reason: "numeric and categorical columns differ in length")
    }
    guard n > 0 else { throw EngineError.emptyInput("k-prototypes needs rows, and there are none") }
    guard k >= 1 && k <= n else {
      throw EngineError.invalidParameter(name: "k", value: String(k), reason: "there are only \(n) rows to make \(k) clusters from")
    }
    let g = gamma ?? (x.dims == 0 ? 1 : 0.5 * Statistics.mean(x.variances().map { $0.squareRoot() }))
    var generator = SeededGenerator(seed: seed)
    var best: (labels: [Int], centers: [Double], modes: [[Int32]], cost: Double, iterations: Int)?
    for _ in 0..<max(nInit, 1) {
      var (centers, modes) = seedPrototypes(x, n, g, &generator)
      var labels = [Int](repeating: -1, count: n)
      var iterations = 0
      var cost = 0.0
      for iteration in 1...max(maxIter, 1) {
        try CancellationToken.check()
        iterations = iteration
        var changed = 0
        cost = 0
        for i in 0..<n {
          let (c, v) = nearest(x, i, centers, modes, g)
          cost += v
          if c != labels[i] { changed += 1; labels[i] = c }
        }
        if changed == 0 { break }
        (centers, modes) = update(x, n, labels, centers, modes)
      }
      if best == nil || cost < best!.cost { best = (labels, centers, modes, cost, iterations) }
    }
    let prototypes = CategoricalParameters(
      columns: categorical.map(\.name),
      modes: best!.modes.map { row in row.enumerated().map { categorical[$0.offset].levels[Int($0.element)] } }, gamma: g)
    let model = ClusterModel(method: Self.method, features: x.names, k: k, centers: best!.centers, parameters: [
      "k": String(k), "gamma": gamma.map { String($0) } ?? "auto", "n_init": String(nInit), "max_iter": String(maxIter), "seed": String(seed),
    ], rule: .prototypes(prototypes))
    return ClusterFit(labels: best!.labels, model: model, measures: .inertia(best!.cost), iterations: best!.iterations)
  }

  private func cost(_ x: FeatureMatrix, _ i: Int, _ centers: [Double], _ modes: [[Int32]], _ c: Int, _ g: Double) -> Double {
    var v = x.dims > 0 ? squaredDistance(x.values, i, centers, c, x.dims) : 0
    for (j, feature) in categorical.enumerated() where feature.codes[i] != modes[c][j] { v += g }
    return v
  }

  private func nearest(_ x: FeatureMatrix, _ i: Int, _ centers: [Double], _ modes: [[Int32]], _ g: Double) -> (Int, Double) {
    var best = 0, bestCost = Double.infinity
    for c in 0..<k {
      let v = cost(x, i, centers, modes, c, g)
      if v < bestCost { best = c; bestCost = v }
    }
    return (best, bestCost)
  }

  /// k-means++ on the mixed cost: each next prototype is a row drawn with probability
  /// proportional to its cost to the nearest prototype so far.
  private func seedPrototypes(_ x: FeatureMatrix, _ n: Int, _ g: Double, _ generator: inout SeededGenerator) -> ([Double], [[Int32]]) {
    var rows = [generator.below(n)]
    func prototypes() -> ([Double], [[Int32]]) {
      (rows.flatMap { x.dims > 0 ? Array(x.row($0)) : [] }, rows.map { r in categorical.map { $0.codes[r] } })
    }
    var closest = [Double](repeating: .infinity, count: n)
    while rows.count < k {
      let (centers, modes) = prototypes()
      let last = rows.count - 1
      for i in 0..<n { closest[i] = min(closest[i], cost(x, i, centers, modes, last, g)) }
      rows.append(closest.reduce(0, +) > 0 ? generator.pick(weights: closest) : generator.below(n))
    }
    return prototypes()
  }

  private func update(_ x: FeatureMatrix, _ n: Int, _ labels: [Int], _ oldCenters: [Double], _ oldModes: [[Int32]]) -> ([Double], [[Int32]]) {
    let d = x.dims
    var sums = [Double](repeating: 0, count: k * d)
    var counts = [Int](repeating: 0, count: k)
    var tallies = categorical.map { f in [[Int]](repeating: [Int](repeating: 0, count: f.levels.count), count: k) }
    for i in 0..<n {
      let c = labels[i]
      counts[c] += 1
      for j in 0..<d { sums[c * d + j] += x.values[i * d + j] }
      for (j, f) in categorical.enumerated() { tallies[j][c][Int(f.codes[i])] += 1 }
    }
    var centers = oldCenters, modes = oldModes
    for c in 0..<k where counts[c] > 0 {
      for j in 0..<d { centers[c * d + j] = sums[c * d + j] / Double(counts[c]) }
      for j in categorical.indices {
        // The most frequent level; ties go to the first level.
        let t = tallies[j][c]
        modes[c][j] = Int32(t.indices.max { t[$0] < t[$1] || (t[$0] == t[$1] && $0 > $1) }!)
      }
    }
    return (centers, modes)
  }

  /// Labels new rows by the nearest prototype; unseen categories match no mode.
  static func assign(_ x: FeatureMatrix, categorical: [CategoricalFeature], centers: [Double], _ p: CategoricalParameters) throws -> [Int] {
    guard categorical.map(\.name) == p.columns else {
      throw EngineError.invalidParameter(name: "columns", value: categorical.map(\.name).joined(separator: ","), reason: "the model reads \(p.columns.joined(separator: ","))")
    }
    let n = categorical.first?.codes.count ?? x.rows
    let k = p.modes.count
    return (0..<n).map { i in
      var best = 0, bestCost = Double.infinity
      for c in 0..<k {
        var v = x.dims > 0 ? squaredDistance(x.values, i, centers, c, x.dims) : 0
        for (j, f) in categorical.enumerated() where f.levels[Int(f.codes[i])] != p.modes[c][j] { v += p.gamma }
        if v < bestCost { best = c; bestCost = v }
      }
      return best
    }
  }
}

/// A text column as codes into its distinct values, for k-prototypes.
public struct CategoricalFeature: Sendable {
  public var name: String
  public var codes: [Int32]
  public var levels: [String]

  /// Codes in order of first appearance; a missing value is an error.
  public init(name: String, values: [String?]) throws {
    self.name = name
    var index: [String: Int32] = [:]
    var levels: [String] = []
    var codes: [Int32] = []
    codes.reserveCapacity(values.count)
    for (row, v) in values.enumerated() {
      guard let v else {
        throw EngineError.missingValues(column: name, count: values.filter { $0 == nil }.count, firstRow: row + 1)
      }
      if let c = index[v] {
        codes.append(c)
      } else {
        index[v] = Int32(levels.count)
        codes.append(Int32(levels.count))
        levels.append(v)
      }
    }
    self.codes = codes
    self.levels = levels
  }
}

extension KPrototypes: ConfigurableClusterer {
  public static let parameters = ParameterTable(method, [
    .clusters, .seed,
    Parameter("gamma", .number(.nonNegative), default: .described("half the mean standard deviation of the numeric columns"),
      "the cost of one differing category"),
    .nInit(.value(.integer(10))), .maxIter(100),
  ])

  /// The method without its categorical columns, which the data supplies (`categorical`).
  public init(_ p: ParameterValues) throws(EngineError) {
    self.init(k: p.int("k") ?? 1, categorical: [], seed: p.seed)
    gamma = p.number("gamma")
    nInit = p.int("n_init") ?? nInit
    maxIter = p.int("max_iter") ?? maxIter
  }
}
