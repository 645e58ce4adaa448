import Foundation

/// How well predicted classes (and, given scores, predicted probabilities) match the actual
/// ones, with scikit-learn's definitions: the confusion matrix, per-class precision, recall,
/// F1 and support, macro and weighted averages, accuracy, balanced accuracy, ROC AUC and
/// average precision (one-vs-rest averaged over classes when there are more than two), log loss.
public struct ClassificationMetrics: Sendable, Equatable {
  /// Per-class figures; a class no row predicts has precision 0 (scikit-learn's
  /// zero_division default), one no row has recall 0.
  public struct PerClass: Sendable, Equatable {
    public var label: Scalar
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var support: Int
  }

  /// Classes in sorted order: the actual and predicted values together.
  public let classes: [Scalar]
  /// counts[i][j]: rows of actual class i predicted as class j.
  public let confusion: [[Int]]
  public let perClass: [PerClass]
  public let accuracy: Double
  public let balancedAccuracy: Double
  /// Unweighted means over classes (precision, recall, F1).
  public let macro: (precision: Double, recall: Double, f1: Double)
  /// Means weighted by support.
  public let weighted: (precision: Double, recall: Double, f1: Double)
  /// From scores: ROC AUC, average precision and log loss; nil without scores.
  public let probabilistic: ProbabilityScores?
  /// Rows left out because the actual or predicted class (or a score) was missing.
  public let rowsLeftOut: Int
  /// What ROC, precision-recall and calibration curves read: per curve (the positive class of
  /// two, or each class against the rest), its name, which rows are of it and their scores.
  public let curveInputs: [ClassificationCurves.Input]

  public static func == (a: Self, b: Self) -> Bool {
    a.classes == b.classes && a.confusion == b.confusion && a.perClass == b.perClass && a.accuracy == b.accuracy
      && a.probabilistic == b.probabilistic && a.rowsLeftOut == b.rowsLeftOut
  }

  /// Scores of probabilities: for two classes, of the positive class; for more, one column
  /// per class in class order, averaged one-vs-rest with equal weight per class.
  public struct ProbabilityScores: Sendable, Equatable {
    public var rocAUC: Double
    public var averagePrecision: Double
    public var logLoss: Double
  }

