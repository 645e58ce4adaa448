import Foundation

/// Gradient boosting of histogram trees for classes, as scikit-learn's
/// HistGradientBoostingClassifier: the log loss (one tree per round for two classes, one per
/// class with the softmax for more), a constant start at the classes' log-odds, binned
/// features with missing values kept, and early stopping on a stratified, seeded validation
/// part when the validation loss has not improved for `patience` rounds.
public struct HistogramGradientBoosting: Sendable, Equatable {
  /// The starting raw score per tree slot (one for two classes, one per class for more).
  public let baseline: [Double]
  /// Per round, one tree per slot.
  public let rounds: [[HistogramTree]]
  /// Validation losses, the start's first, when early stopping ran.
  public let validationLoss: [Double]

  public init(baseline: [Double], rounds: [[HistogramTree]], validationLoss: [Double]) {
    self.baseline = baseline
    self.rounds = rounds
    self.validationLoss = validationLoss
  }

  struct Settings {
    var tree = HistogramTreeSettings()
    var maxIterations = 100
    var maxBins = 255
    /// nil: on above 10,000 rows.
    var earlyStopping: Bool?
    var validationFraction = 0.1
    var patience = 10
    var tolerance = 1e-7
    var seed: UInt64 = 0
    /// Per class, what each of its rows weighs (class_weight): in the start, the gradients
    /// and hessians, and the validation loss, as scikit-learn's sample weights.
    var classWeights: [Double]?
  }

  /// Fits on column-major `features` (NaN = missing; category indices where `categoryCounts`
  /// says so) and `labels` in 0..<classes.
  init(fitting features: [[Double]], categoryCounts: [Int] = [], labels: [Int], classes: Int, _ settings: Settings) throws {
    let n = labels.count
    let stopsEarly = settings.earlyStopping ?? (n > 10_000)
    let (trainRows, validationRows): ([Int], [Int])
    if stopsEarly {
      let parts = try TrainTestSplit(rows: n, test: settings.validationFraction, classes: labels, seed: settings.seed)
      (trainRows, validationRows) = (parts.train, parts.test)
    } else {
      (trainRows, validationRows) = (Array(0..<n), [])
    }
    let weight = settings.classWeights.map { w in labels.map { w[$0] } }
    let trainFeatures = features.map { column in trainRows.map { column[$0] } }
    let train = Rows(labels: trainRows.map { labels[$0] }, weights: weight.map { w in trainRows.map { w[$0] } })
    let validation = Rows(labels: validationRows.map { labels[$0] }, weights: weight.map { w in validationRows.map { w[$0] } })
    let binning = FeatureBins(fitting: trainFeatures, categoryCounts: categoryCounts, maxBins: settings.maxBins, seed: settings.seed, weights: train.weights)
    // Training rows binned apart from validation rows, in order: the root's histograms read them straight through.
    let trainBins = binning.bin(trainFeatures)
    let validationBins = binning.bin(features.map { column in validationRows.map { column[$0] } })
    let slots = classes == 2 ? 1 : classes
    var counts = [Double](repeating: 0, count: classes)
    for (r, label) in train.labels.enumerated() { counts[label] += train.weights?[r] ?? 1 }
    let priors = counts.map { $0 / counts.reduce(0, +) }
    let start = classes == 2 ? [log(priors[1] / priors[0])] : priors.map { log(max($0, .leastNormalMagnitude)) }
    // Raw scores per slot for every row, training and validation apart.
    var raw = start.map { [Double](repeating: $0, count: trainRows.count) }
    var validationRaw = start.map { [Double](repeating: $0, count: validationRows.count) }
    let grower = HistogramTreeGrower(bins: trainBins, featureBins: binning, settings: settings.tree)
    var rounds: [[HistogramTree]] = []
    var losses = stopsEarly ? [Self.loss(validationRaw, validation)] : []
    var derivatives = [[SIMD2<Double>]](repeating: [SIMD2<Double>](repeating: .zero, count: trainRows.count), count: slots)
    for _ in 0..<settings.maxIterations {
      try CancellationToken.check()
      Self.lossDerivatives(raw, train, into: &derivatives)
      var trees: [HistogramTree] = []
      for k in 0..<slots {
        let tree = grower.grow(derivatives[k], raw: &raw[k])
        for r in validationRows.indices { validationRaw[k][r] += tree.value(bins: validationBins, row: r) }
        trees.append(tree)
      }
      rounds.append(trees)
      if stopsEarly {
        losses.append(Self.loss(validationRaw, validation))
        if Self.shouldStop(losses, patience: settings.patience, tolerance: settings.tolerance) { break }
      }
    }
    self.init(baseline: start, rounds: rounds, validationLoss: losses)
  }

