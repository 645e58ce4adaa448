import Foundation

/// A multilayer perceptron for classes, as scikit-learn's MLPClassifier (relu hidden layers,
/// a logistic output for two classes and softmax for more, log loss with an L2 penalty
/// `alpha`, Adam on seeded shuffled mini-batches, Glorot-uniform starting weights) behind a
/// StandardScaler on the number features. Training stops when the loss (or, with early
/// stopping, the accuracy on a seeded validation part) has not improved by `tolerance` for
/// `patience` epochs; with early stopping the best epoch's weights are kept.
public struct MultilayerPerceptron: Sendable, Equatable {
  /// Per feature: the mean and standard deviation it is standardised with (0 and 1 for one-hot features).
  public let center: [Double]
  public let scale: [Double]
  /// Per layer: weights (row-major, inputs × outputs) and biases.
  public let weights: [[Double]]
  public let biases: [[Double]]
  public let epochs: Int
  public let converged: Bool

  public init(center: [Double], scale: [Double], weights: [[Double]], biases: [[Double]], epochs: Int, converged: Bool) {
    self.center = center
    self.scale = scale
    self.weights = weights
    self.biases = biases
    self.epochs = epochs
    self.converged = converged
  }

  struct Settings {
    var hidden = [100]
    var alpha = 1e-4
    var batchSize = 200
    var learningRate = 1e-3
    var maxIterations = 200
    var tolerance = 1e-4
    var patience = 10
    var earlyStopping = false
    var validationFraction = 0.1
    var seed: UInt64 = 0
  }

  /// The layer widths, inputs first.
  var widths: [Int] { [center.count] + biases.map(\.count) }

  /// Fits on column-major `features`; `standardise[j]` says whether feature j is a number.
  init(fitting features: [[Double]], labels: [Int], classes: Int, standardise: [Bool], _ settings: Settings) throws {
    let d = features.count, n = labels.count
    let (center, scale) = LogisticRegression.standardisation(features, standardise)
    var x = [Double](repeating: 0, count: n * d)
    for j in 0..<d { for i in 0..<n { x[i * d + j] = (features[j][i] - center[j]) / scale[j] } }
    let outputs = classes == 2 ? 1 : classes
    let widths = [d] + settings.hidden + [outputs]
    var g = SeededGenerator(seed: settings.seed)
    // Glorot uniform, as scikit-learn draws it for relu layers: ±sqrt(6 / (fan in + fan out)).
    var weights: [[Double]] = [], biases: [[Double]] = []
    for l in 0..<(widths.count - 1) {
      let bound = (6 / Double(widths[l] + widths[l + 1])).squareRoot()
      weights.append((0..<(widths[l] * widths[l + 1])).map { _ in (2 * g.uniform() - 1) * bound })
      biases.append((0..<widths[l + 1]).map { _ in (2 * g.uniform() - 1) * bound })
    }
    var training = Array(0..<n), validation: [Int] = []
    if settings.earlyStopping {
      let parts = try TrainTestSplit(rows: n, test: settings.validationFraction, classes: labels, seed: settings.seed)
      (training, validation) = (parts.train, parts.test)
    }
    var model = MultilayerPerceptron(center: center, scale: scale, weights: weights, biases: biases, epochs: 0, converged: false)
    var adam = Adam(shapes: weights.map(\.count) + biases.map(\.count), rate: settings.learningRate)
    var best = Double.infinity, bestScore = -Double.infinity, stale = 0
    var kept = (weights, biases)
    var epoch = 0
    var converged = false
    while epoch < settings.maxIterations {
      try CancellationToken.check()
      epoch += 1
      training.shuffle(using: &g)
      var total = 0.0
      var start = 0
      while start < training.count {
        let batch = Array(training[start..<min(start + settings.batchSize, training.count)])
        start += batch.count
        let (loss, gradients) = model.lossAndGradients(x, d, labels, batch, alpha: settings.alpha)
        total += loss * Double(batch.count)
        let steps = adam.steps(gradients)
        let layers = model.weights.count
        var w = model.weights, b = model.biases
        for l in 0..<layers {
          for k in w[l].indices { w[l][k] += steps[l][k] }
          for k in b[l].indices { b[l][k] += steps[layers + l][k] }
        }
        model = MultilayerPerceptron(center: center, scale: scale, weights: w, biases: b, epochs: epoch, converged: false)
      }
      let loss = total / Double(training.count)
      if settings.earlyStopping {
        let probabilities = model.outputs(x, d, validation)
        let right = validation.indices.filter { Self.predicted(probabilities, $0, outputs) == labels[validation[$0]] }.count
        let score = Double(right) / Double(validation.count)
        stale = score > bestScore + settings.tolerance ? 0 : stale + 1
        if score > bestScore {
          bestScore = score
          kept = (model.weights, model.biases)
        }
      } else {
        stale = loss > best - settings.tolerance ? stale + 1 : 0
        best = min(best, loss)
      }
      if stale > settings.patience {
        converged = true
        break
      }
    }
    if settings.earlyStopping { (weights, biases) = kept } else { (weights, biases) = (model.weights, model.biases) }
    self.init(center: center, scale: scale, weights: weights, biases: biases, epochs: epoch, converged: converged)
  }