  /// `scores` is empty, one column of the positive class's probability (two classes), or
  /// one column per class in sorted class order. `positive` names the positive class by its
  /// text (scikit-learn's pos_label); by default the second of two in sorted order.
  public init(actual: Column, predicted: Column, scores: [Column] = [], positive: String? = nil) throws {
    guard actual.count == predicted.count else {
      throw EngineError.invalidParameter(name: "predicted", value: predicted.name, reason: "has \(predicted.count) rows, the actual classes \(actual.count)")
    }
    let scoreValues = try scores.map { c -> [Double] in
      guard c.type.isNumeric, let v = c.doubles() else {
        throw EngineError.typeMismatch(column: c.name, expected: "probabilities (numbers from 0 to 1)", actual: c.type.rawValue)
      }
      return v
    }
    var rows: [Int] = []
    for i in 0..<actual.count where !actual.value(at: i).isMissing && !predicted.value(at: i).isMissing && scoreValues.allSatisfy({ !$0[i].isNaN }) {
      rows.append(i)
    }
    guard !rows.isEmpty else {
      throw EngineError.emptyInput("no row has both an actual and a predicted class\(scores.isEmpty ? "" : " and its scores")")
    }
    let truth = rows.map { actual.value(at: $0) }, guess = rows.map { predicted.value(at: $0) }
    if let mixed = Self.typeClash(truth, guess) {
      throw EngineError.typeMismatch(column: predicted.name, expected: "the same kind of class as \(actual.name) (\(mixed.0))", actual: mixed.1)
    }
    classes = Array(Set(truth + guess)).sorted(by: ScalarOrder.less)
    let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    let k = classes.count
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
    let t = truth.map { index[$0]! }, p = guess.map { index[$0]! }
    for (a, b) in zip(t, p) { confusion[a][b] += 1 }
    self.confusion = confusion
    rowsLeftOut = actual.count - rows.count

    var perClass: [PerClass] = []
    for c in 0..<k {
      let tp = confusion[c][c]
      let predictedAs = (0..<k).reduce(0) { $0 + confusion[$1][c] }
      let support = confusion[c].reduce(0, +)
      let precision = predictedAs == 0 ? 0 : Double(tp) / Double(predictedAs)
      let recall = support == 0 ? 0 : Double(tp) / Double(support)
      // 2tp / (2tp + fp + fn), as scikit-learn computes it: 0 when the class is never right.
      let f1 = tp == 0 ? 0 : 2 * Double(tp) / Double(2 * tp + (predictedAs - tp) + (support - tp))
      perClass.append(PerClass(label: classes[c], precision: precision, recall: recall, f1: f1, support: support))
    }
    self.perClass = perClass
    let n = Double(rows.count)
    accuracy = Double((0..<k).reduce(0) { $0 + confusion[$1][$1] }) / n
    let present = perClass.filter { $0.support > 0 }
    balancedAccuracy = present.reduce(0) { $0 + $1.recall } / Double(present.count)
    let mean = { (f: (PerClass) -> Double) in perClass.reduce(0) { $0 + f($1) } / Double(k) }
    macro = (mean(\.precision), mean(\.recall), mean(\.f1))
    let weightedMean = { (f: (PerClass) -> Double) in perClass.reduce(0) { $0 + f($1) * Double($1.support) } / n }
    weighted = (weightedMean(\.precision), weightedMean(\.recall), weightedMean(\.f1))

    guard !scores.isEmpty else {
      probabilistic = nil
      curveInputs = []
      return
    }
    var positiveClass = 1
    if let positive {
      guard let c = classes.firstIndex(where: { ValueFormatter.plain($0) == positive }) else {
        throw EngineError.invalidParameter(name: "positive", value: positive, reason: "is not one of the classes (\(classes.map(ValueFormatter.plain).joined(separator: ", ")))")
      }
      guard classes.count == 2 else {
        throw EngineError.invalidParameter(name: "positive", value: positive, reason: "is for two classes; with \(classes.count), give one score column per class")
      }
      positiveClass = c
    }
    let kept = scoreValues.map { v in rows.map { v[$0] } }
    probabilistic = try Self.probabilityScores(truth: t, classes: classes, positive: positiveClass, scores: kept, names: scores.map(\.name))
    let labels = classes.map(ValueFormatter.plain), positive = positiveClass
    curveInputs = k == 2
      ? [ClassificationCurves.Input(label: labels[positive], positive: t.map { $0 == positive }, score: kept[0])]
      : (0..<k).map { c in ClassificationCurves.Input(label: labels[c], positive: t.map { $0 == c }, score: kept[c]) }
  }

  private static func typeClash(_ a: [Scalar], _ b: [Scalar]) -> (String, String)? {
    let kind = { (s: Scalar) -> String in
      switch s {
      case .string: "text"
      case .bool: "true/false"
      case .date, .datetime: "dates"
      default: "numbers"
      }
    }
    guard let first = a.first.map(kind) else { return nil }
    if let other = (a + b).map(kind).first(where: { $0 != first }) { return (first, other) }
    return nil
  }

