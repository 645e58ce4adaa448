/// The labelled rows of a frame as profiles and explanations read them: each row's segment,
/// and the feature columns in the frame's own units.
public struct LabelledRows: Sendable {
  public let labelColumn: String
  /// The labelled rows only.
  public let frame: DataFrame
  public let labels: [Int]
  public let features: [String]
  /// Clustering columns made by scale or transform with a suffix, and the source columns read instead.
  public let replaced: [(made: String, source: String)]

  /// The rows of `frame` with a label in `labelColumn`. `features` are read as given; when
  /// empty, the clustering's columns are read, each made by a suffixed scale or transform
  /// replaced by its source (so numbers come in the units every other verb shows), plus, with
  /// `categoriesExcept`, the text columns of 2–20 values not in that set.
  public init(_ frame: DataFrame, labelColumn: String, features: [String], clusteredColumns: [String], categoriesExcept: Set<String>? = nil) throws {
    let values = try frame.segmentLabels(labelColumn, expected: "whole-number segment labels (from cluster or assign)")
    let rows = values.indices.filter { !values[$0].isNaN }
    guard !rows.isEmpty else { throw EngineError.emptyInput("\(labelColumn) has no labelled rows") }
    var chosen = features
    var replaced: [(made: String, source: String)] = []
    if chosen.isEmpty {
      for made in clusteredColumns where frame.index(of: made) != nil {
        let source = frame.sourceColumn(of: made)
        if source != made { replaced.append((made, source)) }
        if !chosen.contains(source) { chosen.append(source) }
      }
      if let excluded = categoriesExcept {
        let derived = excluded.union([labelColumn, labelColumn + "_name"])
        chosen += frame.categoryColumns(levels: 2...20).filter { !derived.contains($0) && !chosen.contains($0) }
      }
    }
    self.labelColumn = labelColumn
    self.replaced = replaced
    self.features = chosen
    self.frame = frame.gather(rows)
    labels = rows.map { Int(values[$0]) }
  }

  /// "age_z, income_z shown as age, income (the columns they were made from)".
  public var replacedNote: String? {
    guard !replaced.isEmpty else { return nil }
    return "\(replaced.map(\.made).joined(separator: ", ")) shown as \(replaced.map(\.source).joined(separator: ", ")) (the columns they were made from)"
  }
}

extension DataFrame {
  /// A segment label column's values (missing as NaN); an error unless it holds whole numbers.
  public func segmentLabels(_ name: String, expected: String = "whole-number segment labels") throws -> [Double] {
    try requireSegmentLabels(name, expected: expected).doubles()!
  }

  /// The column `name`, or the error `segmentLabels` gives when it holds no segment labels;
  /// checks the type only, reading no values.
  @discardableResult
  public func requireSegmentLabels(_ name: String, expected: String = "whole-number segment labels") throws -> Column {
    let labels = try column(name)
    guard labels.type == .int else { throw EngineError.typeMismatch(column: name, expected: expected, actual: labels.type.rawValue) }
    return labels
  }
}
