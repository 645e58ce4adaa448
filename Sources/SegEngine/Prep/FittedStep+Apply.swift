/// Replaying fitted steps on new rows: the same fill values, limits, λs, scales, categories
/// and components, never fitted again.
extension FittedStep {
  /// Applies this step to `frame`, which must have the input columns.
  public func apply(to frame: DataFrame) throws -> DataFrame {
    guard !restricted else {
      throw EngineError.invalidParameter(
        name: verb.rawValue, value: method, reason: "this step was fitted on some rows only (where …), so it cannot be replayed on new rows")
    }
    var out = frame
    var dropRows = [Bool](repeating: false, count: frame.rowCount)
    for fit in columns {
      let p = fit.parameters
      switch verb {
      case .impute where method == "regression":
        let predictors = fit.parameters.keys.filter { $0.hasPrefix("coef:") }.sorted().map { String($0.dropFirst(5)) }
        let coefficients = [p["intercept"] ?? 0] + predictors.map { p["coef:" + $0] ?? 0 }
        let filled = RegressionImputer.fill(
          target: try numbers(try frame.column(fit.input)), predictors: try predictors.map { try numbers(try frame.column($0)) },
          coefficients: coefficients)
        try out.setColumn(.doubles(fit.output, filled.values))
      case .impute where method == "knn":
        throw EngineError.invalidParameter(
          name: "impute", value: "knn", reason: "k-nearest-neighbour filling keeps no model to replay; impute the new rows with strategy=knn themselves")
      case .impute:
        let value: Scalar = fit.text.map { text in Self.scalar(text, like: (try? frame.column(fit.input))?.type) } ?? .double(p["value"] ?? .nan)
        let column = try frame.column(fit.input)
        let typed: Scalar = if column.type == .int, case .double(let d) = value, abs(d) < 9e15, d == d.rounded(), method != "mean", method != "median" { .int(Int(d)) } else { value }
        try out.setColumn(try Imputer.apply(column, value: typed).0)
      case .clip, .winsorize:
        let column = try frame.column(fit.input)
        let limited = Winsorizer.clip(try numbers(column), low: p["low"] ?? -.infinity, high: p["high"] ?? .infinity).0
        let keepsInts = column.type == .int && limited.allSatisfy { $0.isNaN || $0 == $0.rounded() }
        try out.setColumn(keepsInts ? .ints(fit.output, limited.map { $0.isNaN ? nil : Int($0) }) : .doubles(fit.output, limited))
      case .outliers:
        let values = try numbers(try frame.column(fit.input))
        let (low, high) = (p["low"] ?? -.infinity, p["high"] ?? .infinity)
        let flags = values.map { !$0.isNaN && ($0 < low || $0 > high) }
        switch method.split(separator: " ").last {
        case "flag": try out.setColumn(.bools(fit.output, flags.indices.map { values[$0].isNaN ? nil : flags[$0] }))
        case "clip": try out.setColumn(.doubles(fit.output, Winsorizer.clip(values, low: low, high: high).0))
        default: for i in flags.indices where flags[i] { dropRows[i] = true }
        }
      case .transform, .scale:
        // In place, the frame keeps its units and models read the column through the step.
        guard !isFeatureStep else { continue }
        guard verb == .scale || TransformMethod(rawValue: method) != nil else { throw unknown() }
        try out.setColumn(.doubles(fit.output, try unitChange(try numbers(try frame.modelColumn(fit.input)), fit)))
      case .encode:
        let column = try frame.column(fit.input)
        switch method {
        case "onehot":
          // New categories (never seen when fitting) get 0 in every column, as handle_unknown="ignore".
          let categories = fit.categories ?? []
          let outputs = fit.output.split(separator: ",").map(String.init)
          let kept = categories.filter { $0 != "other" }
          let made = try Encoder.onehot(column, kept: kept, other: categories.contains("other"), dropFirst: outputs.count < categories.count)
          out = try out.replacing(fit.input, with: made)
        case "ordinal":
          let categories = fit.categories ?? []
          try out.setColumn(Encoder.ordinal(column, kept: categories.filter { $0 != "other" }, other: categories.contains("other")))
        default:
          try out.setColumn(Encoder.frequency(column, shares: p))
        }
      case .pca:
        let inputs = fit.input.split(separator: ",").map(String.init)
        let values = try inputs.map { try numbers(try frame.modelColumn($0)) }
        let scores = (0..<frame.rowCount).map { i in
          inputs.indices.reduce(0.0) { $0 + (p["weight:" + inputs[$1]] ?? 0) * (values[$1][i] - (p["mean:" + inputs[$1]] ?? 0)) }
        }
        try out.setColumn(.doubles(fit.output, scores))
      }
    }
    return dropRows.contains(true) ? out.keeping(dropRows.map { !$0 }) : out
  }

  private func numbers(_ column: Column) throws -> [Double] {
    guard column.type.isNumeric, let d = column.doubles() else {
      throw EngineError.typeMismatch(column: column.name, expected: "numbers, as when the step was fitted", actual: column.type.rawValue)
    }
    return d
  }

  private func unknown() -> EngineError {
    .invalidParameter(name: "step", value: "\(verb.rawValue) \(method)", reason: "this version of seg cannot replay it")
  }

  /// A recorded text fill value, read back as the column's type.
  private static func scalar(_ text: String, like type: DataType?) -> Scalar {
    switch type {
    case .bool: return .bool(text == "true")
    case .date: return DateParsing.parseISODate(Array(text.utf8)).map { .date($0) } ?? .string(text)
    default: return .string(text)
    }
  }
}

extension DataFrame {
  /// `frame` with every step of this frame's pipeline replayed on it, in order.
  public func replayPipeline(on frame: DataFrame) throws -> DataFrame { try Self.replay(pipeline, on: frame) }

  /// `frame` with `steps` replayed in order, and recorded as its pipeline. Each step sees
  /// the steps before it, so a step that reads a column models read prepared (pca, scale
  /// with suffix=) reads it as it did when it was fitted.
  public static func replay(_ steps: [FittedStep], on frame: DataFrame) throws -> DataFrame {
    var out = frame
    out.pipeline = []
    for step in steps {
      out = try step.apply(to: out)
      out.pipeline.append(step)
    }
    return out
  }
}
