import Foundation
import Testing
@testable import SegEngine

/// One CSV edge case: bytes in, the expected frame (as `dump`) or an error fragment out.
struct CSVCase: Sendable, CustomTestStringConvertible {
  var name: String
  var bytes: [UInt8]
  var options: CSVReadOptions = CSVReadOptions()
  var expected: String
  var testDescription: String { name }

  init(_ name: String, _ text: String, _ expected: String, options: (inout CSVReadOptions) -> Void = { _ in }) {
    self.name = name
    bytes = Array(text.utf8)
    self.expected = expected
    options(&self.options)
  }

  init(_ name: String, bytes: [UInt8], _ expected: String, options: (inout CSVReadOptions) -> Void = { _ in }) {
    self.name = name
    self.bytes = bytes
    self.expected = expected
    options(&self.options)
  }
}

@Suite struct CSVReaderTests {
  static let cases: [CSVCase] = [
    CSVCase("plain", "a,b\n1,x\n2,y\n", "a:int=1|2; b:string=x|y"),
    CSVCase("no final newline", "a,b\n1,x\n2,y", "a:int=1|2; b:string=x|y"),
    CSVCase("CRLF", "a,b\r\n1,x\r\n2,y\r\n", "a:int=1|2; b:string=x|y"),
    CSVCase("CR only (CSV for Macintosh)", "a,b\r1,x\r2,y\r", "a:int=1|2; b:string=x|y"),
    CSVCase("CR only, no final newline", "a,b\r1,x\r2,y", "a:int=1|2; b:string=x|y"),
    CSVCase("BOM", "\u{FEFF}a,b\n1,2\n", "a:int=1; b:int=2"),
    CSVCase("doubled BOM", "\u{FEFF}\u{FEFF}a,b\n1,2\n", "a:int=1; b:int=2"),
    CSVCase("quoted delimiter", "a,b\n\"x,y\",1\n", "a:string=x,y; b:int=1"),
    CSVCase("doubled quotes", "a\n\"say \"\"hi\"\"\"\n", "a:string=say \"hi\""),
    CSVCase("quoted newline", "a,b\n\"line1\nline2\",1\n3,4\n", "a:string=line1\nline2|3; b:int=1|4"),
    CSVCase("quoted CRLF inside", "a,b\r\n\"x\r\ny\",1\r\n", "a:string=x\r\ny; b:int=1"),
    CSVCase("semicolon sniffed", "a;b\n1,5;x\n2,5;y\n", "a:string=1,5|2,5; b:string=x|y"),
    CSVCase("decimal comma", "a;b\n1,5;x\n2,25;y\n", "a:double=1.5|2.25; b:string=x|y") { $0.decimalComma = true },
    CSVCase("tab sniffed", "a\tb\n1\t2\n", "a:int=1; b:int=2"),
    CSVCase("pipe sniffed", "a|b\n1|2\n", "a:int=1; b:int=2"),
    CSVCase("explicit delimiter", "a;b,c\n1;2,3\n", "a:int=1; b,c:string=2,3") { $0.delimiter = UInt8(ascii: ";") },
    CSVCase("no header", "1,2\n3,4\n", "column_1:int=1|3; column_2:int=2|4") { $0.header = false },
    CSVCase("missing tokens", "a,b\n1,NA\nN/A,x\nnull,NaN\n,y\n", "a:int=1|·|·|·; b:string=·|x|·|y"),
    CSVCase("quoted NA is text", "a\n\"NA\"\nx\n", "a:string=NA|x"),
    CSVCase("custom na", "a\n-\n1\n", "a:int=·|1") { $0.naTokens = ["-"] },
    CSVCase("named na tokens match quoted fields", "a\n\"unknown\"\n\"x\"\n", "a:string=·|x") {
      $0.naTokens = ["unknown"]
      $0.quotedMissing = true
    },
    CSVCase("double inference", "a\n1\n2.5\n-3e2\n", "a:double=1.0|2.5|-300.0"),
    CSVCase("bool inference", "a\ntrue\nFALSE\nTrue\n", "a:bool=true|false|true"),
    CSVCase("date inference", "d\n2011-12-09\n2010-01-31\n", "d:date=2011-12-09|2010-01-31"),
    CSVCase("datetime inference", "t\n2011-12-09 08:30:00\n2011-12-09T23:59\n", "t:datetime=2011-12-09 08:30:00|2011-12-09 23:59:00"),
    CSVCase("invalid date stays text", "d\n2011-02-30\n", "d:string=2011-02-30"),
    CSVCase("date_format", "d\n09/12/2011\n31/01/2010\n", "d:date=2011-12-09|2010-01-31") { $0.dateFormat = "%d/%m/%Y" },
    CSVCase("date_format with time", "d\n12/1/2010 8:26\n", "d:datetime=2010-12-01 08:26:00") { $0.dateFormat = "%m/%d/%Y %H:%M" },
    CSVCase("mixed int and text", "a\n536365\nC536379\n", "a:string=536365|C536379"),
    CSVCase("int overflow becomes double", "a\n99999999999999999999\n", "a:double=1e+20"),
    CSVCase("all missing column", "a,b\n1,\n2,\n", "a:int=1|2; b:double=·|·"),
    CSVCase("header only", "a,b\n", "a:string=; b:string="),
    CSVCase("blank lines skipped", "a\n1\n\n2\n", "a:int=1|2"),
    CSVCase("empty column name", "a,,c\n1,2,3\n", "a:int=1; column_2:int=2; c:int=3"),
    CSVCase("duplicate column names", "a,a,a\n1,2,3\n", "a:int=1; a_2:int=2; a_3:int=3"),
    CSVCase("spaces kept in text", "a\n  x \n", "a:string=  x "),
    CSVCase("latin-1", bytes: Array("name\n".utf8) + [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x0A], "name:string=Müller") {
      $0.encoding = .latin1
    },
    CSVCase("trailing delimiter gives empty last field", "a,b\n1,\n", "a:int=1; b:double=·"),
    CSVCase("bad rows skipped", "a,b\n1,2\n3\n4,5,6\n7,8\n", "a:int=1|7; b:int=2|8") { $0.onBadRows = .skip },
    // Errors: a fragment of the message that must appear.
    CSVCase("ragged row", "a,b\n1,2\n3\n", "error: mem:3: has 1 fields, expected 2; fix the row, or load with on_bad_rows=skip"),
    CSVCase("too many fields", "a,b\n1,2,3\n", "error: mem:2: has 3 fields, expected 2"),
    CSVCase("unterminated quote", "a,b\n1,\"abc\n2,3\n", "error: mem:2: a quoted field never closes"),
    CSVCase("empty file", "", "error: mem: the file is empty"),
    CSVCase("bad header", "\"a\"x,b\n1,2\n", "error: mem:1: the header row: text after a closing quote"),
    CSVCase("text after closing quote", "a,b\n\"x\"y,1\n", "error: mem:2: text after a closing quote"),
    CSVCase("invalid UTF-8 names the row", bytes: Array("a\nok\n".utf8) + [0xFF, 0xFE, 0x0A], "error: mem:3: column \"a\" has bytes that are not valid UTF-8; if the file is Latin-1 (ISO-8859-1), load it with encoding=latin1"),
    CSVCase("bad date_format", "a\n1\n", "error: invalid value \"%Q\" for date_format") { $0.dateFormat = "%Q" },
  ]

