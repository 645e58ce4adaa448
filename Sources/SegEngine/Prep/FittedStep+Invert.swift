import Foundation

/// Undoing the steps that only change units (scale, transform), so that profiles, tree
/// rules and personalization rules speak in the customer's own numbers (days, euros).
extension FittedStep {
  /// Whether this step's output is still in the input's units (a fill or a limit changes
  /// some values but not what they mean).
  var keepsUnits: Bool { ["impute", "clip", "winsorize", "outliers"].contains(verb) }

  /// `values` of `fit.output` mapped back to `fit.input`'s units, or nil when the step
  /// cannot be undone (encode, pca).
  func undo(_ values: [Double], _ fit: ColumnFit) -> [Double]? {
    let p = fit.parameters
    switch verb {
    case "scale":
      let (center, scale) = (p["center"] ?? 0, p["scale"] ?? 1)
      return values.map { $0 * scale + center }
    case "transform":
      guard let method = TransformMethod(rawValue: method) else { return nil }
      return values.map { Self.undo($0, method: method, lambda: p["lambda"] ?? 1) }
    default:
      return keepsUnits ? values : nil
    }
  }

  static func undo(_ y: Double, method: TransformMethod, lambda l: Double) -> Double {
    switch method {
    case .log: return exp(y)
    case .log1p: return expm1(y)
    case .sqrt: return y * y
    case .boxcox: return abs(l) < 1e-12 ? exp(y) : pow(l * y + 1, 1 / l)
    case .yeojohnson:
      // The transform keeps the sign, so y ≥ 0 came from x ≥ 0.
      if y >= 0 { return abs(l) < 1e-12 ? expm1(y) : pow(l * y + 1, 1 / l) - 1 }
      return abs(l - 2) < 1e-12 ? -expm1(-y) : 1 - pow(1 - (2 - l) * y, 1 / (2 - l))
    }
  }
}

extension DataFrame {
  /// The values `name` had before this frame's scale and transform steps changed them, and
  /// the steps undone ("scale zscore", …). Columns no step touched come back unchanged.
  public func originalValues(of name: String) throws -> (values: [Double], undone: [String])? {
    let column = try column(name)
    guard column.type.isNumeric, var values = column.doubles() else { return nil }
    var current = name
    var undone: [String] = []
    for step in pipeline.reversed() {
      guard let fit = step.columns.first(where: { $0.output == current }) else { continue }
      guard let before = step.undo(values, fit) else { break }
      if !step.keepsUnits { undone.append("\(step.verb) \(step.method)") }
      values = before
      current = fit.input
    }
    return (values, undone.reversed())
  }

  /// This frame with every scaled or transformed column put back in its original units.
  public func withOriginalValues() throws -> DataFrame {
    var out = self
    for name in columnNames {
      guard let (values, undone) = try originalValues(of: name), !undone.isEmpty else { continue }
      let wasInt = try column(name).type == .int
      try out.setColumn(wasInt ? .ints(name, values.map { $0.isNaN ? nil : Int($0.rounded()) }) : .doubles(name, values))
    }
    return out
  }
}
