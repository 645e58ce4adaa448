import SegEngine

extension LabelledRows {
  /// The rows `from=` and `where` select, labelled by the column the `slot` positional names;
  /// features from `featureOption`, or else the session's clustering that made the labels.
  init(_ inv: Invocation, slot: String = "labels", featureOption: String, withCategories: Bool) throws {
    let selected = try inv.whereRows(try inv.inputFrame().frame)
    let labelColumn = try selected.resolveColumns(inv.positionalWords(slot)).first ?? ""
    // A column that holds no labels is said before a missing clustering.
    try selected.requireSegmentLabels(labelColumn, expected: "whole-number segment labels (from cluster or assign)")
    let features = try selected.resolveColumns(inv.names(featureOption))
    var clustered: [String] = []
    if features.isEmpty {
      guard let columns = inv.env.catalog.featureColumns(of: labelColumn) else {
        throw Diagnostic(message: "no clustering in this session made \(labelColumn)", range: inv.positionals(slot).first?.range,
          label: "say which columns to use: \(featureOption)=<columns>")
      }
      clustered = columns
    }
    try self.init(selected, labelColumn: labelColumn, features: features, clusteredColumns: clustered,
      categoriesExcept: withCategories ? Set(inv.env.catalog.clusterings.keys) : nil)
  }
}
