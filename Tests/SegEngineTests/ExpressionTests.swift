import Testing
@testable import SegEngine

/// An expression over a small fixed frame and the column it must give (as `dump` values).
struct ExprCase: Sendable, CustomTestStringConvertible {
  var name: String
  var expr: ColumnExpr
  var expected: String
  var testDescription: String { name }
}

@Suite struct ExpressionTests {
  /// a: 1, 2, ·, 4   x: 0.5, ·, 2.5, -1   s: "North", "south", ·, "North"   b: T, F, ·, T
  /// d: 2011-12-09, 2011-12-10, ·, 2012-02-29   t: 2011-12-09 08:30, …
  static let frame = try! DataFrame(columns: [
    .ints("a", [1, 2, nil, 4]),
    .doubles("x", [0.5, .nan, 2.5, -1]),
    .strings("s", ["North", "south", nil, "North"]),
    .bools("b", [true, false, nil, true]),
    .dates("d", [15317, 15318, nil, 15399]),
    .datetimes("t", [15317 * 86400 + 30600, nil, 0, -1]),
  ])

  static func col(_ n: String) -> ColumnExpr { .column(n) }
  static func lit(_ v: Scalar) -> ColumnExpr { .literal(v) }

  static let cases: [ExprCase] = [
    ExprCase(name: "int + int stays int", expr: .binary(.add, col("a"), lit(.int(1))), expected: "int=2|3|·|5"),
    ExprCase(name: "int / int is double", expr: .binary(.divide, col("a"), lit(.int(2))), expected: "double=0.5|1.0|·|2.0"),
    ExprCase(name: "division by zero is missing", expr: .binary(.divide, col("a"), lit(.int(0))), expected: "double=·|·|·|·"),
    ExprCase(name: "int * double", expr: .binary(.multiply, col("a"), col("x")), expected: "double=0.5|·|·|-4.0"),
    ExprCase(name: "remainder", expr: .binary(.remainder, col("a"), lit(.int(3))), expected: "int=1|2|·|1"),
    ExprCase(name: "negate", expr: .negate(col("x")), expected: "double=-0.5|·|-2.5|1.0"),
    ExprCase(name: "compare with missing is missing", expr: .binary(.greater, col("a"), lit(.int(1))), expected: "bool=false|true|·|true"),
    ExprCase(name: "text equality", expr: .binary(.equal, col("s"), lit(.string("North"))), expected: "bool=true|false|·|true"),
    ExprCase(name: "text order", expr: .binary(.less, col("s"), lit(.string("O"))), expected: "bool=true|false|·|true"),
    ExprCase(name: "false and missing is false", expr: .binary(.and, col("b"), .binary(.greater, col("a"), lit(.int(10)))), expected: "bool=false|false|·|false"),
    ExprCase(name: "true or missing is true", expr: .binary(.or, col("b"), .binary(.greater, col("x"), lit(.int(0)))), expected: "bool=true|·|true|true"),
    ExprCase(name: "not", expr: .not(col("b")), expected: "bool=false|true|·|false"),
    ExprCase(name: "is missing", expr: .isMissing(col("x"), negated: false), expected: "bool=false|true|false|false"),
    ExprCase(name: "in list", expr: .inList(col("a"), [lit(.int(1)), lit(.int(4))], negated: false), expected: "bool=true|false|·|true"),
    ExprCase(name: "between", expr: .between(col("x"), lit(.int(0)), lit(.double(2.5))), expected: "bool=true|·|true|false"),
    ExprCase(name: "date + days", expr: .binary(.add, col("d"), lit(.int(1))), expected: "date=2011-12-10|2011-12-11|·|2012-03-01"),
    ExprCase(name: "date - date in days", expr: .binary(.subtract, lit(.date(15400)), col("d")), expected: "int=83|82|·|1"),
    ExprCase(name: "date compared with quoted date", expr: .binary(.greaterEqual, col("d"), lit(.string("2011-12-10"))), expected: "bool=false|true|·|true"),
    ExprCase(name: "datetime + days", expr: .binary(.add, col("t"), lit(.int(1))), expected: "datetime=2011-12-10 08:30:00|·|1970-01-02 00:00:00|1970-01-01 23:59:59"),
    ExprCase(name: "datetime vs date", expr: .binary(.less, col("t"), lit(.date(15317))), expected: "bool=false|·|true|true"),
    ExprCase(name: "year/month/weekday", expr: .call("weekday", [col("d")]), expected: "int=5|6|·|3"),
    ExprCase(name: "month of datetime before 1970", expr: .call("month", [col("t")]), expected: "int=12|·|1|12"),
    ExprCase(name: "days_between", expr: .call("days_between", [col("d"), lit(.date(15400))]), expected: "int=83|82|·|1"),
    ExprCase(name: "log of non-positive is missing", expr: .call("log", [col("x")]), expected: "double=-0.6931471805599453|·|0.9162907318741551|·"),
    ExprCase(name: "round half to even", expr: .call("round", [.binary(.add, col("x"), lit(.int(0)))]), expected: "double=0.0|·|2.0|-1.0"),
    ExprCase(name: "round digits", expr: .call("round", [lit(.double(2.675)), lit(.int(1))]), expected: "double=2.7|2.7|2.7|2.7"),
    ExprCase(name: "abs of int stays int", expr: .call("abs", [.negate(col("a"))]), expected: "int=1|2|·|4"),
    ExprCase(name: "min skips missing", expr: .call("min", [col("a"), col("x")]), expected: "double=0.5|2.0|2.5|-1.0"),
    ExprCase(name: "if", expr: .call("if", [col("b"), col("a"), col("x")]), expected: "double=1.0|·|·|4.0"),
    ExprCase(name: "coalesce", expr: .call("coalesce", [col("x"), col("a"), lit(.int(0))]), expected: "double=0.5|2.0|2.5|-1.0"),
    ExprCase(name: "lower", expr: .call("lower", [col("s")]), expected: "string=north|south|·|north"),
    ExprCase(name: "contains", expr: .call("contains", [col("s"), lit(.string("orth"))]), expected: "bool=true|false|·|true"),
    ExprCase(name: "starts_with", expr: .call("starts_with", [col("s"), lit(.string("s"))]), expected: "bool=false|true|·|false"),
    ExprCase(name: "today", expr: .binary(.subtract, .call("today", []), col("d")), expected: "int=83|82|·|1"),
  ]