  /// The class index of row `i` of an output layer's activations.
  private static func predicted(_ out: [Double], _ i: Int, _ outputs: Int) -> Int {
    if outputs == 1 { return out[i] > 0.5 ? 1 : 0 }
    var top = 0
    for c in 1..<outputs where out[i * outputs + c] > out[i * outputs + top] { top = c }
    return top
  }

  /// The output layer's activations (row-major) for `rows`, computed 1,024 rows at a time so
  /// a wide network (say, from a model file) never holds every row's hidden layers at once.
  private func outputs(_ x: [Double], _ d: Int, _ rows: [Int]) -> [Double] {
    var out: [Double] = []
    for start in stride(from: 0, to: rows.count, by: 1_024) {
      out += forward(x, d, Array(rows[start..<min(rows.count, start + 1_024)])).last!
    }
    return out
  }

  /// Each layer's activations (row-major, rows × width) for `rows` of standardised `x`.
  private func forward(_ x: [Double], _ d: Int, _ rows: [Int]) -> [[Double]] {
    var input = [Double](repeating: 0, count: rows.count * d)
    for (k, r) in rows.enumerated() { for j in 0..<d { input[k * d + j] = x[r * d + j] } }
    var layers = [input]
    let widths = self.widths
    for l in weights.indices {
      let (fanIn, fanOut) = (widths[l], widths[l + 1])
      var out = [Double](repeating: 0, count: rows.count * fanOut)
      layers[l].withUnsafeBufferPointer { a in
        weights[l].withUnsafeBufferPointer { w in
          out.withUnsafeMutableBufferPointer { o in
            for k in 0..<rows.count {
              for c in 0..<fanOut { o[k * fanOut + c] = biases[l][c] }
              for i in 0..<fanIn {
                let v = a[k * fanIn + i]
                if v == 0 { continue }
                for c in 0..<fanOut { o[k * fanOut + c] += v * w[i * fanOut + c] }
              }
            }
          }
        }
      }
      if l < weights.count - 1 {
        for k in out.indices where out[k] < 0 { out[k] = 0 }
      } else if fanOut == 1 {
        for k in out.indices { out[k] = 1 / (1 + Foundation.exp(-out[k])) }
      } else {
        for k in 0..<rows.count {
          let row = (k * fanOut)..<((k + 1) * fanOut)
          let top = out[row].max()!
          var sum = 0.0
          for c in row { out[c] = Foundation.exp(out[c] - top); sum += out[c] }
          for c in row { out[c] /= sum }
        }
      }
      layers.append(out)
    }
    return layers
  }

