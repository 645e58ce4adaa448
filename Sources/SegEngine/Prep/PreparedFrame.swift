/// A preparation step fitted on a frame: the frame it gives, with the step at the end of its
/// pipeline, and per column what was written and learned, for messages.
public struct PreparedFrame: Sendable {
  public var frame: DataFrame
  /// Per input column, in order.
  public var columns: [PreparedColumn]
}

/// What a step did to one column.
public struct PreparedColumn: Sendable, Equatable {
  public var input: String
  public var output: String
  /// What was learned, in words (`λ = 0.21`, `outside 12…80`, `with 39.5`), when worth saying.
  public var note: String?
  /// Values changed, rows flagged or dropped, where the step counts them.
  public var count: Int?
  /// pca: the share of the variance this component explains.
  public var varianceShare: Double?
}

extension DataFrame {
  /// `column`'s numbers, or an error that names the verb that needs them.
  func numbers(_ name: String, for verb: String, asModelsRead: Bool = false) throws -> [Double] {
    let column = asModelsRead ? try modelColumn(name) : try column(name)
    guard column.type.isNumeric, let values = column.doubles() else {
      throw EngineError.typeMismatch(column: name, expected: "numbers for \(verb) (encode text first)", actual: column.type.rawValue)
    }
    return values
  }

  /// This frame with `step` added to its pipeline, marked restricted when `where` changed
  /// some rows only (such a step cannot be replayed on new rows).
  func recording(_ step: FittedStep, restricted: Bool) -> DataFrame {
    var out = self
    var step = step
    step.restricted = restricted
    out.pipeline.append(step)
    return out
  }
}

/// The values of the selected rows (all when `rows` is nil): what a step fits on.
func selected(_ values: [Double], _ rows: [Bool]?) -> [Double] {
  guard let rows else { return values }
  return values.indices.filter { rows[$0] }.map { values[$0] }
}

/// `changed` on the selected rows and `original` elsewhere.
func merged(_ changed: [Double], _ original: [Double], _ rows: [Bool]?) -> [Double] {
  guard let rows else { return changed }
  return changed.indices.map { rows[$0] ? changed[$0] : original[$0] }
}
