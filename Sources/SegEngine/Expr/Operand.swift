/// An intermediate result while evaluating an expression: a constant or a whole column.
enum Operand {
  case scalar(Scalar)
  case column(Column)

  /// The value type, or nil for a missing constant (which fits any type).
  var type: DataType? {
    switch self {
    case .column(let c): c.type
    case .scalar(let s): s.type
    }
  }

  /// A full column of `n` rows.
  func materialize(_ n: Int, name: String = "") -> Column {
    switch self {
    case .column(var c):
      c.name = name
      return c
    case .scalar(let s):
      return Column.fromScalars(name, type: type ?? .double, Array(repeating: s, count: n))
    }
  }

  /// Numeric view (bool as 0/1; missing as NaN), or nil when not numeric.
  func numbers() -> NumberView? {
    switch self {
    case .column(let c): c.doubles().map { NumberView(array: $0, constant: 0) }
    case .scalar(.missing): NumberView(array: nil, constant: .nan)
    case .scalar(let s): s.doubleValue.map { NumberView(array: nil, constant: $0) }
    }
  }

  /// Integer view of int, date and datetime values, with validity.
  func integers() -> IntegerView? {
    switch self {
    case .column(let c):
      switch c.storage {
      case .int(let v), .date(let v), .datetime(let v): IntegerView(array: v, constant: 0, mask: c.validity, constantMissing: false)
      default: nil
      }
    case .scalar(.int(let v)), .scalar(.date(let v)), .scalar(.datetime(let v)):
      IntegerView(array: nil, constant: v, mask: nil, constantMissing: false)
    case .scalar(.missing): IntegerView(array: nil, constant: 0, mask: nil, constantMissing: true)
    case .scalar: nil
    }
  }
}

/// Doubles from a column or a broadcast constant; NaN is missing.
struct NumberView {
  let array: [Double]?
  let constant: Double
  @inline(__always) subscript(i: Int) -> Double { array?[i] ?? constant }
}

/// Integers from a column or a broadcast constant, with their validity.
struct IntegerView {
  let array: [Int]?
  let constant: Int
  let mask: ValidityMask?
  let constantMissing: Bool
  @inline(__always) subscript(i: Int) -> Int { array?[i] ?? constant }
  @inline(__always) func isValid(_ i: Int) -> Bool { !constantMissing && (mask?[i] ?? true) }
}
