import Foundation
import Testing
@testable import SegEngine

/// Plans printed as SQL and run by a real SQLite give what the local backend gives, on the
/// sample shop (numbers, text, dates, booleans, missing values); the printed text itself is
/// pinned for PostgreSQL and Spark.
@Suite struct SQLPrinterTests {
  static let context = EvaluationContext(today: CivilDate.days(year: 2025, month: 1, day: 1))

  static func frames() throws -> [String: DataFrame] {
    var tx = try SampleData.transactions(customers: 300, seed: 4)
    // SQLite keeps times as text: compare whole days.
    let times = try tx.column("invoice_date")
    try tx.setColumn(.dates("invoice_day", (0..<tx.rowCount).map { r in
      if case .datetime(let t) = times.value(at: r) { return Int((Double(t) / 86400).rounded(.down)) }
      return nil
    }))
    return ["customers": try SampleData.customers(count: 300, seed: 4), "tx": tx]
  }

  static let c = ColumnExpr.column
  static func lit(_ v: Scalar) -> ColumnExpr { .literal(v) }

  /// Plans whose rows come back in an order SQL does not promise are compared as sets.
  static let plans: [(name: String, plan: LogicalPlan, ordered: Bool)] = [
    ("filter", .filter(.scan("customers"), .binary(.and, .binary(.greater, c("income"), lit(.int(40000))),
      .inList(c("region"), [lit(.string("North")), lit(.string("West"))], negated: false))), false),
    ("missing and three-valued logic", .filter(.scan("customers"), .binary(.or, .isMissing(c("satisfaction"), negated: false),
      .not(.binary(.less, c("satisfaction"), lit(.int(3)))))), false),
    ("derive arithmetic, division by zero, domains", .derive(.scan("customers"), [
      DerivedColumn("per_visit", .binary(.divide, c("income"), c("web_visits"))),
      DerivedColumn("log_visits", .call("log", [c("web_visits")])),
      DerivedColumn("root", .call("sqrt", [.binary(.subtract, c("age"), lit(.int(40)))])),
      DerivedColumn("older", .binary(.add, c("age"), lit(.int(1)))),
      DerivedColumn("band", .call("if", [.binary(.greaterEqual, c("age"), lit(.int(50))), lit(.string("50+")), lit(.string("under 50"))])),
      DerivedColumn("filled", .call("coalesce", [c("satisfaction"), lit(.int(0))])),
      DerivedColumn("shout", .call("upper", [c("region")])),
      DerivedColumn("has_th", .call("contains", [c("region"), lit(.string("th"))])),
      DerivedColumn("starts_no", .call("starts_with", [c("region"), lit(.string("No"))])),
    ], where: nil), true),
    ("derive where", .derive(.scan("customers"), [DerivedColumn("age", lit(.int(0))), DerivedColumn("vip", lit(.bool(true)))],
      where: .binary(.greater, c("income"), lit(.int(60000)))), true),
    ("dates", .derive(.scan("customers"), [
      DerivedColumn("y", .call("year", [c("signup_date")])), DerivedColumn("m", .call("month", [c("signup_date")])),
      DerivedColumn("wd", .call("weekday", [c("signup_date")])), DerivedColumn("days", .call("days_between", [c("signup_date"), .call("today", [])])),
      DerivedColumn("recent", .binary(.greaterEqual, c("signup_date"), lit(.date(CivilDate.days(year: 2024, month: 1, day: 1))))),
    ], where: nil), true),
    ("project and sort, missing last", .sort(.project(.scan("customers"), ["customer_id", "satisfaction", "income"]),
      [SortKey("satisfaction", descending: true), SortKey("customer_id")]), true),
    ("aggregate", .aggregate(.scan("customers"), by: ["region", "channel"], [
      AggregateExpression("n", .count, nil), AggregateExpression("answered", .count, c("satisfaction")),
      AggregateExpression("income", .sum, c("income")), AggregateExpression("mean_age", .mean, c("age")),
      AggregateExpression("youngest", .min, c("age")), AggregateExpression("richest", .max, c("income")),
      AggregateExpression("cities", .nunique, c("city_type")),
    ]), false),
    ("join an aggregate", .join(.scan("customers"),
      .aggregate(.filter(.scan("tx"), .binary(.greater, c("quantity"), lit(.int(0)))), by: ["customer_id"], [
        AggregateExpression("spend", .sum, .binary(.multiply, c("quantity"), c("unit_price"))),
        AggregateExpression("last_day", .max, c("invoice_day")),
      ]), on: ["customer_id"], kind: .left, suffix: "_tx"), false),
    ("inner join with a clashing name", .join(.project(.scan("customers"), ["customer_id", "region"]),
      .derive(.project(.scan("tx"), ["customer_id", "category"]), [DerivedColumn("region", c("category"))], where: nil),
      on: ["customer_id"], kind: .inner, suffix: "_right"), false),
  ]

