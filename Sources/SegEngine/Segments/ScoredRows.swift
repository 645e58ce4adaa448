/// The rows of a segmentation that scores read: every row's label, the labelled rows that
/// are not noise, and the numeric columns of those rows as models read them.
public struct ScoredRows: Sendable {
  /// Every row's label (NaN: missing).
  public let all: [Double]
  /// The rows scored (labelled and not noise), as row numbers of the frame.
  public let scored: [Int]
  public let x: FeatureMatrix
  /// The label of each scored row.
  public let labels: [Int]

  /// Reads `labelColumn` (whole-number labels) and the numeric ones of `columns`.
  public init(_ frame: DataFrame, labelColumn: String, columns: [String]) throws {
    let labels = try frame.column(labelColumn)
    guard labels.type == .int, let all = labels.doubles() else {
      throw EngineError.typeMismatch(column: labelColumn, expected: "whole-number segment labels", actual: labels.type.rawValue)
    }
    let numeric = try columns.map { try frame.modelColumn($0) }.filter { $0.type.isNumeric }
    let scored = all.indices.filter { !all[$0].isNaN && all[$0] >= 0 }
    x = try FeatureMatrix(columns: numeric.map { c in let v = c.doubles()!; return scored.map { v[$0] } }, names: numeric.map(\.name))
    self.labels = scored.map { Int(all[$0]) }
    (self.all, self.scored) = (all, scored)
  }
}
