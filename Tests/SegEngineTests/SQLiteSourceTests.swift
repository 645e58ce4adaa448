import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// SQLite in and out: round trips of real data, declared types, push-down, all-or-nothing
/// exports, and the bad databases people have.
struct SQLiteSourceTests {
  static let context = EvaluationContext(today: 0)

  static func request(_ table: String, columns: [String] = [], where condition: ColumnExpr? = nil) -> SQLReadRequest {
    SQLReadRequest(source: .table(table), columns: columns, condition: condition, context: context)
  }

  /// A database made with the sqlite3 library itself, for types seg did not write.
  static func database(_ statements: String) throws -> String {
    let path = DataSourceFixtures.temporaryPath("made.db")
    let db = try SQLiteDatabase(path: path, writable: true)
    try db.execute(statements)
    return path
  }

  @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; real-data round trips skipped"),
    arguments: DataSourceFixtures.datasets)
  func roundTrip(_ name: String) throws {
    let frame = try DataSourceFixtures.frame(name)
    let path = DataSourceFixtures.temporaryPath("round.db")
    try SQLiteWriter.write(frame, to: path, table: "data", mode: .create)
    let back = try SQLiteReader.read(path: path, Self.request("data")).frame
    #expect(DataSourceFixtures.difference(frame, back) == nil, "\(DataSourceFixtures.difference(frame, back).orSame)")
  }

  @Test func declaredTypes() throws {
    let path = try Self.database("""
      CREATE TABLE t (i INTEGER, r REAL, n NUMERIC(10,2), s VARCHAR(20), b BOOLEAN, d DATE, ts DATETIME, x);
      INSERT INTO t VALUES (1, 1.5, 12.25, 'a', 1, '2011-12-09', '2011-12-09 08:26:00', 3);
      INSERT INTO t VALUES (NULL, 2, NULL, NULL, 'false', NULL, '2011-12-10', 4.5);
      """)
    let result = try SQLiteReader.read(path: path, Self.request("t"))
    #expect(dump(result.frame) == "i:int=1|·; r:double=1.5|2.0; n:double=12.25|·; s:string=a|·; b:bool=true|false; d:date=2011-12-09|·; ts:datetime=2011-12-09 08:26:00|2011-12-10 00:00:00; x:double=3.0|4.5")
    #expect(result.notes.first?.contains("n is NUMERIC/DECIMAL") == true)
  }

  /// `columns=` and `where` become the SQL, and give what filtering after loading gives.
  @Test func pushDown() throws {
    let frame = try SampleData.customers(count: 500, seed: 5)
    let path = DataSourceFixtures.temporaryPath("push.db")
    try SQLiteWriter.write(frame, to: path, table: "customers", mode: .create)
    let condition = ColumnExpr.binary(.and, .binary(.greater, .column("age"), .literal(.int(50))), .binary(.equal, .column("region"), .literal(.string("North"))))
    let result = try SQLiteReader.read(path: path, Self.request("customers", columns: ["customer_id", "age"], where: condition))
    #expect(result.sql == #"SELECT "customer_id", "age" FROM "customers" WHERE (("age" > 50) AND ("region" = 'North'))"#)
    let local = try frame.filtering(try frame.evaluateCondition(condition, context: Self.context)).selecting(["customer_id", "age"])
    #expect(DataSourceFixtures.difference(local, result.frame) == nil)
    #expect(result.frame.rowCount > 0 && result.frame.rowCount < 500)
  }

  @Test func queryWithPushDown() throws {
    let path = try Self.database("CREATE TABLE o (c INTEGER, amount REAL); INSERT INTO o VALUES (1, 5), (1, 7), (2, 1);")
    let request = SQLReadRequest(source: .query("SELECT c, sum(amount) AS total FROM o GROUP BY c;"), condition: .binary(.greater, .column("total"), .literal(.int(2))), context: Self.context)
    let result = try SQLiteReader.read(path: path, request)
    #expect(dump(result.frame) == "c:int=1; total:double=12.0")
  }

  @Test func exportModes() throws {
    let frame = try DataFrame(columns: [Column.ints("id", [1, 2]), Column.strings("name", ["a", nil])])
    let path = DataSourceFixtures.temporaryPath("modes.db")
    try SQLiteWriter.write(frame, to: path, table: "t", mode: .create)
    #expect(throws: EngineError.self) { try SQLiteWriter.write(frame, to: path, table: "t", mode: .create) }
    try SQLiteWriter.write(frame, to: path, table: "t", mode: .append)
    #expect(try SQLiteReader.read(path: path, Self.request("t")).frame.rowCount == 4)
    try SQLiteWriter.write(frame, to: path, table: "t", mode: .replace)
    #expect(dump(try SQLiteReader.read(path: path, Self.request("t")).frame) == "id:int=1|2; name:string=a|·")
  }

  /// A row the table refuses, late in the export, leaves the table as it was.
  @Test func exportIsAllOrNothing() throws {
    let path = try Self.database("CREATE TABLE t (id INTEGER CHECK (id < 1000)); INSERT INTO t VALUES (1);")
    let frame = try DataFrame(columns: [Column.ints("id", Array(2..<2_000))])
    #expect(throws: EngineError.self) { try SQLiteWriter.write(frame, to: path, table: "t", mode: .append) }
    #expect(try SQLiteReader.read(path: path, Self.request("t")).frame.rowCount == 1)
    // A database made for a failed export is not left behind.
    let fresh = DataSourceFixtures.temporaryPath("fresh.db")
    let bad = try DataFrame(columns: [Column.ints("id", [1])])
    #expect(throws: EngineError.self) { try SQLiteWriter.write(bad, to: fresh, table: "sqlite_master", mode: .create) }
    #expect(!FileManager.default.fileExists(atPath: fresh))
  }

  @Test(arguments: [
    ("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES ('abc');", "row 1, column a: holds the text \"abc\" in a numeric column"),
    ("CREATE TABLE t (a DATE); INSERT INTO t VALUES ('2011-12-09'), ('09/12/2011');", "row 2, column a: holds \"09/12/2011\", which is not an ISO date"),
    ("CREATE TABLE t (a BLOB); INSERT INTO t VALUES (x'00ff');", "binary data"),
    ("CREATE TABLE t (a); INSERT INTO t VALUES (1), ('x');", "row 2, column a: text but record 1 made it a number"),
    ("CREATE TABLE t (a BOOLEAN); INSERT INTO t VALUES (2);", "in a BOOLEAN column"),
  ])
  func badValues(_ statements: String, _ problem: String) throws {
    let path = try Self.database(statements)
    #expect {
      try SQLiteReader.read(path: path, Self.request("t"))
    } throws: { error in
      (error as? EngineError)?.message.contains(problem) == true
    }
  }

  @Test func badDatabases() throws {
    let path = try Self.database("CREATE TABLE customers (a INTEGER); CREATE TABLE orders (b INTEGER);")
    #expect(throws: EngineError.tableNotFound(name: "custmers", available: ["customers", "orders"], source: path)) {
      try SQLiteReader.read(path: path, Self.request("custmers"))
    }
    #expect(throws: EngineError.columnNotFound(name: "c", available: ["a"])) {
      try SQLiteReader.read(path: path, Self.request("customers", columns: ["c"]))
    }
    let bad = SQLReadRequest(source: .query("SELEC 1"), context: Self.context)
    #expect { try SQLiteReader.read(path: path, bad) } throws: { ($0 as? EngineError)?.message.contains("syntax error") == true }
    // Cut short, and not a database at all.
    let whole = try Data(contentsOf: URL(fileURLWithPath: path))
    for (name, bytes) in [("cut.db", whole.prefix(600)), ("junk.db", Data("SQLite format 3\u{0}junk".utf8))] {
      let broken = DataSourceFixtures.temporaryPath(name)
      try bytes.write(to: URL(fileURLWithPath: broken))
      #expect { try SQLiteReader.read(path: broken, Self.request("customers")) } throws: {
        ($0 as? EngineError)?.message.contains("is not an SQLite database, or is damaged") == true
      }
    }
    #expect { try SQLiteReader.read(path: "/nonexistent/shop.db", Self.request("t")) } throws: {
      ($0 as? EngineError)?.message.contains("cannot open") == true
    }
  }
}