  /// scikit-learn's rule: stop when none of the last `patience` losses is below the one
  /// before them by more than `tolerance`.
  static func shouldStop(_ losses: [Double], patience: Int, tolerance: Double) -> Bool {
    guard losses.count > patience else { return false }
    let reference = losses[losses.count - patience - 1]
    return !losses.suffix(patience).contains { $0 < reference - tolerance }
  }

  /// The labels of some rows and, with class weights, what each weighs.
  struct Rows {
    var labels: [Int]
    var weights: [Double]?
  }

  /// The gradient and hessian of the log loss per slot for every row of `rows` under raw
  /// scores `raw`, times each row's weight.
  static func lossDerivatives(_ raw: [[Double]], _ rows: Rows, into derivatives: inout [[SIMD2<Double>]]) {
    if raw.count == 1 {
      // Two classes: one slot, p the second class's probability; no per-row buffer.
      raw[0].withUnsafeBufferPointer { z in
        derivatives[0].withUnsafeMutableBufferPointer { out in
          for (r, label) in rows.labels.enumerated() {
            let p = 1 / (1 + exp(-z[r]))
            out[r] = (rows.weights?[r] ?? 1) * SIMD2(p - (label == 1 ? 1 : 0), p * (1 - p))
          }
        }
      }
      return
    }
    var p = [Double](repeating: 0, count: raw.count)
    for (r, label) in rows.labels.enumerated() {
      probabilities(raw, r, into: &p)
      let w = rows.weights?[r] ?? 1
      for k in raw.indices { derivatives[k][r] = w * SIMD2(p[k] - (label == k ? 1 : 0), p[k] * (1 - p[k])) }
    }
  }

  /// The mean log loss of `rows` under raw scores `raw`, weighted by their weights when given.
  static func loss(_ raw: [[Double]], _ rows: Rows) -> Double {
    var total = 0.0, mass = 0.0
    for (r, label) in rows.labels.enumerated() {
      let w = rows.weights?[r] ?? 1
      mass += w
      if raw.count == 1 {
        // log(1 + e^z) − y·z, computed without overflow.
        let z = raw[0][r]
        total += w * ((z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - (label == 1 ? z : 0))
      } else {
        var top = -Double.infinity
        for k in raw.indices { top = max(top, raw[k][r]) }
        var sum = 0.0
        for k in raw.indices { sum += exp(raw[k][r] - top) }
        total += w * (top + log(sum) - raw[label][r])
      }
    }
    return mass > 0 ? total / mass : 0
  }

  /// Class probabilities of row `r` from its raw scores, into `p` (one per class).
  static func probabilities(_ raw: [[Double]], _ r: Int, into p: inout [Double]) {
    if raw.count == 1 {
      let p1 = 1 / (1 + exp(-raw[0][r]))
      (p[0], p[1]) = (1 - p1, p1)
      return
    }
    var top = -Double.infinity
    for k in raw.indices { top = max(top, raw[k][r]) }
    var sum = 0.0
    for k in raw.indices {
      p[k] = exp(raw[k][r] - top)
      sum += p[k]
    }
    for k in raw.indices { p[k] /= sum }
  }

  /// Class probabilities per class, per row of column-major `features`.
  public func probabilities(_ features: [[Double]]) throws -> [[Double]] {
    let n = features.first?.count ?? 0
    let classes = baseline.count == 1 ? 2 : baseline.count
    // Blocks of rows on every core: a row adds the trees in the same order on any number of cores.
    let block = 2048
    let parts = try Parallel.map((n + block - 1) / block) { b -> [[Double]] in
      let rows = (b * block)..<min(n, (b + 1) * block)
      var raw = baseline.map { [Double](repeating: $0, count: rows.count) }
      for trees in rounds {
        for (k, tree) in trees.enumerated() { tree.addValues(features, rows: rows, to: &raw[k]) }
      }
      var out = [[Double]](repeating: [Double](repeating: 0, count: rows.count), count: classes)
      var p = [Double](repeating: 0, count: classes)
      for i in 0..<rows.count {
        Self.probabilities(raw, i, into: &p)
        for c in 0..<classes { out[c][i] = p[c] }
      }
      return out
    }
    return (0..<classes).map { c in parts.flatMap { $0[c] } }
  }
}
