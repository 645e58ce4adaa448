import Foundation

/// Fitting the steps that change units, scale and transform, the way scikit-learn's
/// StandardScaler, MinMaxScaler, RobustScaler and PowerTransformer (without standardising)
/// do. In place the frame keeps its values and models read the columns through the step;
/// with a suffix the changed values become columns of their own.
extension DataFrame {
  /// Scales `names` with the centre and scale fitted on `rows` (all rows when nil).
  func scaling(_ names: [String], method: ScaleMethod, suffix: String = "", rows: [Bool]? = nil) throws -> PreparedFrame {
    try changingUnits(names, verb: .scale, method: method.rawValue, suffix: suffix, rows: rows) { values in
      let fit = try Scaler.fit(values, method: method)
      let constant = fit.scale == 1 && Set(Statistics.present(values)).count == 1
      return (["center": fit.center, "scale": fit.scale], constant ? "one value only; scaled it to 0" : nil)
    }
  }

  /// Transforms `names` (log, log1p, sqrt, or Box-Cox and Yeo-Johnson with λ fitted on `rows`).
  func transforming(_ names: [String], method: TransformMethod, suffix: String = "", rows: [Bool]? = nil) throws -> PreparedFrame {
    try changingUnits(names, verb: .transform, method: method.rawValue, suffix: suffix, rows: rows) { values in
      let lambda = try PowerTransform.fit(values, method: method)
      return (lambda.map { ["lambda": $0] } ?? [:], lambda.map { "λ = \(ValueFormatter.number($0))" })
    }
  }

  /// One unit-changing step per column, fitted on the values models read (after earlier
  /// such steps) on the selected rows. Rows outside `where` keep their values in a suffix column.
  private func changingUnits(
    _ names: [String], verb: PreparationVerb, method: String, suffix: String, rows: [Bool]?,
    fit: ([Double]) throws -> (parameters: [String: Double], note: String?)
  ) throws -> PreparedFrame {
    if suffix.isEmpty && rows != nil {
      throw EngineError.unsupported("\(verb) in place cannot take where: models would read the column in two units; write new columns instead: add suffix=_\(verb == .scale ? "z" : "t")")
    }
    var out = self
    var fits: [FittedStep.ColumnFit] = []
    var columns: [PreparedColumn] = []
    for name in names {
      let values = try numbers(name, for: verb.rawValue, asModelsRead: true)
      let learned = try fit(selected(values, rows))
      let fitted = FittedStep.ColumnFit(input: name, output: name + suffix, parameters: learned.parameters)
      if !suffix.isEmpty {
        let step = FittedStep(verb: verb, method: method, columns: [fitted])
        try out.setColumn(.doubles(name + suffix, merged(try step.unitChange(values, fitted), values, rows)))
      }
      fits.append(fitted)
      columns.append(PreparedColumn(input: name, output: name + suffix, note: learned.note))
    }
    let step = FittedStep(verb: verb, method: method, columns: fits)
    return PreparedFrame(frame: out.recording(step, restricted: rows != nil), columns: columns)
  }
}
