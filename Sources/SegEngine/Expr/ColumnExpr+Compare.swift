/// Comparisons and three-valued logic (missing compares as missing; `false and missing` is false).
extension ExpressionEvaluator {
  func compare(_ op: BinaryOperator, _ a: Operand, _ b: Operand) throws -> Operand {
    var (a, b) = (a, b)
    let isTime: (DataType?) -> Bool = { $0 == .date || $0 == .datetime }
    // A quoted date compared with a date column means that date.
    if isTime(a.type), case .scalar(.string(let s)) = b { b = .scalar(try Self.parseDateLiteral(s)) }
    if isTime(b.type), case .scalar(.string(let s)) = a { a = .scalar(try Self.parseDateLiteral(s)) }
    let ta = a.type
    let tb = b.type
    var result = [Bool](repeating: false, count: n)
    var mask = ValidityMask(allValid: n)
    let decide: (Int) -> Bool = { c in
      switch op {
      case .equal: c == 0
      case .notEqual: c != 0
      case .less: c < 0
      case .lessEqual: c <= 0
      case .greater: c > 0
      default: c >= 0
      }
    }
    if ta == nil || tb == nil {
      return .column(Column(name: "", storage: .bool(result), validity: ValidityMask([Bool](repeating: false, count: n))))
    }
    if isTime(ta) && isTime(tb) {
      let (x, y) = ta == tb ? (a.integers()!, b.integers()!) : (try toSeconds(a), try toSeconds(b))
      for i in 0..<n {
        if x.isValid(i) && y.isValid(i) { result[i] = decide(x[i] < y[i] ? -1 : (x[i] > y[i] ? 1 : 0)) } else { mask[i] = false }
      }
    } else if ta == .string && tb == .string {
      try compareText(a, b, decide, &result, &mask)
    } else if let x = a.numbers(), let y = b.numbers(), !isTime(ta), !isTime(tb), ta != .string, tb != .string {
      for i in 0..<n {
        let (p, q) = (x[i], y[i])
        if p.isNaN || q.isNaN { mask[i] = false } else { result[i] = decide(p < q ? -1 : (p > q ? 1 : 0)) }
      }
    } else {
      throw EngineError.invalidExpression("cannot compare \(describe(ta)) with \(describe(tb))")
    }
    return .column(Column(name: "", storage: .bool(result), validity: mask))
  }

  private func compareText(
    _ a: Operand, _ b: Operand, _ decide: (Int) -> Bool, _ result: inout [Bool], _ mask: inout ValidityMask
  ) throws {
    func cmp(_ x: String, _ y: String) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
    switch (a, b) {
    case (.column(let c), .scalar(.string(let s))), (.scalar(.string(let s)), .column(let c)):
      guard case .string(let codes, let levels) = c.storage else { return }
      let flip: Bool = if case .scalar = a { true } else { false }
      let perLevel = levels.map { decide(flip ? cmp(s, $0) : cmp($0, s)) }
      for i in 0..<n { if c.isValid(i) { result[i] = perLevel[Int(codes[i])] } else { mask[i] = false } }
    case (.column(let x), .column(let y)):
      guard case .string(let cx, let lx) = x.storage, case .string(let cy, let ly) = y.storage else { return }
      for i in 0..<n {
        if x.isValid(i) && y.isValid(i) { result[i] = decide(cmp(lx[Int(cx[i])], ly[Int(cy[i])])) } else { mask[i] = false }
      }
    case (.scalar(.string(let s)), .scalar(.string(let t))):
      let r = decide(cmp(s, t))
      for i in 0..<n { result[i] = r }
    default: break
    }
  }

  static func parseDateLiteral(_ s: String) throws -> Scalar {
    if let d = DateParsing.parseISODate(Array(s.utf8)[...]) { return .date(d) }
    if let t = DateParsing.parseISODateTime(Array(s.utf8)[...]) { return .datetime(t) }
    throw EngineError.invalidExpression("\"\(s)\" is not a date; write dates as 2011-12-09 or \"2011-12-09 08:30:00\"")
  }

  /// Kleene logic: the result is known whenever one side decides it.
  func logical(_ op: BinaryOperator, _ a: Operand, _ b: Operand) throws -> Operand {
    let (xv, xk) = try truthArrays(a)
    let (yv, yk) = try truthArrays(b)
    var result = [Bool](repeating: false, count: n)
    var mask = ValidityMask(allValid: n)
    let isAnd = op == .and
    for i in 0..<n {
      let pKnown = xk[i]
      let qKnown = yk[i]
      let p = xv[i]
      let q = yv[i]
      if isAnd {
        if (pKnown && !p) || (qKnown && !q) { result[i] = false } else if !pKnown || !qKnown { mask[i] = false } else { result[i] = true }
      } else {
        if (pKnown && p) || (qKnown && q) { result[i] = true } else if !pKnown || !qKnown { mask[i] = false } else { result[i] = false }
      }
    }
    return .column(Column(name: "", storage: .bool(result), validity: mask))
  }

  /// A condition's values and whether each is known, as two plain arrays.
  private func truthArrays(_ o: Operand) throws -> (values: [Bool], known: [Bool]) {
    switch o {
    case .scalar(.missing): return ([Bool](repeating: false, count: n), [Bool](repeating: false, count: n))
    case .scalar(.bool(let b)): return ([Bool](repeating: b, count: n), [Bool](repeating: true, count: n))
    case .column(let c):
      if case .bool(let v) = c.storage {
        guard let validity = c.validity else { return (v, [Bool](repeating: true, count: n)) }
        return (v, (0..<n).map { validity[$0] })
      }
    default: break
    }
    throw EngineError.invalidExpression("and/or/not need true/false conditions, not \(describe(o.type))")
  }

  func logicalNot(_ a: Operand) throws -> Operand {
    let (values, known) = try truthArrays(a)
    var mask = ValidityMask(allValid: n)
    for i in 0..<n where !known[i] { mask[i] = false }
    return .column(Column(name: "", storage: .bool(values.map { !$0 }), validity: mask))
  }


}
