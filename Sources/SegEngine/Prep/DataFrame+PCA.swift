/// Principal components as new columns (`pc1`, `pc2`, …), fitted on the selected rows of the
/// columns as models read them and applied to every row, as scikit-learn's PCA.
extension DataFrame {
  func principalComponents(_ names: [String], components k: Int, prefix: String = "pc", rows: [Bool]? = nil) throws -> PreparedFrame {
    let columns = try names.map { try numbers($0, for: "pca", asModelsRead: true) }
    let model = try PCA.fit(columns.map { selected($0, rows) }, components: k)
    var out = self
    var fits: [FittedStep.ColumnFit] = []
    for (c, scores) in model.transform(columns).enumerated() {
      let output = "\(prefix)\(c + 1)"
      try out.setColumn(.doubles(output, scores))
      var parameters: [String: Double] = [:]
      for (j, column) in names.enumerated() {
        parameters["mean:" + column] = model.mean[j]
        parameters["weight:" + column] = model.components[c][j]
      }
      fits.append(FittedStep.ColumnFit(input: names.joined(separator: ","), output: output, parameters: parameters))
    }
    // Fitted on some rows, applied to all: it replays.
    let step = FittedStep(verb: .pca, method: "covariance", columns: fits)
    let made = zip(fits, model.explainedVarianceRatio).map { PreparedColumn(input: $0.input, output: $0.output, varianceShare: $1) }
    return PreparedFrame(frame: out.recording(step, restricted: false), columns: made)
  }
}
