import SegEngine

/// Preparation verbs (impute, clip, winsorize, outliers, transform, scale, encode, pca) on
/// the frame the command reads, in seg or on a cluster.
extension Invocation {
  /// Resolves the command's column names against the frame it reads, wherever it is.
  func inputColumns(_ patterns: [String]) throws -> [String] {
    if let (_, remote) = clusterInput() { return try remote.resolveColumns(patterns) }
    return try inputFrame().frame.resolveColumns(patterns)
  }

  /// Fits `step` on the frame the command reads (the rows `where` selects) and stores the
  /// result; what the step did to each column, and how many rows it removed.
  ///
  /// On a cluster the step is fitted by seg's own code on the columns it reads, brought back
  /// (a seeded sample of the pull limit's size past it), so it learns what it learns in seg;
  /// what it learned is then applied to every row where the rows are, as SQL, and a step
  /// that changes the units models read joins the frame's pipeline without touching its values.
  func fitPreparation(_ step: PreparationStep) throws -> (columns: [PreparedColumn], removedRows: Int) {
    guard let (name, remote) = clusterInput() else {
      let (name, frame) = try inputFrame()
      let prepared = try step.fit(frame, rows: try whereFlags(frame))
      env.catalog.store(prepared.frame, as: name)
      return (prepared.columns, frame.rowCount - prepared.frame.rowCount)
    }
    if let condition = arguments.condition {
      throw Diagnostic(message: "\(command.verb) … where is not lowered to Spark yet", range: condition.range, label: "filter first, into a frame of its own")
    }
    let read = LogicalPlan.project(remote.plan, step.inputColumns)
    var rows: DataFrame
    if let all = try cluster().collectAll(read, atMost: pullLimit) {
      rows = all
    } else {
      rows = try cluster().sample(read, rows: pullLimit, seed: 0)
      warning("\(name) has more than \(grouped(pullLimit)) rows: \(command.verb) learned from a seeded sample of \(grouped(pullLimit)) of them (seed 0) and changes every row on Spark")
    }
    rows = env.catalog.stamped(rows)
    rows.pipeline = remote.pipeline
    let prepared = try step.fit(rows)
    guard let fitted = prepared.frame.pipeline.last else { return (prepared.columns, 0) }
    let pipeline = remote.pipeline + [fitted]
    if fitted.isFeatureStep {
      var frame = remote
      frame.pipeline = pipeline
      env.catalog.store(frame, as: name)
    } else {
      let wholeNumbers = Set(try fitted.outputColumns.filter { try prepared.frame.column($0).type == .int })
      try storeResolved(.prepare(remote.plan, fitted, through: remote.featureSteps, wholeNumbers: wholeNumbers), as: name, pipeline: pipeline)
    }
    return (prepared.columns, 0)
  }
}
