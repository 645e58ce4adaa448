/// One meaning per column name: a scale or transform written in place does not change the
/// frame's values (every verb that shows, filters, aggregates or exports a column reads the
/// customer's own units); it is recorded in the frame's pipeline as a feature step, and the
/// verbs that fit models read the column through it.
extension FittedStep {
  /// Whether the step changes what a number means (scale, transform) rather than some of
  /// the values (impute, clip, winsorize, outliers keep the units).
  public var changesUnits: Bool { verb == .scale || verb == .transform }

  /// A scale or transform written in place: the frame keeps the column, models read it
  /// through this step.
  public var isFeatureStep: Bool { changesUnits && columns.allSatisfy { $0.input == $0.output } }

  /// `values` of `fit.input` through this step (scale or transform), as models read them.
  public func unitChange(_ values: [Double], _ fit: ColumnFit) throws -> [Double] {
    let p = fit.parameters
    switch verb {
    case .scale:
      guard let center = p["center"], let scale = p["scale"] else { throw unreadable(fit, "its centre and scale") }
      return Scaler.apply(values, center: center, scale: scale)
    case .transform:
      guard let method = TransformMethod(rawValue: method) else { throw unreadable(fit, "a known transform") }
      if method == .boxcox || method == .yeojohnson, p["lambda"] == nil { throw unreadable(fit, "its λ") }
      return PowerTransform.apply(values, method: method, lambda: p["lambda"])
    default:
      throw unreadable(fit, "a change of units")
    }
  }

  private func unreadable(_ fit: ColumnFit, _ what: String) -> EngineError {
    .invalidParameter(name: "\(verb) \(method)", value: fit.input, reason: "the recorded step lacks \(what); fit it again")
  }
}

extension DataFrame {
  /// The feature steps models read `name` through, in the order they were fitted.
  func featureSteps(of name: String) -> [(step: FittedStep, fit: FittedStep.ColumnFit)] {
    pipeline.compactMap { step in
      guard step.isFeatureStep, let fit = step.columns.first(where: { $0.input == name }) else { return nil }
      return (step, fit)
    }
  }

  /// Column `name` as models read it: its values through the frame's feature steps for it.
  /// A column without such steps comes back as it is.
  public func modelColumn(_ name: String) throws -> Column {
    let column = try column(name)
    let steps = featureSteps(of: name)
    guard !steps.isEmpty else { return column }
    guard column.type.isNumeric, var values = column.doubles() else {
      throw EngineError.typeMismatch(column: name, expected: "numbers, as when it was \(steps[0].step.verb)d", actual: column.type.rawValue)
    }
    for (step, fit) in steps { values = try step.unitChange(values, fit) }
    return .doubles(name, values)
  }

  /// This frame as models read it (cluster, sweep, evaluate, kdist, pca): every column
  /// with feature steps replaced by its prepared values, the rest as they are.
  public func modelView() throws -> DataFrame {
    var out = self
    for name in preparedColumns { try out.setColumn(modelColumn(name)) }
    return out
  }

  /// The frame's columns that models read through feature steps, in frame order.
  public var preparedColumns: [String] {
    let prepared = Set(pipeline.filter(\.isFeatureStep).flatMap { $0.columns.map(\.input) })
    return columnNames.filter(prepared.contains)
  }

  /// This frame's feature steps for the columns a join brings over, under the names they
  /// get there (`rename` returns nil for a column not brought), so models read a joined
  /// column as they read it before the join.
  func featureSteps(joinedAs rename: (String) -> String?) -> [FittedStep] {
    pipeline.compactMap { step in
      guard step.isFeatureStep else { return nil }
      var carried = step
      carried.columns = step.columns.compactMap { fit in
        rename(fit.input).map { FittedStep.ColumnFit(input: $0, output: $0, parameters: fit.parameters, text: fit.text, categories: fit.categories) }
      }
      return carried.columns.isEmpty ? nil : carried
    }
  }

  /// The column a scale or transform with suffix= made `name` from, followed back to a
  /// column no such step made (income_log_z → income); `name` itself otherwise.
  public func sourceColumn(of name: String) -> String {
    var current = name
    for step in pipeline.reversed() where step.changesUnits {
      if let fit = step.columns.first(where: { $0.output == current && $0.input != current }) { current = fit.input }
    }
    return index(of: current) == nil ? name : current
  }
}
