/// The curves that show how well probabilities rank and how well they are calibrated, as
/// sklearn.metrics computes them: roc_curve (drop_intermediate=True), precision_recall_curve
/// and sklearn.calibration.calibration_curve (uniform bins).
public enum ClassificationCurves {
  /// One curve's data: which rows are of the class and their scores.
  public struct Input: Sendable, Equatable {
    public var label: String
    public var positive: [Bool]
    public var score: [Double]
  }

  /// Points of a curve.
  public struct Points: Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]
  }

  /// The curves' inputs from actual classes and probability columns, checked and read as
  /// `metrics` reads them (one column for two classes, of `positive`; else one per class).
  public static func inputs(actual: Column, scores: [Column], positive: String?) throws -> [Input] {
    // The classes are the actual ones: the actual column stands in for the predicted one.
    try ClassificationMetrics(actual: actual, predicted: actual, scores: scores, positive: positive).curveInputs
  }

  /// The area under the ROC curve, as `metrics` computes it (one definition for both).
  public static func rocAUC(_ input: Input) -> Double { ClassificationMetrics.rocAUC(input.positive, input.score) }

  /// Counts of positives and negatives at or above each distinct score, highest first.
  private static func cumulative(_ input: Input) -> (tps: [Double], fps: [Double]) {
    let order = input.score.indices.sorted { input.score[$0] > input.score[$1] || (input.score[$0] == input.score[$1] && $0 < $1) }
    var tps: [Double] = [], fps: [Double] = []
    var (tp, fp) = (0.0, 0.0)
    for (i, r) in order.enumerated() {
      if input.positive[r] { tp += 1 } else { fp += 1 }
      // A threshold at the last row of each run of equal scores.
      if i == order.count - 1 || input.score[order[i + 1]] != input.score[r] {
        tps.append(tp)
        fps.append(fp)
      }
    }
    return (tps, fps)
  }

  /// False positive rate (x) against true positive rate (y), from (0, 0), points on a
  /// straight segment between their neighbours dropped.
  public static func roc(_ input: Input) -> Points {
    let (tps, fps) = cumulative(input)
    var keep: [Int] = []
    for i in tps.indices {
      let end = i == 0 || i == tps.count - 1
      // scikit-learn keeps a point where the second difference of either count is not zero.
      if end || tps[i - 1] - 2 * tps[i] + tps[i + 1] != 0 || fps[i - 1] - 2 * fps[i] + fps[i + 1] != 0 { keep.append(i) }
    }
    let (p, n) = (tps.last ?? 0, fps.last ?? 0)
    return Points(x: [0] + keep.map { fps[$0] / n }, y: [0] + keep.map { tps[$0] / p })
  }

  /// Recall (x) against precision (y) at every distinct threshold from the lowest up, then
  /// recall 0 at precision 1: scikit-learn's order (recall falling).
  public static func precisionRecall(_ input: Input) -> Points {
    let (tps, fps) = cumulative(input)
    let total = tps.last ?? 0
    var recall: [Double] = [], precision: [Double] = []
    for i in tps.indices.reversed() {
      recall.append(tps[i] / total)
      precision.append(tps[i] + fps[i] == 0 ? 0 : tps[i] / (tps[i] + fps[i]))
    }
    return Points(x: recall + [0], y: precision + [1])
  }

  /// Mean predicted probability (x) against the share of positives (y) per bin of equal
  /// width that holds rows.
  public static func calibration(_ input: Input, bins: Int) -> Points {
    var total = [Double](repeating: 0, count: bins), sums = total, positives = total
    for (p, isPositive) in zip(input.score, input.positive) {
      // The number of inner edges below p: NumPy's searchsorted(side="left") on
      // linspace(0, 1, bins + 1), whose edges are k × (1 / bins).
      var bin = 0
      while bin < bins - 1 && Double(bin + 1) * (1 / Double(bins)) < p { bin += 1 }
      total[bin] += 1
      sums[bin] += p
      if isPositive { positives[bin] += 1 }
    }
    let used = (0..<bins).filter { total[$0] > 0 }
    return Points(x: used.map { sums[$0] / total[$0] }, y: used.map { positives[$0] / total[$0] })
  }
}