  @Test(arguments: cases)
  func reads(_ c: CSVCase) {
    do {
      let result = try CSVReader.read(bytes: c.bytes, path: "mem", options: c.options)
      #expect(dump(result.frame) == c.expected)
    } catch let e as EngineError {
      #expect(c.expected.hasPrefix("error: "), "unexpected error: \(e.message)")
      let fragment = String(c.expected.dropFirst(7))
      #expect(e.message.contains(fragment), "\(e.message)")
    } catch {
      Issue.record("unexpected error type \(error)")
    }
  }

  @Test func tenThousandColumns() throws {
    let header = (0..<10_000).map { "c\($0)" }.joined(separator: ",")
    let row = (0..<10_000).map { String($0) }.joined(separator: ",")
    let f = try CSVReader.read(bytes: Array("\(header)\n\(row)\n\(row)\n".utf8), path: "wide").frame
    #expect(f.columns.count == 10_000)
    #expect(f.rowCount == 2)
    #expect(f.columns[9_999].value(at: 1) == .int(9_999))
  }

  @Test func oneMegabyteField() throws {
    let big = String(repeating: "x", count: 1 << 20)
    let f = try CSVReader.read(bytes: Array("a,b\n\"\(big)\",1\n".utf8), path: "big").frame
    #expect(f.columns[0].value(at: 0) == .string(big))
  }

  /// Large enough to be split into chunks parsed on several threads, with quoted newlines
  /// placed so that a chunk boundary falls inside a quoted field.
  @Test func chunkedParsingMatchesSequential() throws {
    var text = "id,note,value\n"
    for i in 0..<60_000 {
      text += i % 7 == 0 ? "\(i),\"multi\nline, \"\"quoted\"\"\",\(i).5\n" : "\(i),plain \(i % 13),\(i).5\n"
    }
    let frame = try CSVReader.read(bytes: Array(text.utf8), path: "chunks").frame
    #expect(frame.rowCount == 60_000)
    #expect(frame.columns[1].value(at: 7) == .string("multi\nline, \"quoted\""))
    #expect(frame.columns[0].value(at: 59_999) == .int(59_999))
    #expect(frame.columns[2].value(at: 59_999) == .double(59_999.5))
  }