  private static func probabilityScores(truth: [Int], classes: [Scalar], positive: Int, scores: [[Double]], names: [String]) throws -> ProbabilityScores {
    let k = classes.count
    guard k >= 2 else {
      throw EngineError.unsupported("ROC AUC and log loss need rows of at least two classes; only \(ValueFormatter.plain(classes[0])) is there")
    }
    let binary = k == 2
    guard scores.count == (binary ? 1 : k) else {
      let listed = classes.map(ValueFormatter.plain).joined(separator: ", ")
      throw EngineError.invalidParameter(name: "scores", value: names.joined(separator: ","),
        reason: binary ? "give one column: the probability of \(ValueFormatter.plain(classes[positive])) (positive= picks the class)"
          : "give one probability column per class, in the order \(listed) (\(k) columns, not \(scores.count))")
    }
    for (name, v) in zip(names, scores) where v.contains(where: { $0 < 0 || $0 > 1 }) {
      throw EngineError.invalidParameter(name: "scores", value: name, reason: "holds values outside 0…1; give probabilities")
    }
    for c in 0..<k where !truth.contains(c) {
      throw EngineError.unsupported("ROC AUC is undefined: no row is actually \(ValueFormatter.plain(classes[c])) (every class needs rows of its own and of the rest)")
    }
    if binary {
      let positive = truth.map { $0 == positive }
      let p = scores[0]
      let loss = zip(positive, p).reduce(0.0) { sum, pair in
        let q = min(max(pair.1, Double.ulpOfOne), 1 - Double.ulpOfOne)
        return sum - (pair.0 ? Foundation.log(q) : Foundation.log(1 - q))
      } / Double(truth.count)
      return ProbabilityScores(rocAUC: rocAUC(positive, p), averagePrecision: averagePrecision(positive, p), logLoss: loss)
    }
    var auc = 0.0, ap = 0.0
    for c in 0..<k {
      let positive = truth.map { $0 == c }
      auc += rocAUC(positive, scores[c])
      ap += averagePrecision(positive, scores[c])
    }
    // Rows are scaled to sum to 1 before the loss, as scikit-learn does.
    var loss = 0.0
    for (i, c) in truth.enumerated() {
      let row = (0..<k).map { min(max(scores[$0][i], Double.ulpOfOne), 1 - Double.ulpOfOne) }
      loss -= Foundation.log(row[c] / row.reduce(0, +))
    }
    return ProbabilityScores(rocAUC: auc / Double(k), averagePrecision: ap / Double(k), logLoss: loss / Double(truth.count))
  }

  /// The area under the ROC curve: the chance that a positive row scores above a negative
  /// one, ties counted half (Mann-Whitney, which equals the curve's trapezoids).
  static func rocAUC(_ positive: [Bool], _ score: [Double]) -> Double {
    let order = score.indices.sorted { score[$0] < score[$1] }
    var rankSum = 0.0
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && score[order[j + 1]] == score[order[i]] { j += 1 }
      let averageRank = Double(i + j) / 2 + 1
      for r in i...j where positive[order[r]] { rankSum += averageRank }
      i = j + 1
    }
    let p = Double(positive.filter { $0 }.count), n = Double(positive.count) - p
    return (rankSum - p * (p + 1) / 2) / (p * n)
  }

  /// Σ (Rₙ − Rₙ₋₁) Pₙ over the distinct scores from the highest down (scikit-learn's
  /// average_precision_score: no interpolation; tied scores are one threshold).
  static func averagePrecision(_ positive: [Bool], _ score: [Double]) -> Double {
    let order = score.indices.sorted { score[$0] > score[$1] }
    let total = Double(positive.filter { $0 }.count)
    var tp = 0.0, fp = 0.0, lastRecall = 0.0, sum = 0.0
    var i = 0
    while i < order.count {
      var j = i
      while j < order.count && score[order[j]] == score[order[i]] {
        if positive[order[j]] { tp += 1 } else { fp += 1 }
        j += 1
      }
      let recall = tp / total
      sum += (recall - lastRecall) * (tp / (tp + fp))
      lastRecall = recall
      i = j
    }
    return sum
  }
}

/// One number that says how good predictions are, as scikit-learn's scoring names it.
public enum ClassificationScore: String, Sendable, CaseIterable {
  case accuracy, balancedAccuracy = "balanced_accuracy", f1Macro = "f1_macro", rocAUC = "roc_auc", logLoss = "log_loss"

  /// Whether lower is better (log loss).
  public var lowerIsBetter: Bool { self == .logLoss }

  /// Whether the score reads predicted probabilities.
  public var needsProbabilities: Bool { self == .rocAUC || self == .logLoss }

  /// The score of `m`; nil for a probability score when `m` had none.
  public func value(_ m: ClassificationMetrics) -> Double? {
    switch self {
    case .accuracy: m.accuracy
    case .balancedAccuracy: m.balancedAccuracy
    case .f1Macro: m.macro.f1
    case .rocAUC: m.probabilistic?.rocAUC
    case .logLoss: m.probabilistic?.logLoss
    }
  }
}
