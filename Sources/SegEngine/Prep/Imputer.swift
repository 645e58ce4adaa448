/// How `impute` chooses the value that fills missing cells (scikit-learn's SimpleImputer).
public enum ImputeStrategy: String, Sendable, CaseIterable, Codable {
  case mean, median, mode, constant
  /// A linear model of other columns (`RegressionImputer`).
  case regression
  /// The mean of the k nearest rows (`KNNImputer`).
  case knn
}

/// Fits and applies fill values for missing cells.
public enum Imputer {
  /// The fill value for a column: mean or median of present numbers, the most frequent
  /// value (ties go to the smallest, as SimpleImputer), or the given constant.
  public static func fit(_ column: Column, strategy: ImputeStrategy, constant: Scalar?) throws -> Scalar {
    switch strategy {
    case .constant:
      guard let constant, !constant.isMissing else {
        throw EngineError.invalidParameter(name: "value", value: "(none)", reason: "strategy=constant needs value=")
      }
      return constant
    case .mean, .median:
      guard column.type.isNumeric, let d = column.doubles() else {
        throw EngineError.typeMismatch(
          column: column.name, expected: "numbers for strategy=\(strategy.rawValue) (use mode or constant for \(column.type.rawValue))",
          actual: column.type.rawValue)
      }
      let present = Statistics.present(d)
      guard !present.isEmpty else { throw EngineError.emptyInput("column \"\(column.name)\" has no values to learn a fill value from") }
      return .double(strategy == .mean ? Statistics.mean(present) : Statistics.quantile(unsorted: present, 0.5))
    case .regression, .knn:
      throw EngineError.invalidParameter(
        name: "strategy", value: strategy.rawValue, reason: "learns from other columns, not one fill value")
    case .mode:
      var counts: [Scalar: Int] = [:]
      for i in 0..<column.count {
        let v = column.value(at: i)
        if !v.isMissing { counts[v, default: 0] += 1 }
      }
      guard let best = counts.max(by: { a, b in a.value != b.value ? a.value < b.value : ScalarOrder.less(b.key, a.key) }) else {
        throw EngineError.emptyInput("column \"\(column.name)\" has no values to learn a fill value from")
      }
      return best.key
    }
  }

  /// The column with missing cells (where `rows` allows) set to `value`; numbers filled into
  /// a whole-number column with a fractional value make it decimal.
  public static func apply(_ column: Column, value: Scalar, rows: [Bool]? = nil) throws -> (Column, filled: Int) {
    // A decimal fill value makes a whole-number column decimal (as scikit-learn's floats).
    var type = column.type
    if type == .int, case .double = value { type = .double }
    guard value.type == type || (type == .double && value.type == .int) else {
      throw EngineError.typeMismatch(column: column.name, expected: "a fill value of type \(column.type.rawValue)", actual: value.type?.rawValue ?? "missing")
    }
    // Numbers: fill the buffer directly instead of going through one value at a time.
    if type == .double || type == .int, let fill = value.doubleValue, var numbers = column.doubles() {
      var filled = 0
      for i in numbers.indices where numbers[i].isNaN && (rows?[i] ?? true) {
        numbers[i] = fill
        filled += 1
      }
      if type == .int, case .int(var ints) = column.storage {
        var mask = column.validity ?? ValidityMask(allValid: column.count)
        for i in numbers.indices where !numbers[i].isNaN && !column.isValid(i) {
          ints[i] = Int(fill)
          mask[i] = true
        }
        return (Column(name: column.name, storage: .int(ints), validity: mask), filled)
      }
      return (.doubles(column.name, numbers), filled)
    }
    var filled = 0
    let values = (0..<column.count).map { i -> Scalar in
      let v = column.value(at: i)
      guard v.isMissing, rows?[i] ?? true else { return v }
      filled += 1
      return value
    }
    let converted = values.map { v -> Scalar in
      if type == .double, case .int(let x) = v { return .double(Double(x)) }
      return v
    }
    return (Column.fromScalars(column.name, type: type, converted), filled)
  }
}
