import SegEngine

/// The rows of a segmentation that scores read (`evaluate`, `plot silhouette`): the labelled,
/// non-noise rows, with the number columns of the clustering that made the labels (or of
/// using=) as a matrix, read as models read them.
struct ScoredSegments {
  let labelName: String
  /// The rows `from=` and `where` select.
  let frame: DataFrame
  /// The labelled, non-noise rows of `frame` with their features.
  let rows: ScoredRows

  /// Reads the label column named by the `slot` positional.
  init(_ inv: Invocation, slot: String) throws {
    let (_, input) = try inv.inputFrame()
    let frame = try inv.whereRows(input)
    let labelName = try frame.resolveColumns(inv.positionalWords(slot)).first ?? ""
    let using = inv.names("using")
    guard let columns = using.isEmpty ? inv.env.catalog.featureColumns(of: labelName) : try frame.resolveColumns(using) else {
      throw Diagnostic(message: "no clustering in this session made \(labelName)", range: inv.positionals(slot).first?.range,
        label: "say which columns to score on: using=<columns>")
    }
    let rows = try ScoredRows(frame, labelColumn: labelName, columns: columns)
    guard !rows.scored.isEmpty else {
      throw Diagnostic(category: .runtime, message: "every row of \(labelName) is noise (-1) or missing: there are no segments to score",
        range: inv.positionals(slot).first?.range, help: "for dbscan, a larger eps or a smaller min_samples makes clusters (kdist suggests eps)")
    }
    (self.frame, self.labelName, self.rows) = (frame, labelName, rows)
  }
}