  @Test(arguments: cases)
  func evaluates(_ c: ExprCase) throws {
    let column = try Self.frame.evaluate(c.expr, context: EvaluationContext(today: 15400))
    let text = dump(try DataFrame(columns: [Column(name: "r", storage: column.storage, validity: column.validity)]))
    #expect(text == "r:" + c.expected)
  }

  @Test(arguments: [
    ColumnExpr.binary(.multiply, .column("s"), .literal(.int(2))),
    .binary(.less, .column("s"), .literal(.int(2))),
    .binary(.add, .column("d"), .column("d")),
    .call("year", [.column("a")]),
    .call("lower", [.column("a")]),
    .binary(.and, .column("a"), .column("b")),
    .column("nope"),
  ])
  func rejectsBadTypes(_ e: ColumnExpr) {
    #expect(throws: EngineError.self) { try Self.frame.evaluate(e, context: EvaluationContext(today: 0)) }
  }
}

@Suite struct FrameOperationTests {
  static let frame = try! DataFrame(columns: [
    .strings("k", ["b", "a", "b", nil, "a", "c"]),
    .ints("v", [3, 1, nil, 5, 1, 2]),
    .doubles("w", [1.5, .nan, 2.5, 4, 0.5, 1]),
  ])

  @Test func sortIsStableWithMissingLast() throws {
    #expect(dump(try Self.frame.sorted(by: [SortKey("k")])) == "k:string=a|a|b|b|c|·; v:int=1|1|3|·|2|5; w:double=·|0.5|1.5|2.5|1.0|4.0")
    #expect(dump(try Self.frame.sorted(by: [SortKey("v", descending: true)])).hasPrefix("k:string=·|b|c|a|a|b"))
    #expect(dump(try Self.frame.sorted(by: [SortKey("k", descending: true), SortKey("w")])).hasPrefix("k:string=c|b|b|a|a|·; v:int=2|3|·|1|1|5"))
  }

  @Test func dedupeKeepsFirstOrLast() throws {
    #expect(dump(try Self.frame.deduplicated(by: ["k"], keep: .first)).hasPrefix("k:string=b|a|·|c; v:int=3|1|5|2"))
    #expect(dump(try Self.frame.deduplicated(by: ["k"], keep: .last)).hasPrefix("k:string=b|·|a|c; v:int=·|5|1|2"))
    #expect(try Self.frame.deduplicated(by: ["k", "v"], keep: .first).rowCount == 5)
  }

