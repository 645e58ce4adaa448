import SegEngine

/// The labelled rows of a frame as `profile` and `explain` read them: their labels, and the
/// feature columns in original units (scale and transform steps undone).
struct SegmentView {
  let labelName: String
  /// The labelled rows only, original units.
  let frame: DataFrame
  let labels: [Int]
  let features: [String]
  /// Feature columns whose scaling or transform was undone, with what was undone.
  let undone: [(String, [String])]

  /// Reads the label column named by the `slot` positional; features come from
  /// `featureOption`, or else the clustering's columns (plus, with `withCategories`,
  /// text columns of 2–20 values).
  init(_ inv: Invocation, slot: String = "labels", featureOption: String, withCategories: Bool) throws {
    let (_, input) = try inv.inputFrame()
    let selected = try inv.whereRows(input)
    labelName = try selected.resolveColumns(inv.positionalWords(slot)).first ?? ""
    let values = try selected.segmentLabels(labelName, expected: "whole-number segment labels (from cluster or assign)")
    let rows = values.indices.filter { !values[$0].isNaN }
    guard !rows.isEmpty else { throw EngineError.emptyInput("\(labelName) has no labelled rows") }
    var features = try selected.resolveColumns(inv.names(featureOption))
    if features.isEmpty {
      guard let clustered = inv.env.featureColumns(of: labelName) else {
        throw Diagnostic(message: "no clustering in this session made \(labelName)", range: inv.positionals(slot).first?.range,
          label: "say which columns to use: \(featureOption)=<columns>")
      }
      features = clustered.filter { selected.index(of: $0) != nil }
      if withCategories {
        let derived = Set([labelName, labelName + "_name"] + Array(inv.env.clusterings.keys))
        features += selected.columns.filter { c in
          (c.type == .string || c.type == .bool) && !derived.contains(c.name) && !features.contains(c.name)
            && (2...20).contains(Set((0..<c.count).map { c.value(at: $0) }).subtracting([.missing]).count)
        }.map(\.name)
      }
    }
    var undone: [(String, [String])] = []
    for name in features {
      if let (_, steps) = try selected.originalValues(of: name), !steps.isEmpty { undone.append((name, steps)) }
    }
    self.undone = undone
    self.features = features
    frame = try selected.withOriginalValues().gather(rows)
    labels = rows.map { Int(values[$0]) }
  }

  /// "recency, monetary in original units (scale zscore undone)".
  var undoneNote: String? {
    guard !undone.isEmpty else { return nil }
    let steps = Set(undone.flatMap(\.1)).sorted().joined(separator: ", ")
    return "\(undone.map(\.0).joined(separator: ", ")) shown in original units (\(steps) undone)"
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

extension Environment {
  /// The columns the clustering or model that made `label` read.
  func featureColumns(of label: String) -> [String]? {
    clusterings[label]?.columns ?? assignedColumns[label]
  }
}