  @Test(arguments: plans.indices)
  func sqliteGivesWhatTheLocalBackendGives(_ index: Int) throws {
    let (name, plan, ordered) = Self.plans[index]
    let frames = try Self.frames()
    let db = try InMemorySQLite()
    for (table, frame) in frames { try db.insert(frame, as: table) }
    let local = try LocalBackend(frames: frames, context: Self.context).execute(plan)
    let printer = SQLPrinter(dialect: .sqlite, schemas: frames.mapValues(\.columnNames), context: Self.context)
    #expect(try printer.columns(of: plan) == local.columnNames, "\(name)")
    var theirs = try db.query(try printer.sql(plan))
    var ours = SQLCell.rows(local)
    if !ordered {
      theirs.sort { $0.description < $1.description }
      ours.sort { $0.description < $1.description }
    }
    #expect(theirs.count == ours.count, "\(name): \(theirs.count) rows from SQLite, \(ours.count) from seg")
    for (r, (a, b)) in zip(ours, theirs).enumerated() where a != b {
      Issue.record("\(name) row \(r): seg \(a), SQLite \(b)")
      break
    }
  }

  @Test(arguments: [
    (ColumnExpr.binary(.divide, .column("a"), .column("b")), SQLDialect.postgres, "(CAST(\"a\" AS DOUBLE PRECISION) / NULLIF(\"b\", 0))"),
    (.call("weekday", [.column("d")]), .postgres, "CAST(EXTRACT(ISODOW FROM \"d\") AS INTEGER)"),
    (.call("weekday", [.column("d")]), .spark, "(weekday(`d`) + 1)"),
    (.literal(.string("O'Brien")), .postgres, "'O''Brien'"),
    (.column("we\"ird"), .postgres, "\"we\"\"ird\""),
    (.column("we`ird"), .spark, "`we``ird`"),
    (.literal(.date(0)), .postgres, "DATE '1970-01-01'"),
    (.literal(.date(0)), .sqlite, "'1970-01-01'"),
    (.call("today", []), .spark, "DATE '2025-01-01'"),
    (.call("min", [.column("a"), .column("b")]), .spark, "LEAST(`a`, `b`)"),
    (.isMissing(.column("a"), negated: true), .postgres, "(\"a\" IS NOT NULL)"),
    (.call("if", [.column("c"), .literal(.int(1)), .literal(.int(2))]), .postgres, "(CASE WHEN \"c\" THEN 1 WHEN NOT \"c\" THEN 2 END)"),
  ])
  func expressionsPrintAsSQL(_ e: ColumnExpr, _ dialect: SQLDialect, _ expected: String) throws {
    #expect(try SQLPrinter(dialect: dialect, schemas: [:], context: Self.context).sql(e) == expected)
  }

  @Test func aPlanPrintsAsOneStatement() throws {
    let printer = SQLPrinter(dialect: .postgres, schemas: ["c": ["id", "spend"]], context: Self.context)
    let plan = LogicalPlan.aggregate(.filter(.scan("c"), .binary(.greater, .column("spend"), .literal(.int(10)))), by: [], [
      AggregateExpression("n", .count, nil), AggregateExpression("middle", .median, .column("spend")),
    ])
    #expect(try printer.sql(plan) == """
      SELECT COUNT(*) AS "n", PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY "spend") AS "middle" FROM (SELECT "id", "spend" FROM (SELECT "id", "spend" FROM "c") AS t WHERE ("spend" > 10)) AS t
      """)
  }

  @Test(arguments: [
    LogicalPlan.sample(.scan("c"), rows: 5, seed: 1),
    .aggregate(.scan("c"), by: [], [AggregateExpression("f", .first, .column("id"))]),
    .derive(.scan("c"), [DerivedColumn("r", .call("round", [.column("spend")]))], where: nil),
  ])
  func whatSQLCannotSayTheSameWayIsRefused(_ plan: LogicalPlan) {
    let printer = SQLPrinter(dialect: .postgres, schemas: ["c": ["id", "spend"]], context: Self.context)
    #expect(throws: EngineError.self) { try printer.sql(plan) }
  }
}
