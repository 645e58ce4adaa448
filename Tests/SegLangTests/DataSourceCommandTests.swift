import Foundation
import SegEngine
import Testing
@testable import SegLang

/// load and export with JSON files and database tables, through the language.
@Suite struct DataSourceCommandTests {
  static func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("seg-lang-\(getpid())-\(UUID().uuidString)-\(name)").path
  }

  static func same(_ a: DataFrame, _ b: DataFrame) -> Bool {
    a.columnNames == b.columnNames && a.rowCount == b.rowCount
      && zip(a.columns, b.columns).allSatisfy { x, y in x.type == y.type && (0..<a.rowCount).allSatisfy { x.value(at: $0) == y.value(at: $0) } }
  }

  /// What export writes, load reads back as the same frame: JSON, NDJSON-free, SQLite.
  @Test(arguments: ["json", "parquet", "sqlite"])
  func exportThenLoadGivesTheFrameBack(_ format: String) throws {
    let file = Self.temporary("customers.\(format == "sqlite" ? "db" : format)")
    let h = SessionHarness()
    let out = format == "sqlite" ? "export to sqlite \"\(file)\" table=customers\nload sqlite \"\(file)\" table=customers as back" : "export to \"\(file)\"\nload \"\(file)\" as back"
    #expect(h.run("sample customers n=300 seed=2\n" + out) == "")
    #expect(Self.same(try h.session.env.catalog.frame(named: "customers"), try h.session.env.catalog.frame(named: "back")))
  }

  @Test func ndjsonWithColumnsAndWhere() throws {
    let file = Self.temporary("events.ndjson")
    try Data("{\"id\": 1, \"amount\": 5}\n{\"id\": 2, \"amount\": 7.5, \"note\": \"x\"}\n{\"id\": 3}\n".utf8).write(to: URL(fileURLWithPath: file))
    let h = SessionHarness()
    #expect(h.run("load \"\(file)\" columns=id,amount where amount > 6") == "")
    #expect(h.output.last?.hasSuffix(": 1 row × 2 columns") == true)
  }

  /// columns= and where go into the SQL; explain=true shows it.
  @Test func sqlitePushDownIsShown() throws {
    let file = Self.temporary("shop.db")
    let h = SessionHarness()
    #expect(h.run("sample customers n=200 seed=3\nexport to sqlite \"\(file)\" table=customers\n"
      + "load sqlite \"\(file)\" table=customers columns=customer_id,age where age >= 60 explain=true as old") == "")
    #expect(h.output.contains("SQL: SELECT \"customer_id\", \"age\" FROM \"customers\" WHERE (\"age\" >= 60)"))
    let old = try h.session.env.catalog.frame(named: "old")
    #expect(old.columnNames == ["customer_id", "age"] && old.rowCount > 0)
    #expect(try old.column("age").doubles()!.allSatisfy { $0 >= 60 })
  }

  @Test(arguments: [
    ("load sqlite \"F\"", "load sqlite needs table= or query="),
    ("load sqlite \"F\" table=t query=\"SELECT 1\"", "give table= or query=, not both"),
    ("load sqlite \"F\" table=custmers", "has no table \"custmers\""),
    ("load sqlite \"F\" table=customers delimiter=\";\"", "delimiter= is for CSV files"),
    ("load sqlite \"F\" table=customers where round(age) > 3", "round() rounds half to even in seg"),
    ("load \"C\" table=customers", "table= is for a database"),
    ("export to sqlite \"F\" table=customers", "already has a table \"customers\"; export with mode=replace"),
    ("export to sqlite \"F\" format=json table=x", "format= is for files, not a database table"),
    ("export to sqlite \"F\"", "export to sqlite needs table="),
    ("export to \"C\" mode=append", "mode= is for a database"),
    ("load \"F\"", "this file holds an SQLite database, not CSV; read a table of it with load sqlite"),
    ("export to \"C\" compression=zstd", "compression= is for Parquet files"),
    ("load model \"C\" table=t as m", "table= is for data, not a model"),
    ("export to sqlite \"F\" table=x compression=zstd", "compression= is for files, not a database table"),
  ])
  func mistakes(_ command: String, _ expected: String) throws {
    let (db, csv) = (Self.temporary("m.db"), Self.temporary("m.csv"))
    let h = SessionHarness()
    #expect(h.run("sample customers n=20 seed=1\nexport to sqlite \"\(db)\" table=customers\nexport to \"\(csv)\"") == "")
    let diagnostic = h.run(command.replacingOccurrences(of: "\"F\"", with: "\"\(db)\"").replacingOccurrences(of: "\"C\"", with: "\"\(csv)\""))
    #expect(diagnostic.contains(expected), "\(diagnostic)")
  }

  /// The writer makes, byte for byte, the file pyarrow read as the same table as seg's CSV
  /// (scripts/make-reference-parquet.py checked it when it made Reference/parquet).
  @Test func parquetWriterMakesTheFilePyarrowChecked() throws {
    let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("SegEngineTests/Reference/parquet/seg_customers.parquet")
    let checked = try Data(contentsOf: reference)
    let made = try ParquetWriter.encode(try SampleData.customers(count: 200, seed: 1), createdBy: "seg version \(SegVersion.current)")
    #expect(Data(made) == checked, "the writer's output changed: run scripts/make-reference-parquet.py, which checks it in pyarrow again")
  }

  /// A password written in a connection string is refused, and appears nowhere: not in the
  /// diagnostic, the transcript, nor the notebook.
  @Test func passwordInAConnectionStringIsRefusedAndHidden() throws {
    let h = SessionHarness()
    let diagnostic = h.run("load postgres \"postgresql://ana:s3cret-pw@127.0.0.1:1/shop\" table=orders")
    #expect(diagnostic.contains("a password in the connection string") && diagnostic.contains("ana:***@"))
    let notebook = try h.session.env.notebook(title: nil, withDate: false)
    let everything = diagnostic + h.output.joined() + h.session.transcript.joined() + "\(notebook)"
    #expect(!everything.contains("s3cret-pw"))
  }

  @Test(.enabled(if: ProcessInfo.processInfo.environment["SEG_TEST_POSTGRES"] != nil, "no PostgreSQL server: run `eval \"$(scripts/postgres start)\"` first (CI does); skipped"))
  func postgresThroughTheLanguage() throws {
    let url = ProcessInfo.processInfo.environment["SEG_TEST_POSTGRES"]!
    let table = "lang_\(getpid())"
    let h = SessionHarness()
    #expect(h.run("""
      sample customers n=400 seed=4
      export to postgres "\(url)" table=\(table)
      load postgres "\(url)" table=\(table) columns=customer_id,income where income > 50000 explain=true as rich
      export to postgres "\(url)" table=\(table) mode=replace from=rich
      load postgres "\(url)" query="SELECT count(*) AS n FROM \(table)" as n
      """) == "")
    let rich = try h.session.env.catalog.frame(named: "rich")
    #expect(try h.session.env.catalog.frame(named: "n").column("n").value(at: 0) == .int(rich.rowCount))
    #expect(h.output.contains { $0.contains("WHERE (\"income\" > 50000)") })
    // The manifest lists each read: the server (no password) and the SQL sent.
    let inputs = try h.session.env.notebook(title: nil, withDate: false).manifest.inputs
    #expect(inputs.count == 2 && inputs.allSatisfy { $0.liveDatabase && $0.path.hasPrefix(ConnectionString.redacted(url) + ": SELECT") })
    #expect(inputs[1].path.hasSuffix("SELECT count(*) AS n FROM \(table)"), "\(inputs[1].path)")
    let diagnostic = h.run("load postgres \"\(url)\" table=\(table.dropLast())")
    #expect(diagnostic.contains("did you mean \"\(table)\"?"), "\(diagnostic)")
  }
}