  @Test func roundTripThroughWriter() throws {
    let original = try SampleData.customers(count: 500, seed: 3)
    let bytes = CSVWriter.encode(original)
    let back = try CSVReader.read(bytes: bytes, path: "rt").frame
    #expect(dump(back) == dump(original))
  }

  @Test func roundTripKeepsAwkwardText() throws {
    let original = try DataFrame(columns: [
      .strings("t", ["NA", "", "a,b", "say \"hi\"", "two\nlines", " padded ", nil]),
      // Separators the reader sniffs: unquoted, they made the file read back split on them.
      .strings("s", ["a;b", "c;d", "e;f", "g\th", "i|j", "k;l;m", "n;o"]),
      .doubles("x", [0.1, 1e-7, -2.5, 1e300, .nan, 3, 12345.678]),
    ])
    let back = try CSVReader.read(bytes: CSVWriter.encode(original), path: "rt").frame
    #expect(dump(back) == dump(original))
  }

  /// Every dialect a spreadsheet writes reads back as the same frame, decimal comma included
  /// (exponents, negatives and text holding the separators).
  @Test(arguments: [(",", false), (";", true), ("\t", true), ("|", false), (";", false)])
  func roundTripInEveryDialect(delimiter: String, decimalComma: Bool) throws {
    let original = try DataFrame(columns: [
      .ints("n", [1, -2, nil, 40_000, 5, 6, 7]),
      .doubles("x", [0.1, 1e-7, -2.5, 1e300, .nan, 3, 12345.678]),
      .strings("s", ["a;b", "1,5", "e\tf", "g|h", "i,j;k", "NA", nil]),
    ])
    let dialect = CSVWriter.Dialect(delimiter: delimiter.utf8.first!, decimalComma: decimalComma)
    var options = CSVReadOptions()
    options.delimiter = dialect.delimiter
    options.decimalComma = decimalComma
    let back = try CSVReader.read(bytes: CSVWriter.encode(original, dialect: dialect), path: "rt", options: options).frame
    #expect(dump(back) == dump(original))
  }

  @Test func writerIsAtomicMakesMissingFoldersAndRefusesAFileInTheWay() throws {
    let frame = try SampleData.customers(count: 5, seed: 1)
    #expect(throws: EngineError.self) { try CSVWriter.write(frame, to: "/dev/null/x.csv") }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-atomic-\(getpid())")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("x.csv").path
    try CSVWriter.write(frame, to: path)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["x.csv"])
    #expect(throws: EngineError.self) { try CSVWriter.write(frame, to: dir.path) }
  }
}

@Suite struct JSONWriterTests {
  @Test func writesRecordsWithNullsAndEscapes() throws {
    let frame = try DataFrame(columns: [
      .ints("id", [1, nil]), .doubles("x", [0.5, .nan]), .strings("s", ["a \"q\"\n", nil]),
      .bools("b", [true, nil]), .dates("d", [0, nil]),
    ])
    let text = String(decoding: JSONWriter.encode(frame), as: UTF8.self)
    #expect(text == """
      [
        {"id": 1, "x": 0.5, "s": "a \\"q\\"\\n", "b": true, "d": "1970-01-01"},
        {"id": null, "x": null, "s": null, "b": null, "d": null}
      ]

      """)
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
    #expect(parsed?.count == 2)
  }
}

/// A file in another format is named by what it holds, not parsed as a broken CSV.
@Suite struct FileFormatTests {
  @Test(arguments: [
    ("[{\"a\": 1}]", FileFormat.json), ("{\"a\": 1}\n{\"a\": 2}\n", .json), ("  [\n  1, 2]", .json), ("[]", .json),
    ("SQLite format 3\u{0}rest", .sqlite), ("PAR1\u{0}\u{0}", .parquet), ("PK\u{3}\u{4}zip", .zip), ("%PDF-1.7", .pdf),
    ("a,b\n1,2\n", .csv), ("[id],name\n1,x\n", .csv), ("{name};x\n", .csv), ("", .csv),
  ])
  func theFormatIsToldFromTheBytes(_ text: String, _ format: FileFormat) {
    #expect(Array(text.utf8).withUnsafeBufferPointer { FileFormat.sniff($0) } == format)
  }

  @Test func loadingJSONSaysItIsJSON() {
    #expect { try CSVReader.read(bytes: Array("[{\"age\": 3}]".utf8), path: "c.json") } throws: { "\($0)".contains("holds JSON, not CSV") }
  }
}
