/// Hyperparameter search scored by cross-validation, as scikit-learn's GridSearchCV and
/// RandomizedSearchCV (with lists): every candidate (all combinations, or `count` of them
/// drawn without replacement with the seed) is cross-validated on the same folds, the best
/// mean score wins (the first on ties), and that candidate is refitted on every row.
public struct Tuning: Sendable {
  public enum Search: Sendable, Equatable {
    case grid
    case random(count: Int, seed: UInt64)
  }

  public struct Candidate: Sendable {
    /// The tuned hyperparameters' values, in the order they were named.
    public var values: [(name: String, value: ParameterValue)]
    public var mean: Double
    public var std: Double
  }

  /// The most candidates a search runs; a larger grid needs search=random.
  public static let maxCandidates = 1_000

  public let candidates: [Candidate]
  public let best: Int
  public let score: ClassificationScore
  /// The best candidate fitted on all rows.
  public let model: Classifier

  /// Searches `grid` (per tuned hyperparameter, its candidate values) on top of `fixed`.
  public init(
    _ method: Classifier.Method, features: [String], target: String, on frame: DataFrame,
    fixed: [String: ParameterValue], grid: [(name: String, values: [ParameterValue])], search: Search,
    folds: Int, stratified: Bool, foldSeed: UInt64, score: ClassificationScore
  ) throws {
    let size = grid.reduce(1) { total, p in total.multipliedReportingOverflow(by: max(p.values.count, 1)).overflow ? Int.max : total * max(p.values.count, 1) }
    var picks: [Int]
    switch search {
    case .grid:
      guard size <= Self.maxCandidates else {
        throw EngineError.unsupported("the grid has \(size == Int.max ? "too many" : ValueFormatter.grouped(size)) candidates, more than \(ValueFormatter.grouped(Self.maxCandidates)); use search=random n=… or fewer values")
      }
      picks = Array(0..<size)
    case .random(let count, let seed):
      var g = SeededGenerator(seed: seed)
      // Distinct grid points; the whole grid when it is no larger than count.
      if size <= count {
        picks = Array(0..<size)
      } else {
        var seen = Set<Int>()
        picks = []
        while picks.count < count {
          let p = g.below(size)
          if seen.insert(p).inserted { picks.append(p) }
        }
      }
    }
    var found: [Candidate] = []
    for pick in picks {
      try CancellationToken.check()
      // The pick's digits in the grid's mixed radix, the last hyperparameter fastest (as itertools.product).
      var rest = pick
      var values: [(name: String, value: ParameterValue)] = []
      for p in grid.reversed() {
        values.insert((p.name, p.values[rest % p.values.count]), at: 0)
        rest /= p.values.count
      }
      var given = fixed
      for (name, value) in values { given[name] = value }
      let result = try CrossValidation(
        method, features: features, target: target, on: frame, try ParameterValues(given, for: method.parameters),
        folds: folds, stratified: stratified, seed: foldSeed)
      guard result.folds.allSatisfy({ $0.scores[score] != nil }) else {
        throw EngineError.invalidParameter(name: "scoring", value: score.rawValue, reason: "cannot be computed on these folds")
      }
      let (mean, std) = result.summary(score)
      found.append(Candidate(values: values, mean: mean, std: std))
    }
    candidates = found
    let better = { (a: Double, b: Double) in score.lowerIsBetter ? a < b : a > b }
    best = found.indices.reduce(0) { better(found[$1].mean, found[$0].mean) ? $1 : $0 }
    self.score = score
    var given = fixed
    for (name, value) in found[best].values { given[name] = value }
    model = try Classifier(fitting: method, features: features, target: target, on: frame, try ParameterValues(given, for: method.parameters))
  }
}
