import SegEngine

/// The labelled rows of a frame as `profile` and `explain` read them: their labels, and the
/// feature columns in the frame's own units.
struct SegmentView {
  let labelName: String
  /// The labelled rows only.
  let frame: DataFrame
  let labels: [Int]
  let features: [String]
  /// Clustering columns made by scale or transform with suffix=, and the columns shown instead.
  let replaced: [(made: String, source: String)]

  /// Reads the label column named by the `slot` positional; features come from
  /// `featureOption`, or else the clustering's columns (those made by scale or transform
  /// with suffix= replaced by their source columns, so the numbers read in the units every
  /// other verb shows; plus, with `withCategories`, text columns of 2–20 values).
  init(_ inv: Invocation, slot: String = "labels", featureOption: String, withCategories: Bool) throws {
    let (_, input) = try inv.inputFrame()
    let selected = try inv.whereRows(input)
    labelName = try selected.resolveColumns(inv.positionalWords(slot)).first ?? ""
    let values = try selected.segmentLabels(labelName, expected: "whole-number segment labels (from cluster or assign)")
    let rows = values.indices.filter { !values[$0].isNaN }
    guard !rows.isEmpty else { throw EngineError.emptyInput("\(labelName) has no labelled rows") }
    var features = try selected.resolveColumns(inv.names(featureOption))
    var replaced: [(made: String, source: String)] = []
    if features.isEmpty {
      guard let clustered = inv.env.catalog.featureColumns(of: labelName) else {
        throw Diagnostic(message: "no clustering in this session made \(labelName)", range: inv.positionals(slot).first?.range,
          label: "say which columns to use: \(featureOption)=<columns>")
      }
      for made in clustered where selected.index(of: made) != nil {
        let source = selected.sourceColumn(of: made)
        if source != made { replaced.append((made, source)) }
        if !features.contains(source) { features.append(source) }
      }
      if withCategories {
        let derived = Set([labelName, labelName + "_name"] + Array(inv.env.catalog.clusterings.keys))
        features += selected.categoryColumns(levels: 2...20).filter { !derived.contains($0) && !features.contains($0) }
      }
    }
    self.replaced = replaced
    self.features = features
    frame = selected.gather(rows)
    labels = rows.map { Int(values[$0]) }
  }

  /// "age_z, income_z shown as age, income (the columns they were made from)".
  var replacedNote: String? {
    guard !replaced.isEmpty else { return nil }
    return "\(replaced.map(\.made).joined(separator: ", ")) shown as \(replaced.map(\.source).joined(separator: ", ")) (the columns they were made from)"
  }
}

extension DataFrame {
  /// A segment label column's values (missing as NaN); an error unless it holds whole numbers.
  func segmentLabels(_ name: String, expected: String = "whole-number segment labels") throws -> [Double] {
    let labels = try column(name)
    guard labels.type == .int, let values = labels.doubles() else {
      throw EngineError.typeMismatch(column: name, expected: expected, actual: labels.type.rawValue)
    }
    return values
  }
}