  /// The batch's mean log loss with the L2 penalty, and its gradients (weights, then biases).
  private func lossAndGradients(_ x: [Double], _ d: Int, _ labels: [Int], _ batch: [Int], alpha: Double) -> (Double, [[Double]]) {
    let layers = forward(x, d, batch)
    let widths = self.widths
    let m = Double(batch.count)
    let outputs = widths.last!
    let last = layers.last!
    var loss = 0.0
    // The output's error: probability minus the one-hot truth.
    var delta = last
    for (k, r) in batch.enumerated() {
      if outputs == 1 {
        let p = min(max(last[k], 1e-15), 1 - 1e-15)
        loss -= labels[r] == 1 ? Foundation.log(p) : Foundation.log(1 - p)
        delta[k] -= labels[r] == 1 ? 1 : 0
      } else {
        loss -= Foundation.log(min(max(last[k * outputs + labels[r]], 1e-15), 1))
        delta[k * outputs + labels[r]] -= 1
      }
    }
    var penalty = 0.0
    for w in weights { for v in w { penalty += v * v } }
    loss = loss / m + 0.5 * alpha * penalty / m
    var weightGradients = [[Double]](repeating: [], count: weights.count), biasGradients = weightGradients
    for l in stride(from: weights.count - 1, through: 0, by: -1) {
      let (fanIn, fanOut) = (widths[l], widths[l + 1])
      var gw = [Double](repeating: 0, count: fanIn * fanOut), gb = [Double](repeating: 0, count: fanOut)
      let a = layers[l]
      gw.withUnsafeMutableBufferPointer { gw in
        for k in 0..<batch.count {
          for i in 0..<fanIn {
            let v = a[k * fanIn + i]
            if v == 0 { continue }
            for c in 0..<fanOut { gw[i * fanOut + c] += v * delta[k * fanOut + c] }
          }
        }
      }
      for k in 0..<batch.count { for c in 0..<fanOut { gb[c] += delta[k * fanOut + c] } }
      for k in gw.indices { gw[k] = (gw[k] + alpha * weights[l][k]) / m }
      for c in gb.indices { gb[c] /= m }
      weightGradients[l] = gw
      biasGradients[l] = gb
      if l > 0 {
        // Back through the weights and the relu of the layer below.
        var next = [Double](repeating: 0, count: batch.count * fanIn)
        for k in 0..<batch.count {
          for i in 0..<fanIn where a[k * fanIn + i] > 0 {
            var s = 0.0
            for c in 0..<fanOut { s += delta[k * fanOut + c] * weights[l][i * fanOut + c] }
            next[k * fanIn + i] = s
          }
        }
        delta = next
      }
    }
    return (loss, weightGradients + biasGradients)
  }

  /// Class probabilities per class, per row of column-major `features`.
  public func probabilities(_ features: [[Double]]) -> [[Double]] {
    let n = features.first?.count ?? 0, d = features.count
    var x = [Double](repeating: 0, count: n * d)
    for j in 0..<d { for i in 0..<n { x[i * d + j] = (features[j][i] - center[j]) / scale[j] } }
    let outputs = widths.last!
    let out = self.outputs(x, d, Array(0..<n))
    if outputs == 1 { return [out.map { 1 - $0 }, out] }
    return (0..<outputs).map { c in (0..<n).map { out[$0 * outputs + c] } }
  }
}

/// Adam's moment estimates and step sizes (Kingma and Ba; scikit-learn's defaults).
private struct Adam {
  var first: [[Double]]
  var second: [[Double]]
  var t = 0
  let rate: Double
  let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8

  init(shapes: [Int], rate: Double) {
    first = shapes.map { [Double](repeating: 0, count: $0) }
    second = first
    self.rate = rate
  }

  /// The steps to add to each parameter array for these gradients.
  mutating func steps(_ gradients: [[Double]]) -> [[Double]] {
    t += 1
    let rateT = rate * (1 - Foundation.pow(beta2, Double(t))).squareRoot() / (1 - Foundation.pow(beta1, Double(t)))
    var out = gradients
    for p in gradients.indices {
      for k in gradients[p].indices {
        first[p][k] = beta1 * first[p][k] + (1 - beta1) * gradients[p][k]
        second[p][k] = beta2 * second[p][k] + (1 - beta2) * gradients[p][k] * gradients[p][k]
        out[p][k] = -rateT * first[p][k] / (second[p][k].squareRoot() + epsilon)
      }
    }
    return out
  }
}