  /// Whole-number arithmetic beyond the 64-bit range is an error that says what to do, never
  /// a wrapped value or a trap.
  @Test(arguments: [
    ColumnExpr.binary(.add, .literal(.int(.max)), .column("n")),
    .binary(.subtract, .literal(.int(.min)), .column("n")),
    .binary(.multiply, .literal(.int(.max / 2)), .binary(.add, .column("n"), .literal(.int(2)))),
    .binary(.remainder, .binary(.add, .column("n"), .literal(.int(.min))), .literal(.int(-1))),
    .negate(.binary(.add, .column("n"), .literal(.int(.min)))),
    .call("abs", [.binary(.add, .column("n"), .literal(.int(.min)))]),
    .call("days_between", [.column("d"), .binary(.add, .column("d"), .literal(.int(.max)))]),
  ])
  func wholeNumberOverflowIsAnError(_ e: ColumnExpr) throws {
    let frame = try DataFrame(columns: [.ints("n", [0, 1]), .dates("d", [0, 1])])
    #expect { try frame.evaluate(e, context: EvaluationContext(today: 0)) } throws: { error in
      guard case .invalidExpression(let text) = error as? EngineError else { return false }
      return text.contains("beyond")
    }
  }

  /// Aggregating no rows gives missing values, as mean does, for every function and type;
  /// counts are 0 and a sum is 0, as in pandas.
  @Test func aggregatingNoRowsGivesMissing() throws {
    let empty = try DataFrame(columns: [
      .ints("n", []), .doubles("x", []), .strings("s", []), .dates("d", []), .bools("b", []),
    ])
    for column in empty.columnNames {
      let out = try empty.aggregated(by: [], AggregateFunction.allCases.filter { !($0.needsNumbers && ["s", "d"].contains(column)) }.map {
        AggregateSpec(name: $0.rawValue, function: $0, input: try empty.column(column))
      })
      #expect(out.rowCount == 1)
      for c in out.columns {
        let zero = ["count", "nunique", "sum"].contains(c.name)
        #expect(zero ? c.value(at: 0).doubleValue == 0 : c.value(at: 0).isMissing, "\(column) \(c.name)")
      }
    }
  }

  @Test func aggregateFunctions() throws {
    let f = Self.frame
    let out = try f.aggregated(by: ["k"], AggregateFunction.allCases.map {
      AggregateSpec(name: $0.rawValue, function: $0, input: $0 == .count ? nil : try! f.column($0 == .nunique || $0 == .first || $0 == .last ? "v" : "w"))
    })
    #expect(dump(out) == """
      k:string=b|a|·|c; count:int=2|2|1|1; sum:double=4.0|0.5|4.0|1.0; mean:double=2.0|0.5|4.0|1.0; \
      median:double=2.0|0.5|4.0|1.0; min:double=1.5|0.5|4.0|1.0; max:double=2.5|0.5|4.0|1.0; \
      std:double=0.7071067811865476|·|·|·; nunique:int=1|1|1|1; first:int=3|1|5|2; last:int=3|1|5|2
      """)
  }

  @Test func joinInnerAndLeft() throws {
    let right = try DataFrame(columns: [.strings("k", ["a", "b", "b", nil]), .ints("r", [10, 20, 21, 99])])
    let inner = try Self.frame.joined(with: right, on: ["k"], kind: .inner)
    #expect(dump(inner) == "k:string=b|b|a|b|b|a; v:int=3|3|1|·|·|1; w:double=1.5|1.5|·|2.5|2.5|0.5; r:int=20|21|10|20|21|10")
    let left = try Self.frame.joined(with: right, on: ["k"], kind: .left)
    #expect(left.rowCount == 8)
    #expect(dump(try left.selecting(["k", "r"])) == "k:string=b|b|a|b|b|·|a|c; r:int=20|21|10|20|21|·|10|·")
    #expect(throws: EngineError.self) {
      try Self.frame.joined(with: try DataFrame(columns: [.ints("k", [1])]), on: ["k"], kind: .left)
    }
  }

  @Test func describeMatchesHandComputedValues() throws {
    let s = try #require(try Self.frame.describe(["w"]).first)
    #expect(s.count == 5)
    #expect(s.missing == 1)
    #expect(s.mean == 1.9)
    #expect(s.median == 1.5)
    #expect(s.q25 == 1.0)
    #expect(s.q75 == 2.5)
    let k = try #require(try Self.frame.describe(["k"]).first)
    #expect(k.top == .string("b"))
    #expect(k.topCount == 2)
    #expect(k.unique == 3)
  }

  @Test func sampleDataIsSeededAndConsistent() throws {
    let a = try SampleData.customers(count: 300, seed: 5)
    #expect(dump(a) == dump(try SampleData.customers(count: 300, seed: 5)))
    #expect(dump(a) != dump(try SampleData.customers(count: 300, seed: 6)))
    // A customer's rows depend only on the seed and the id, not on n.
    let small = try SampleData.customers(count: 100, seed: 5)
    #expect(dump(small) == dump(a.gather(Array(0..<100))))
    let tx = try SampleData.transactions(customers: 300, seed: 5)
    let ids = Set((0..<tx.rowCount).map { tx.columns[1].value(at: $0) })
    #expect(ids.count <= 300 && ids.count > 250)
    #expect(try a.column("income").missingCount > 0)
    #expect(try tx.column("quantity").doubles()!.contains { $0 < 0 }, "returns are part of the sample")
  }
}
