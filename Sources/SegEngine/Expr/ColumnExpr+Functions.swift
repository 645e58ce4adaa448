import Foundation

/// The functions expressions can call, with how many arguments each takes.
public enum ExpressionFunctions {
  public static let arity: [String: ClosedRange<Int>] = [
    "log": 1...1, "log1p": 1...1, "sqrt": 1...1, "abs": 1...1, "round": 1...2, "min": 1...32, "max": 1...32,
    "if": 3...3, "coalesce": 1...32, "lower": 1...1, "upper": 1...1, "contains": 2...2,
    "starts_with": 2...2, "year": 1...1, "month": 1...1, "weekday": 1...1, "days_between": 2...2,
    "today": 0...0,
  ]
}

extension ExpressionEvaluator {
  func call(_ name: String, _ args: [Operand]) throws -> Operand {
    guard let arity = ExpressionFunctions.arity[name] else {
      throw EngineError.invalidExpression("unknown function \(name)()")
    }
    guard arity.contains(args.count) else {
      throw EngineError.invalidExpression("\(name)() takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)") argument(s), got \(args.count)")
    }
    switch name {
    case "log": return try unaryMath(name, args[0]) { $0 > 0 ? Foundation.log($0) : .nan }
    case "log1p": return try unaryMath(name, args[0]) { $0 > -1 ? Foundation.log1p($0) : .nan }
    case "sqrt": return try unaryMath(name, args[0]) { $0 >= 0 ? $0.squareRoot() : .nan }
    case "abs":
      if args[0].type == .int, let x = args[0].integers() {
        // |Int.min| is beyond the range: an error, as any whole-number overflow.
        if let row = (0..<n).first(where: { x.isValid($0) && x[$0] == .min }) {
          throw EngineError.invalidExpression("abs() of -9,223,372,036,854,775,808 is beyond the whole-number range (row \(row + 1)); write abs(1.0 * x)")
        }
        return .column(Column(name: "", storage: .int((0..<n).map { abs(x[$0]) }), validity: x.mask))
      }
      return try unaryMath(name, args[0]) { Swift.abs($0) }
    case "round":
      var digits = 0
      if args.count == 2 {
        guard case .scalar(.int(let d)) = args[1] else {
          throw EngineError.invalidExpression("round(x, digits) needs a whole number of digits")
        }
        digits = d
      }
      let scale = pow(10.0, Double(digits))
      // Half to even, like numpy and pandas.
      return try unaryMath(name, args[0]) { ($0 * scale).rounded(.toNearestOrEven) / scale }
    case "min", "max": return try extremum(name == "min", args)
    case "if": return try choose(args)
    case "coalesce": return try coalesce(args)
    case "lower", "upper":
      return try mapText(name, args[0]) { name == "lower" ? .string($0.lowercased()) : .string($0.uppercased()) }
    case "contains", "starts_with":
      guard case .scalar(.string(let needle)) = args[1] else {
        throw EngineError.invalidExpression("\(name)(text, \"part\") needs a quoted string as its second argument")
      }
      return try mapText(name, args[0]) { .bool(name == "contains" ? $0.contains(needle) : $0.hasPrefix(needle)) }
    case "year", "month", "weekday": return try datePart(name, args[0])
    case "days_between":
      return try arithmetic(.subtract, args[1], args[0])
    default:  // today
      return .scalar(.date(context.today))
    }
  }

  private func unaryMath(_ name: String, _ a: Operand, _ f: (Double) -> Double) throws -> Operand {
    guard let x = a.numbers(), a.type != .date, a.type != .datetime else {
      throw EngineError.invalidExpression("\(name)() needs a number, not \(describe(a.type))")
    }
    return .column(.doubles("", (0..<n).map { f(x[$0]) }))
  }

