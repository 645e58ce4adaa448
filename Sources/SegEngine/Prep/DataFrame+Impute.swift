/// Filling missing values: a value learned per column (mean, median, mode or a constant, as
/// scikit-learn's SimpleImputer), a least-squares prediction from other columns, or the mean
/// of the k most similar rows (KNNImputer).
extension DataFrame {
  /// Fills `names` with a value fitted on the selected rows; only those rows are filled.
  func imputing(_ names: [String], strategy: ImputeStrategy, constant: Scalar? = nil, rows: [Bool]? = nil) throws -> PreparedFrame {
    guard strategy != .regression && strategy != .knn else {
      throw EngineError.invalidParameter(name: "strategy", value: strategy.rawValue, reason: "it learns from other columns: use imputingByRegression or imputingByNeighbours")
    }
    var out = self
    var fits: [FittedStep.ColumnFit] = []
    var columns: [PreparedColumn] = []
    for name in names {
      let column = try self.column(name)
      let fitted = rows.map { flags in column.gather(flags.indices.filter { flags[$0] }) } ?? column
      let value = try Imputer.fit(fitted, strategy: strategy, constant: constant)
      let (filledColumn, filled) = try Imputer.apply(column, value: value, rows: rows)
      try out.setColumn(filledColumn)
      let numeric = value.type?.isNumeric == true
      fits.append(FittedStep.ColumnFit(input: name, output: name, parameters: (numeric ? ["value": value.doubleValue!] : [:]).merging(Self.missingness(fitted)) { a, _ in a },
        text: numeric ? nil : ValueFormatter.plain(value)))
      columns.append(PreparedColumn(input: name, output: name, note: "with \(ValueFormatter.display(value))", count: filled))
    }
    let step = FittedStep(verb: .impute, method: strategy.rawValue, columns: fits)
    return PreparedFrame(frame: out.recording(step, restricted: rows != nil), columns: columns)
  }

  /// How many of the rows a fill step learned from were missing, and of how many: what
  /// `monitor` compares new customers' missing values with (the fill hides them after).
  static func missingness(_ column: Column) -> [String: Double] {
    ["missing": Double(column.absentCount), "rows": Double(column.count)]
  }

  /// Fills each of `names` from a straight line through `using`, fitted on complete rows.
  /// A row whose predictors are missing too stays missing (the note says how many).
  func imputingByRegression(_ names: [String], using: [String]) throws -> PreparedFrame {
    guard !using.isEmpty else { throw EngineError.invalidParameter(name: "using", value: "none", reason: "regression needs predictor columns") }
    if let target = names.first(where: using.contains) {
      throw EngineError.invalidParameter(name: "using", value: target, reason: "\(target) cannot predict itself")
    }
    let predictors = try using.map { try numbers($0, for: "impute") }
    var out = self
    var fits: [FittedStep.ColumnFit] = []
    var columns: [PreparedColumn] = []
    for name in names {
      let values = try numbers(name, for: "impute")
      let coefficients = try RegressionImputer.fit(target: values, predictors: predictors)
      let (filledValues, filled) = RegressionImputer.fill(target: values, predictors: predictors, coefficients: coefficients)
      try out.setColumn(.doubles(name, filledValues))
      var parameters = ["intercept": coefficients[0]]
      for (j, p) in using.enumerated() { parameters["coef:" + p] = coefficients[j + 1] }
      fits.append(FittedStep.ColumnFit(input: name, output: name, parameters: parameters.merging(Self.missingness(try column(name))) { a, _ in a }))
      let left = filledValues.filter(\.isNaN).count
      columns.append(PreparedColumn(input: name, output: name, note: left > 0 ? "(\(left) left missing: their predictors are missing too)" : nil, count: filled))
    }
    let step = FittedStep(verb: .impute, method: ImputeStrategy.regression.rawValue, columns: fits)
    return PreparedFrame(frame: out.recording(step, restricted: false), columns: columns)
  }

  /// Fills `names` with the mean of the k nearest rows, measured on `names` and `using`, scaled.
  func imputingByNeighbours(_ names: [String], using: [String], k: Int) throws -> PreparedFrame {
    let all = names + using.filter { !names.contains($0) }
    let result = try KNNImputer.fill(try all.map { try numbers($0, for: "impute") }, k: k)
    var out = self
    var fits: [FittedStep.ColumnFit] = []
    var columns: [PreparedColumn] = []
    for (j, name) in names.enumerated() {
      try out.setColumn(.doubles(name, result.columns[j]))
      fits.append(FittedStep.ColumnFit(input: name, output: name, parameters: ["k": Double(k)].merging(Self.missingness(try column(name))) { a, _ in a }))
      columns.append(PreparedColumn(input: name, output: name, count: result.filled[j]))
    }
    let step = FittedStep(verb: .impute, method: ImputeStrategy.knn.rawValue, columns: fits)
    return PreparedFrame(frame: out.recording(step, restricted: false), columns: columns)
  }
}
