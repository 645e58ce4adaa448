import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// The throwaway server `scripts/postgres start` runs (CI starts it); unset, these tests skip.
enum TestServer {
  static let url = ProcessInfo.processInfo.environment["SEG_TEST_POSTGRES"]
  static let log = ProcessInfo.processInfo.environment["SEG_TEST_POSTGRES_LOG"]
  static let skipped: Comment = "no PostgreSQL server: run `eval \"$(scripts/postgres start)\"` first (CI does); PostgreSQL tests skipped"

  static func connect() throws -> PostgresConnection { try PostgresConnection(try #require(url)) }

  /// A table name of this test's own, so tests run side by side.
  static func table(_ stem: String) -> String { "\(stem)_\(getpid())_\(UInt32.random(in: 0...UInt32.max))" }
}

/// PostgreSQL in and out against a real server: round trips of real data, exact types,
/// push-down seen in the server's own log, all-or-nothing exports, and the failures people meet.
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipped), .serialized)
struct PostgresSourceTests {
  static let context = EvaluationContext(today: 0)

  static func request(_ table: String, columns: [String] = [], where condition: ColumnExpr? = nil) -> SQLReadRequest {
    SQLReadRequest(source: .table(table), columns: columns, condition: condition, context: context)
  }

  @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; real-data round trips skipped"),
    arguments: DataSourceFixtures.datasets)
  func roundTrip(_ name: String) throws {
    let frame = try DataSourceFixtures.frame(name)
    let connection = try TestServer.connect()
    let table = TestServer.table("round")
    defer { try? connection.execute("DROP TABLE IF EXISTS \"\(table)\"") }
    try PostgresWriter.write(frame, to: connection, table: table, mode: .create)
    let back = try PostgresReader.read(connection, Self.request(table)).frame
    // The server keeps no row order without ORDER BY; a fresh table gives it back as written.
    #expect(DataSourceFixtures.difference(frame, back) == nil, "\(DataSourceFixtures.difference(frame, back).orSame)")
  }

  /// Every type seg reads, as psycopg and pandas would give it (float4 as its shortest decimal,
  /// numeric as the nearest double, timestamptz in UTC).
  @Test func types() throws {
    let connection = try TestServer.connect()
    let table = TestServer.table("types")
    defer { try? connection.execute("DROP TABLE IF EXISTS \"\(table)\"") }
    try connection.execute("""
      SET TIME ZONE 'Europe/Lisbon';
      CREATE TABLE "\(table)" (a smallint, b integer, c bigint, d real, e double precision, f numeric(12,4), g text,
        h varchar(10), i char(3), j boolean, k date, l timestamp, m timestamptz, n numeric);
      INSERT INTO "\(table)" VALUES (-3, 2147483647, -9007199254740993, 1.1, 0.1, -12345.6789, 'é😀', 'v', 'ab', true,
        '1969-07-20', '1999-12-31 23:59:59.75', '2011-12-09 08:26:00+01', 0.000123);
      INSERT INTO "\(table)" VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '1900-01-01 00:00:00', NULL, 'NaN');
      """)
    let result = try PostgresReader.read(connection, SQLReadRequest(source: .query("SELECT * FROM \"\(table)\" ORDER BY a NULLS LAST"), context: Self.context))
    #expect(dump(result.frame) == "a:int=-3|·; b:int=2147483647|·; c:int=-9007199254740993|·; d:double=1.1|·; e:double=0.1|·; f:double=-12345.6789|·; g:string=é😀|·; h:string=v|·; i:string=ab |·; j:bool=true|·; k:date=1969-07-20|·; l:datetime=1999-12-31 23:59:59|1900-01-01 00:00:00; m:datetime=2011-12-09 07:26:00|·; n:double=0.000123|·")
    #expect(result.notes.contains { $0.contains("f, n are NUMERIC/DECIMAL") })
    #expect(result.notes.contains { $0.contains("m has a time zone in the database, read as UTC") })
  }

  /// The filter runs in the database: the server's own log shows the statement with it, and
  /// its plan filters the scan.
  @Test func pushDown() throws {
    let frame = try SampleData.customers(count: 800, seed: 9)
    let connection = try TestServer.connect()
    let table = TestServer.table("push")
    defer { try? connection.execute("DROP TABLE IF EXISTS \"\(table)\"") }
    try PostgresWriter.write(frame, to: connection, table: table, mode: .create)
    let condition = ColumnExpr.binary(.and, .binary(.greater, .column("income"), .literal(.int(60_000))), .binary(.equal, .column("channel"), .literal(.string("online"))))
    let result = try PostgresReader.read(connection, Self.request(table, columns: ["customer_id", "income"], where: condition))
    let local = try frame.filtering(try frame.evaluateCondition(condition, context: Self.context)).selecting(["customer_id", "income"])
    #expect(DataSourceFixtures.difference(local, result.frame) == nil)
    let plan = try connection.rows("EXPLAIN \(result.sql)").compactMap { $0[0] }.joined(separator: "\n")
    #expect(plan.contains("Seq Scan on \(table)") && plan.contains("Filter: ((income > '60000'::double precision) AND (channel = 'online'::text))"), "\(plan)")
    if let log = TestServer.log, let text = try? String(contentsOfFile: log, encoding: .utf8) {
      #expect(text.contains("COPY (\(result.sql)) TO STDOUT (FORMAT binary)"))
    }
  }

  @Test func exportModesAndAtomicity() throws {
    let connection = try TestServer.connect()
    let table = TestServer.table("modes")
    defer { try? connection.execute("DROP TABLE IF EXISTS \"\(table)\"") }
    let frame = try DataFrame(columns: [Column.ints("id", [1, 2]), Column.strings("name", ["a\tb\\c\nd", nil]), Column.dates("day", [0, nil])])
    try PostgresWriter.write(frame, to: connection, table: table, mode: .create)
    #expect(throws: EngineError.self) { try PostgresWriter.write(frame, to: connection, table: table, mode: .create) }
    try PostgresWriter.write(frame, to: connection, table: table, mode: .append)
    #expect(try PostgresReader.read(connection, Self.request(table)).frame.rowCount == 4)
    try PostgresWriter.write(frame, to: connection, table: table, mode: .replace)
    #expect(dump(try PostgresReader.read(connection, Self.request(table)).frame) == dump(frame))
    // A value the server refuses on the last row: nothing of the export stays.
    let bad = try DataFrame(columns: [Column.ints("id", [3, 4]), Column.strings("name", ["ok", "nul\u{0}byte"]), Column.dates("day", [1, 2])])
    #expect(throws: PostgresError.self) { try PostgresWriter.write(bad, to: connection, table: table, mode: .append) }
    #expect(try PostgresReader.read(connection, Self.request(table)).frame.rowCount == 2)
    let fresh = TestServer.table("fresh")
    #expect(throws: PostgresError.self) { try PostgresWriter.write(bad, to: connection, table: fresh, mode: .create) }
    #expect(try connection.rows("SELECT to_regclass($1)", [fresh]).first?.first! == nil)
  }

  /// `schema.table` names a table of another schema, for reading and writing.
  @Test func schemaQualifiedTables() throws {
    let connection = try TestServer.connect()
    let schema = TestServer.table("sales")
    try connection.execute("CREATE SCHEMA \"\(schema)\"")
    defer { try? connection.execute("DROP SCHEMA \"\(schema)\" CASCADE") }
    let frame = try DataFrame(columns: [Column.ints("id", [1, 2, 3])])
    try PostgresWriter.write(frame, to: connection, table: "\(schema).orders", mode: .create)
    #expect(throws: EngineError.self) { try PostgresWriter.write(frame, to: connection, table: "\(schema).orders", mode: .create) }
    try PostgresWriter.write(frame, to: connection, table: "\(schema).orders", mode: .append)
    let back = try PostgresReader.read(connection, Self.request("\(schema).orders", where: .binary(.greater, .column("id"), .literal(.int(1)))))
    #expect(dump(back.frame) == "id:int=2|3|2|3")
    #expect(back.sql.contains("FROM \"\(schema)\".\"orders\""))
  }

  @Test func failures() throws {
    let url = try #require(TestServer.url)
    let connection = try TestServer.connect()
    let table = TestServer.table("customers")
    defer { try? connection.execute("DROP TABLE IF EXISTS \"\(table)\"") }
    try connection.execute("CREATE TABLE \"\(table)\" (a integer, j json); INSERT INTO \"\(table)\" VALUES (1, '{}')")
    // A wrong password: refused, and never shown.
    #expect { try PostgresConnection(url, password: "wrong-secret-42") } throws: { error in
      let text = "\(error)"
      return text.contains("password authentication failed") && !text.contains("wrong-secret-42")
    }
    // A password in the connection string is refused before connecting, and hidden.
    let withPassword = url.replacingOccurrences(of: "seg@", with: "seg:hunter2@")
    #expect { try PostgresConnection(withPassword) } throws: { error in
      let text = "\(error)"
      return text.contains("seg:***@") && !text.contains("hunter2")
    }
    // A server that is down.
    let down = url.replacingOccurrences(of: #":\d+/"#, with: ":1/", options: .regularExpression)
    #expect { try PostgresConnection(down) } throws: { "\($0)".contains("cannot connect") }
    // A table that does not exist: did you mean.
    #expect { try PostgresReader.read(connection, Self.request(String(table.dropLast()))) } throws: { error in
      guard case .tableNotFound(_, let available, _)? = error as? EngineError else { return false }
      return available.contains(table)
    }
    // A query with a syntax error: the server's message and where it points.
    #expect { try PostgresReader.read(connection, SQLReadRequest(source: .query("SELECT * FORM x"), context: Self.context)) } throws: { error in
      let text = "\(error)"
      return text.contains("syntax error at or near \"FORM\"") && text.contains("\"FORM x) AS q\"")
    }
    // A type seg does not read: cast it.
    #expect { try PostgresReader.read(connection, Self.request(table)) } throws: { error in
      (error as? EngineError)?.message.contains("column j is of type json") == true
    }
    #expect(dump(try PostgresReader.read(connection, Self.request(table, columns: ["a"])).frame) == "a:int=1")
  }
}
