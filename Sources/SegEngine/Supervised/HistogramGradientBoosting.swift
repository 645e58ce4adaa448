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
    let binning = FeatureBins(
      fitting: features.map { column in trainRows.map { column[$0] } }, categoryCounts: categoryCounts, maxBins: settings.maxBins, seed: settings.seed,
      weights: weight.map { w in trainRows.map { w[$0] } })
    let bins = binning.bin(features)
    let slots = classes == 2 ? 1 : classes
    var counts = [Double](repeating: 0, count: classes)
    for r in trainRows { counts[labels[r]] += weight?[r] ?? 1 }
    let priors = counts.map { $0 / counts.reduce(0, +) }
    let start = classes == 2 ? [log(priors[1] / priors[0])] : priors.map { log(max($0, .leastNormalMagnitude)) }
    // Raw scores per slot for every row (training and validation).
    var raw = start.map { [Double](repeating: $0, count: n) }
    let training = trainRows.map { Int32($0) }
    let grower = HistogramTreeGrower(bins: bins, training: training, featureBins: binning, settings: settings.tree)
    var rounds: [[HistogramTree]] = []
    var losses = stopsEarly ? [Self.loss(raw, labels, validationRows, weights: weight)] : []
    var gradients = [[Double]](repeating: [Double](repeating: 0, count: n), count: slots)
    var hessians = gradients
    for _ in 0..<settings.maxIterations {
      try CancellationToken.check()
      for r in trainRows {
        let p = Self.probabilities(raw, r)
        let w = weight?[r] ?? 1
        for k in 0..<slots {
          let (pk, yk) = slots == 1 ? (p[1], labels[r] == 1 ? 1.0 : 0) : (p[k], labels[r] == k ? 1.0 : 0)
          gradients[k][r] = w * (pk - yk)
          hessians[k][r] = w * (pk * (1 - pk))
        }
      }
      var trees: [HistogramTree] = []
      for k in 0..<slots {
        let tree = grower.grow(rows: training, gradients: gradients[k], hessians: hessians[k], raw: &raw[k])
        for r in validationRows { raw[k][r] += tree.value(bins: bins, row: r) }
        trees.append(tree)
      }
      rounds.append(trees)
      if stopsEarly {
        losses.append(Self.loss(raw, labels, validationRows, weights: weight))
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

  /// The mean log loss of `rows` under raw scores `raw`, weighted by `weights` when given.
  static func loss(_ raw: [[Double]], _ labels: [Int], _ rows: [Int], weights: [Double]? = nil) -> Double {
    var total = 0.0, mass = 0.0
    for r in rows {
      let w = weights?[r] ?? 1
      mass += w
      if raw.count == 1 {
        // log(1 + e^z) − y·z, computed without overflow.
        let z = raw[0][r]
        total += w * ((z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - (labels[r] == 1 ? z : 0))
      } else {
        let top = raw.map { $0[r] }.max()!
        let sum = raw.reduce(0.0) { $0 + exp($1[r] - top) }
        total += w * (top + log(sum) - raw[labels[r]][r])
      }
    }
    return mass > 0 ? total / mass : 0
  }

  /// Class probabilities of row `r` from its raw scores.
  static func probabilities(_ raw: [[Double]], _ r: Int) -> [Double] {
    if raw.count == 1 {
      let p = 1 / (1 + exp(-raw[0][r]))
      return [1 - p, p]
    }
    let top = raw.map { $0[r] }.max()!
    let e = raw.map { exp($0[r] - top) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
  }

  /// Class probabilities per class, per row of column-major `features`.
  public func probabilities(_ features: [[Double]]) -> [[Double]] {
    let n = features.first?.count ?? 0
    var raw = baseline.map { [Double](repeating: $0, count: n) }
    for trees in rounds {
      for (k, tree) in trees.enumerated() {
        for i in 0..<n { raw[k][i] += tree.value { features[$0][i] } }
      }
    }
    let classes = baseline.count == 1 ? 2 : baseline.count
    var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: classes)
    for i in 0..<n {
      for (c, p) in Self.probabilities(raw, i).enumerated() { out[c][i] = p }
    }
    return out
  }
}
