/// A preparation step before it is fitted (an estimator, in scikit-learn's terms): what it does
/// to which columns, with its hyperparameters. `fit` learns from a frame's rows and applies
/// what it learned; the fitted step it records remembers this one, so a frame's whole
/// pipeline can be fitted again on other rows (a cross-validation fold, next month's data).
public struct PreparationStep: Sendable, Equatable, Codable {
  public var action: Action
  public var columns: [String]

  public init(_ action: Action, columns: [String]) {
    self.action = action
    self.columns = columns
  }

  /// What the step does, with its hyperparameters.
  public enum Action: Sendable, Equatable, Codable {
    /// Fill missing values; `using` are the predictors (regression) or extra distance columns (knn).
    case impute(strategy: ImputeStrategy, constant: Scalar?, using: [String], k: Int)
    case clip(min: Double?, max: Double?)
    case winsorize(lower: Double, upper: Double)
    case outliers(method: OutlierMethod, factor: Double, action: OutlierAction)
    /// An empty suffix changes the units models read and leaves the frame's values alone.
    case transform(method: TransformMethod, suffix: String)
    case scale(method: ScaleMethod, suffix: String)
    case encode(method: EncodeMethod, dropFirst: Bool, maxCategories: Int?)
    case pca(components: Int, prefix: String)
  }

  /// The columns the step reads: its own and the predictors or distance columns of an impute.
  public var inputColumns: [String] {
    guard case .impute(_, _, let using, _) = action else { return columns }
    return columns + using.filter { !columns.contains($0) }
  }

  /// Learns from the selected rows (all when nil) of `frame` and applies the step to every row
  /// it concerns; the frame's pipeline gains the fitted step.
  public func fit(_ frame: DataFrame, rows: [Bool]? = nil) throws -> PreparedFrame {
    var prepared: PreparedFrame
    switch action {
    case .impute(let strategy, let constant, let using, let k):
      switch strategy {
      case .regression, .knn:
        guard rows == nil else {
          throw EngineError.invalidParameter(name: "strategy", value: strategy.rawValue, reason: "it fills every row; it does not take where")
        }
        prepared = strategy == .regression ? try frame.imputingByRegression(columns, using: using) : try frame.imputingByNeighbours(columns, using: using, k: k)
      default:
        guard using.isEmpty else { throw EngineError.invalidParameter(name: "using", value: using.joined(separator: ","), reason: "using= is for strategy=regression or knn") }
        prepared = try frame.imputing(columns, strategy: strategy, constant: constant, rows: rows)
      }
    case .clip(let min, let max):
      guard min != nil || max != nil else { throw EngineError.invalidParameter(name: "min", value: "none", reason: "clip needs min=, max= or both") }
      prepared = try frame.clipping(columns, low: min ?? -.infinity, high: max ?? .infinity, rows: rows)
    case .winsorize(let lower, let upper):
      prepared = try frame.winsorizing(columns, lower: lower, upper: upper, rows: rows)
    case .outliers(let method, let factor, let action):
      prepared = try frame.outliers(columns, method: method, factor: factor, action: action, rows: rows)
    case .transform(let method, let suffix):
      prepared = try frame.transforming(columns, method: method, suffix: suffix, rows: rows)
    case .scale(let method, let suffix):
      prepared = try frame.scaling(columns, method: method, suffix: suffix, rows: rows)
    case .encode(let method, let dropFirst, let maxCategories):
      prepared = try frame.encoding(columns, method: method, dropFirst: dropFirst, maxCategories: maxCategories, rows: rows)
    case .pca(let components, let prefix):
      prepared = try frame.principalComponents(columns, components: components, prefix: prefix, rows: rows)
    }
    prepared.frame.pipeline[prepared.frame.pipeline.count - 1].step = self
    return prepared
  }
}

/// Each action's hyperparameters read from its table (`PreparationParameters`), so defaults
/// are written once; what is not a hyperparameter (columns, a fill value, a suffix) comes beside.
extension PreparationStep.Action {
  public static func impute(_ v: ParameterValues, constant: Scalar?, using: [String]) -> Self {
    .impute(strategy: v.choice("strategy", as: ImputeStrategy.self)!, constant: constant, using: using, k: v.int("k")!)
  }

  public static func clip(_ v: ParameterValues) -> Self { .clip(min: v.number("min"), max: v.number("max")) }

  public static func winsorize(_ v: ParameterValues) -> Self { .winsorize(lower: v.number("lower")!, upper: v.number("upper")!) }

  public static func outliers(_ v: ParameterValues) -> Self {
    let method = v.choice("method", as: OutlierMethod.self)!
    return .outliers(method: method, factor: v.number("factor") ?? method.defaultFactor, action: v.choice("action", as: OutlierAction.self)!)
  }

  public static func transform(_ v: ParameterValues, suffix: String) -> Self {
    .transform(method: v.choice("method", as: TransformMethod.self)!, suffix: suffix)
  }

  public static func scale(_ v: ParameterValues, suffix: String) -> Self { .scale(method: v.choice("method", as: ScaleMethod.self)!, suffix: suffix) }

  public static func encode(_ v: ParameterValues) -> Self {
    .encode(method: v.choice("method", as: EncodeMethod.self)!, dropFirst: v.bool("drop_first")!, maxCategories: v.int("max_categories"))
  }

  public static func pca(_ v: ParameterValues, prefix: String) -> Self { .pca(components: v.int("components")!, prefix: prefix) }
}

extension DataFrame {
  /// The unfitted steps behind this frame's pipeline, to fit again on other rows; nil when a
  /// step cannot be: fitted on `where` rows only, or read from a file older than this record.
  public var preparationSteps: [PreparationStep]? {
    let steps = pipeline.compactMap { $0.restricted ? nil : $0.step }
    return steps.count == pipeline.count ? steps : nil
  }

  /// This frame with `steps` fitted in order on all its rows, each on the result of the one before.
  public func fitting(_ steps: [PreparationStep]) throws -> DataFrame {
    var out = self
    for step in steps { out = try step.fit(out).frame }
    return out
  }
}
