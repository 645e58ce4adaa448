/// Fitting the steps that keep units but change extreme values: clip to given bounds,
/// winsorize to percentiles (scipy.stats.mstats.winsorize), and outliers by IQR, z-score or
/// MAD fences (flag, drop or clip).
extension DataFrame {
  /// Limits `names` to `low…high` on the selected rows.
  func clipping(_ names: [String], low: Double, high: Double, rows: [Bool]? = nil) throws -> PreparedFrame {
    guard low <= high else { throw EngineError.invalidParameter(name: "min", value: "\(low)", reason: "min= must not be above max=") }
    return try limiting(names, verb: .clip, method: "bounds", rows: rows) { _ in (low, high) }
  }

  /// Raises the lowest ⌊lower·n⌋ values and lowers the highest ⌊(1−upper)·n⌋ of each column.
  func winsorizing(_ names: [String], lower: Double, upper: Double, rows: [Bool]? = nil) throws -> PreparedFrame {
    try limiting(names, verb: .winsorize, method: "percentiles", rows: rows) { try Winsorizer.bounds(present: $0, lower: lower, upper: upper) }
  }

  private func limiting(
    _ names: [String], verb: PreparationVerb, method: String, rows: [Bool]?, bounds: ([Double]) throws -> (low: Double, high: Double)
  ) throws -> PreparedFrame {
    var out = self
    var fits: [FittedStep.ColumnFit] = []
    var columns: [PreparedColumn] = []
    for name in names {
      let column = try self.column(name)
      guard let present = Winsorizer.presentValues(column, rows: rows) else {
        _ = try numbers(name, for: verb.rawValue)  // says what is wrong with the column
        continue
      }
      let (low, high) = try bounds(consume present)
      guard let (limited, changed) = Winsorizer.limit(column, low: low, high: high, rows: rows) else { continue }
      try out.setColumn(limited)
      fits.append(FittedStep.ColumnFit(input: name, output: name, parameters: ["low": low, "high": high]))
      columns.append(PreparedColumn(input: name, output: name, note: "\(ValueFormatter.number(low))…\(ValueFormatter.number(high))", count: changed))
    }
    let step = FittedStep(verb: verb, method: method, columns: fits)
    return PreparedFrame(frame: out.recording(step, restricted: rows != nil), columns: columns)
  }

  /// Finds values outside each column's fences (fitted on the selected rows) and flags them
  /// in `column_outlier`, drops their rows, or clips them to the fences.
  func outliers(_ names: [String], method: OutlierMethod, factor: Double, action: OutlierAction, rows: [Bool]? = nil) throws -> PreparedFrame {
    guard factor > 0 else { throw EngineError.invalidParameter(name: "factor", value: "\(factor)", reason: "factor= must be above 0") }
    var out = self
    var drop = [Bool](repeating: false, count: rowCount)
    var fits: [FittedStep.ColumnFit] = []
    var columns: [PreparedColumn] = []
    for name in names {
      let values = try numbers(name, for: "outliers")
      let fence = try OutlierDetector.fences(selected(values, rows), method: method, factor: factor)
      let flags = values.indices.map { i in (rows?[i] ?? true) && !values[i].isNaN && (values[i] < fence.low || values[i] > fence.high) }
      var output = name
      switch action {
      case .flag:
        output = name + "_outlier"
        try out.setColumn(.bools(output, flags.indices.map { values[$0].isNaN || !(rows?[$0] ?? true) ? nil : flags[$0] }))
      case .drop:
        for i in flags.indices where flags[i] { drop[i] = true }
      case .clip:
        try out.setColumn(.doubles(name, merged(Winsorizer.clip(values, low: fence.low, high: fence.high).0, values, rows)))
      }
      fits.append(FittedStep.ColumnFit(input: name, output: output, parameters: ["low": fence.low, "high": fence.high]))
      columns.append(PreparedColumn(input: name, output: output, note: "outside \(ValueFormatter.number(fence.low))…\(ValueFormatter.number(fence.high))",
        count: flags.filter { $0 }.count))
    }
    if action == .drop { out = out.keeping(drop.map { !$0 }) }
    let step = FittedStep(verb: .outliers, method: "\(method.rawValue) \(action.rawValue)", columns: fits)
    return PreparedFrame(frame: out.recording(step, restricted: rows != nil), columns: columns)
  }
}
