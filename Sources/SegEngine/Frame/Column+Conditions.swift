/// Using a true/false column to pick rows and values.
extension Column {
  /// For each row, whether the value is true and present. The column must be Bool.
  public func trueFlags() throws -> [Bool] {
    guard case .bool(let v) = storage else {
      throw EngineError.invalidExpression("the condition gives \(type.rawValue) values, not true/false")
    }
    guard let validity else { return v }
    return v.indices.map { v[$0] && validity[$0] }
  }

  /// Indices of rows that are true and present.
  public func trueRows() throws -> [Int] {
    let flags = try trueFlags()
    return flags.indices.filter { flags[$0] }
  }

  /// This column's value where `take` is true, and `other`'s (or missing) elsewhere.
  /// Whole numbers mixed with decimals give decimals; other mixes are an error.
  public func merged(taking take: [Bool], otherwise other: Column?) throws -> Column {
    var type = self.type
    if let other, other.type != type {
      guard other.type.isNumeric && type.isNumeric else {
        throw EngineError.typeMismatch(
          column: other.name, expected: "\(type.rawValue) values like the new ones", actual: other.type.rawValue)
      }
      type = .double
    }
    let values = take.indices.map { i -> Scalar in
      let v = take[i] ? value(at: i) : (other?.value(at: i) ?? .missing)
      if type == .double, case .int(let x) = v { return .double(Double(x)) }
      return v
    }
    return Column.fromScalars(name, type: type, values)
  }
}

extension DataFrame {
  /// Keeps the rows where `keep` is true.
  public func keeping(_ keep: [Bool]) -> DataFrame {
    gather(keep.indices.filter { keep[$0] })
  }
}