  private func extremum(_ isMin: Bool, _ args: [Operand]) throws -> Operand {
    let views = try args.map { a -> NumberView in
      guard let v = a.numbers() else { throw EngineError.invalidExpression("min/max need numbers") }
      return v
    }
    var out = [Double](repeating: .nan, count: n)
    for i in 0..<n {
      for v in views where !v[i].isNaN {
        out[i] = out[i].isNaN ? v[i] : (isMin ? Swift.min(out[i], v[i]) : Swift.max(out[i], v[i]))
      }
    }
    let allInt = args.allSatisfy { $0.type == .int }
    return .column(allInt ? .ints("", out.map { $0.isNaN ? nil : Int($0) }) : .doubles("", out))
  }

  /// The common type of several branches (int widens to double).
  private func commonType(_ args: [Operand]) throws -> DataType {
    let types = Set(args.compactMap(\.type))
    if types.isEmpty { return .double }
    if types.count == 1 { return types.first! }
    if types.isSubset(of: [.int, .double]) { return .double }
    if types.isSubset(of: [.date, .datetime]) { return .datetime }
    throw EngineError.invalidExpression("the values mix \(types.map(\.rawValue).sorted().joined(separator: " and ")); make them the same type")
  }

  private func choose(_ args: [Operand]) throws -> Operand {
    let cond = args[0].materialize(n)
    guard case .bool(let c) = cond.storage else {
      throw EngineError.invalidExpression("if(condition, a, b) needs a true/false condition first")
    }
    let type = try commonType([args[1], args[2]])
    let a = args[1].materialize(n)
    let b = args[2].materialize(n)
    let values = (0..<n).map { i -> Scalar in
      guard cond.isValid(i) else { return .missing }
      return Self.convert(c[i] ? a.value(at: i) : b.value(at: i), to: type)
    }
    return .column(.fromScalars("", type: type, values))
  }

  private func coalesce(_ args: [Operand]) throws -> Operand {
    let type = try commonType(args)
    let cols = args.map { $0.materialize(n) }
    let values = (0..<n).map { i -> Scalar in
      for c in cols { let v = c.value(at: i); if !v.isMissing { return Self.convert(v, to: type) } }
      return .missing
    }
    return .column(.fromScalars("", type: type, values))
  }

  static func convert(_ v: Scalar, to type: DataType) -> Scalar {
    switch (v, type) {
    case (.int(let x), .double): .double(Double(x))
    case (.date(let d), .datetime): .datetime(d * 86400)
    default: v
    }
  }

  /// Applies `f` once per distinct text value, not once per row.
  private func mapText(_ name: String, _ a: Operand, _ f: (String) -> Scalar) throws -> Operand {
    switch a {
    case .scalar(.string(let s)): return .scalar(f(s))
    case .scalar(.missing): return .scalar(.missing)
    case .column(let c):
      if case .string(let codes, let levels) = c.storage {
        let mapped = levels.map(f)
        // Results are computed per level; rows only pick theirs by code.
        if case .bool = mapped.first ?? .string("") {
          let truth = mapped.map { $0 == .bool(true) }
          return .column(Column(name: "", storage: .bool(codes.map { truth[Int($0)] }), validity: c.validity))
        }
        var index: [String: Int32] = [:]
        var newLevels: [String] = []
        let remap = mapped.map { v -> Int32 in
          guard case .string(let text) = v else { return 0 }
          if let code = index[text] { return code }
          let code = Int32(newLevels.count)
          index[text] = code
          newLevels.append(text)
          return code
        }
        return .column(Column(name: "", storage: .string(codes: codes.map { remap[Int($0)] }, levels: newLevels), validity: c.validity))
      }
    default: break
    }
    throw EngineError.invalidExpression("\(name)() needs text, not \(describe(a.type))")
  }

  private func datePart(_ name: String, _ a: Operand) throws -> Operand {
    guard a.type == .date || a.type == .datetime, let x = a.integers() else {
      throw EngineError.invalidExpression("\(name)() needs a date, not \(describe(a.type))")
    }
    let perSecond = a.type == .datetime
    let out = (0..<n).map { i -> Int? in
      guard x.isValid(i) else { return nil }
      let days = perSecond ? floorDiv(x[i], 86400) : x[i]
      switch name {
      case "year": return CivilDate.components(days).year
      case "month": return CivilDate.components(days).month
      default: return CivilDate.weekday(days)
      }
    }
    return .column(.ints("", out))
  }
}
