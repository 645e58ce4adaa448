/// Column-at-a-time evaluation of expressions.
extension DataFrame {
  /// Evaluates `expr` over every row; the result has one value per row.
  public func evaluate(_ expr: ColumnExpr, context: EvaluationContext) throws -> Column {
    try ExpressionEvaluator(frame: self, context: context).evaluate(expr).materialize(rowCount)
  }

  /// Evaluates a condition; fails unless it yields true/false values.
  public func evaluateCondition(_ expr: ColumnExpr, context: EvaluationContext) throws -> Column {
    let c = try evaluate(expr, context: context)
    guard c.type == .bool else {
      throw EngineError.invalidExpression(
        "the condition gives \(c.type.rawValue) values, not true/false; compare something, for example age > 30")
    }
    return c
  }
}

struct ExpressionEvaluator {
  let frame: DataFrame
  let context: EvaluationContext
  var n: Int { frame.rowCount }

  func evaluate(_ expr: ColumnExpr) throws -> Operand {
    try CancellationToken.check()
    switch expr {
    case .column(let name): return .column(try frame.column(name))
    case .literal(let s): return .scalar(s)
    case .negate(let e):
      let v = try evaluate(e)
      return try arithmetic(.subtract, .scalar(v.type == .int ? .int(0) : .double(0)), v)
    case .not(let e): return try logicalNot(try evaluate(e))
    case .binary(let op, let a, let b):
      let x = try evaluate(a)
      let y = try evaluate(b)
      if op == .and || op == .or { return try logical(op, x, y) }
      if op.isComparison { return try compare(op, x, y) }
      return try arithmetic(op, x, y)
    case .isMissing(let e, let negated):
      let c = try evaluate(e).materialize(n)
      var missing = [Bool](repeating: false, count: n)
      if let validity = c.validity { for i in 0..<n where !validity[i] { missing[i] = true } }
      if case .double(let v) = c.storage { for i in 0..<n where v[i].isNaN { missing[i] = true } }
      return .column(Column(name: "", storage: .bool(negated ? missing.map { !$0 } : missing)))
    case .inList(let e, let list, let negated):
      let x = try evaluate(e)
      var result: Operand = .scalar(.bool(false))
      for item in list {
        result = try logical(.or, result, try compare(.equal, x, try evaluate(item)))
      }
      return negated ? try logicalNot(result) : result
    case .between(let e, let lo, let hi):
      let x = try evaluate(e)
      return try logical(
        .and, try compare(.greaterEqual, x, try evaluate(lo)), try compare(.lessEqual, x, try evaluate(hi)))
    case .call(let name, let args):
      return try call(name, try args.map { try evaluate($0) })
    }
  }

  // MARK: Arithmetic

  func arithmetic(_ op: BinaryOperator, _ a: Operand, _ b: Operand) throws -> Operand {
    let ta = a.type
    let tb = b.type
    if ta == .string || tb == .string {
      throw EngineError.invalidExpression("cannot use \(op.rawValue) on text; convert it or compare it instead")
    }
    let isTime: (DataType?) -> Bool = { $0 == .date || $0 == .datetime }
    if isTime(ta) || isTime(tb) { return try timeArithmetic(op, a, b) }
    if (ta == .int || ta == nil) && (tb == .int || tb == nil) && op != .divide && !(ta == nil && tb == nil),
      let x = a.integers(), let y = b.integers()
    {
      return .column(try integerArithmetic(op, x, y, type: .int))
    }
    guard let x = a.numbers(), let y = b.numbers() else {
      throw EngineError.invalidExpression("cannot use \(op.rawValue) on \(describe(ta)) and \(describe(tb))")
    }
    var out = [Double](repeating: 0, count: n)
    switch op {
    case .add: for i in 0..<n { out[i] = x[i] + y[i] }
    case .subtract: for i in 0..<n { out[i] = x[i] - y[i] }
    case .multiply: for i in 0..<n { out[i] = x[i] * y[i] }
    case .divide: for i in 0..<n { out[i] = y[i] == 0 ? .nan : x[i] / y[i] }
    default: for i in 0..<n { out[i] = y[i] == 0 ? .nan : x[i].truncatingRemainder(dividingBy: y[i]) }
    }
    return .column(.doubles("", out))
  }

