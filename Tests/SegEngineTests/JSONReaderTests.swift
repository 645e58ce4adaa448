import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// JSON and NDJSON in: typing, round trips of what `export format=json` writes, located errors.
struct JSONReaderTests {
  static func read(_ text: String) throws -> DataFrame { try JSONReader.read(bytes: Array(text.utf8), path: "x.json") }

  @Test(arguments: [
    ("[{\"a\": 1, \"b\": \"x\"}, {\"a\": 2, \"b\": null}]", "a:int=1|2; b:string=x|·"),
    ("{\"a\": 1}\n{\"a\": 2.5, \"c\": true}\n", "a:double=1.0|2.5; c:bool=·|true"),
    ("[{\"d\": \"2011-12-09\"}, {\"d\": null}]", "d:date=2011-12-09|·"),
    ("[{\"t\": \"2011-12-09 08:26:00\"}, {\"t\": \"2011-12-09T10:00:00\"}]", "t:datetime=2011-12-09 08:26:00|2011-12-09 10:00:00"),
    ("[{\"z\": \"00123\"}, {\"z\": \"12\"}]", "z:string=00123|12"),
    ("[{\"s\": \"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\\n\"}]", "s:string=a\"b\\cé😀\n"),
    ("[{\"n\": null}, {}]", "n:double=·|·"),
    ("[{\"big\": 12345678901234567890}]", "big:double=1.2345678901234567e+19"),
    ("[{\"e\": -1.5e3, \"f\": 0}]", "e:double=-1500.0; f:int=0"),
    ("\u{FEFF}[ ]\n", ""),
  ])
  func typing(_ text: String, _ expected: String) throws {
    if expected.isEmpty {
      #expect(throws: EngineError.self) { try Self.read(text) }
      return
    }
    #expect(dump(try Self.read(text)) == expected)
  }

  /// Bad input: where (line:column) and what.
  @Test(arguments: [
    ("[{\"a\": 1},\n {\"a\": 2},\n {\"a\": \"three\"}]", "x.json:3:8:", "\"a\" in record 3 is text but record 1 made it a number"),
    ("[{\"a\": {\"b\": 1}}]", "x.json:1:8:", "a nested object"),
    ("[{\"a\": [1, 2]}]", "x.json:1:8:", "a nested array"),
    ("[{\"a\": 1}, {\"a\": 2}", "x.json:1:20:", "expected , or ]"),
    ("[{\"a\": \"open", "x.json:1:8:", "a string never closes"),
    ("[{\"a\": 01}]", "x.json:1:8:", "leading zero"),
    ("[{\"a\": \"\\q\"}]", "x.json:1:9:", "unknown escape"),
    ("[{\"a\": 1, \"a\": 2}]", "x.json:1:11:", "appears twice"),
    ("[1, 2]", "x.json:1:2:", "element 1 of the array is a number"),
    ("{\"a\": 1}\n[2]", "x.json:2:1:", "expected a record"),
    ("[{\"a\": tru}]", "x.json:1:8:", "expected true"),
    ("[{\"a\": 1}] x", "x.json:1:12:", "more data after the closing ]"),
    ("   ", "x.json:1:4:", "the file is empty"),
  ])
  func badInput(_ text: String, _ place: String, _ problem: String) {
    do {
      _ = try Self.read(text)
      Issue.record("no error for \(text)")
    } catch let error as EngineError {
      #expect(error.message.hasPrefix(place), "\(error.message)")
      #expect(error.message.contains(problem), "\(error.message)")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  /// What `export format=json` writes reads back as the same frame, bit for bit, on real data.
  @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; real-data round trips skipped"),
    arguments: DataSourceFixtures.datasets)
  func roundTrip(_ name: String) throws {
    let frame = try DataSourceFixtures.frame(name)
    let back = try JSONReader.read(bytes: JSONWriter.encode(frame), path: name + ".json")
    #expect(DataSourceFixtures.difference(frame, back) == nil, "\(DataSourceFixtures.difference(frame, back).orSame)")
  }

  /// `load` tells JSON from CSV by the bytes, gzip-compressed or not.
  @Test func sniffedByContent() throws {
    let path = DataSourceFixtures.temporaryPath("records.txt")
    try Data("[{\"id\": 1, \"ok\": true}]".utf8).write(to: URL(fileURLWithPath: path))
    let result = try DataFile.read(path: path)
    #expect(result.format == .json)
    #expect(dump(result.frame) == "id:int=1; ok:bool=true")
  }
}