  /// Whole-number arithmetic; a result beyond the 64-bit range is an error (it would
  /// otherwise wrap around or trap), division by zero gives missing.
  private func integerArithmetic(_ op: BinaryOperator, _ x: IntegerView, _ y: IntegerView, type: DataType) throws -> Column {
    var out = [Int](repeating: 0, count: n)
    var mask = ValidityMask(allValid: n)
    for i in 0..<n {
      guard x.isValid(i) && y.isValid(i) else {
        mask[i] = false
        continue
      }
      let result: (partialValue: Int, overflow: Bool)
      switch op {
      case .add: result = x[i].addingReportingOverflow(y[i])
      case .subtract: result = x[i].subtractingReportingOverflow(y[i])
      case .multiply: result = x[i].multipliedReportingOverflow(by: y[i])
      default:
        if y[i] == 0 {
          mask[i] = false
          continue
        }
        result = x[i].remainderReportingOverflow(dividingBy: y[i])
      }
      if result.overflow { throw Self.overflow(op, row: i) }
      out[i] = result.partialValue
    }
    let storage: ColumnStorage = type == .date ? .date(out) : type == .datetime ? .datetime(out) : .int(out)
    return Column(name: "", storage: storage, validity: mask)
  }

  /// date ± days → date; datetime ± days → datetime; date − date → days (int).
  private func timeArithmetic(_ op: BinaryOperator, _ a: Operand, _ b: Operand) throws -> Operand {
    let ta = a.type
    let tb = b.type
    let isTime: (DataType?) -> Bool = { $0 == .date || $0 == .datetime }
    if op == .subtract && isTime(ta) && isTime(tb) {
      let x = try toSeconds(a)
      let y = try toSeconds(b)
      let secs = try integerArithmetic(.subtract, x, y, type: .int)
      let (v, mask) = (intsOf(secs), secs.validity)
      return .column(Column(name: "", storage: .int(v.map { floorDiv($0, 86400) }), validity: mask))
    }
    guard op == .add || op == .subtract, isTime(ta) != isTime(tb) else {
      throw EngineError.invalidExpression("cannot use \(op.rawValue) on \(describe(ta)) and \(describe(tb)); add or subtract whole days (for example + 1d)")
    }
    let (time, days) = isTime(ta) ? (a, b) : (b, a)
    guard op == .add || isTime(ta), days.type == .int || days.type == nil, let t = time.integers(),
      let d = days.integers()
    else {
      throw EngineError.invalidExpression("add or subtract whole days to a date (for example + 7 or + 1d)")
    }
    let scaled = time.type == .datetime ? try Self.times(d, 86400) : d
    return .column(try integerArithmetic(op, t, scaled, type: time.type ?? .date))
  }

  private func intsOf(_ c: Column) -> [Int] {
    if case .int(let v) = c.storage { return v }
    return []
  }

  func toSeconds(_ o: Operand) throws -> IntegerView {
    guard let v = o.integers() else { throw EngineError.invalidExpression("expected a date") }
    return o.type == .date ? try Self.times(v, 86400) : v
  }

  /// Days as seconds (or any whole scaling), refusing what leaves the 64-bit range.
  private static func times(_ v: IntegerView, _ unit: Int) throws -> IntegerView {
    let scale = { (x: Int) throws -> Int in
      let (r, overflow) = x.multipliedReportingOverflow(by: unit)
      if overflow { throw EngineError.invalidExpression("a number of days (\(x)) is too large to turn into seconds") }
      return r
    }
    return IntegerView(array: try v.array.map { try $0.map(scale) }, constant: try scale(v.constant), mask: v.mask, constantMissing: v.constantMissing)
  }

  private static func overflow(_ op: BinaryOperator, row: Int) -> EngineError {
    .invalidExpression("whole-number \(op.rawValue) beyond ±9,223,372,036,854,775,807 (row \(row + 1)); write a decimal (1.0 * x) to compute with decimals")
  }

  func describe(_ t: DataType?) -> String { t.map { $0 == .int || $0 == .double ? "a number" : $0.rawValue } ?? "missing" }
}

@inline(__always) func floorDiv(_ a: Int, _ b: Int) -> Int {
  let q = a / b
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
