import Foundation
import Testing

@testable import SegEngine
import SegTestSupport

/// The one-pass block reader gives exactly the general reader's frame or error: it either
/// finishes with the type the general reader would give every column, or hands over.
@Suite struct CSVBlockLoaderTests {
  /// Every bit of a frame: values as stored (doubles by bit pattern, so -0.0 differs from
  /// 0.0), codes and levels, missing rows.
  static func exact(_ frame: DataFrame) -> String {
    frame.columns.map { c in
      let values: String
      switch c.storage {
      case .int(let v): values = "int " + v.map(String.init).joined(separator: ",")
      case .double(let v): values = "double " + v.map { String($0.bitPattern, radix: 16) }.joined(separator: ",")
      case .string(let codes, let levels): values = "text \(levels) " + codes.map(String.init).joined(separator: ",")
      case .bool(let v): values = "bool " + v.map { $0 ? "1" : "0" }.joined()
      case .date(let v): values = "date " + v.map(String.init).joined(separator: ",")
      case .datetime(let v): values = "datetime " + v.map(String.init).joined(separator: ",")
      }
      let missing = (0..<c.count).filter { !c.isValid($0) }
      return "\(c.name): \(values) missing \(missing)"
    }.joined(separator: "\n")
  }

  /// Reads with both readers; the block reader cut into small parts and blocks.
  static func both(_ text: String, _ options: CSVReadOptions, shape: CSVBlockLoader.Shape) -> (block: String, general: String, onePass: Bool) {
    var block = options
    block.blockShape = shape
    var general = options
    general.blockReader = false
    var onePass = false
    func read(_ o: CSVReadOptions) -> String {
      do {
        let result = try CSVReader.read(bytes: Array(text.utf8), path: "t.csv", options: o)
        onePass = onePass || result.onePass
        return exact(result.frame) + "\nskipped \(result.skippedRows) notes \(result.notes)"
      } catch {
        return "\(error)"
      }
    }
    let g = read(general)
    return (read(block), g, onePass)
  }

  /// Cells of each kind; a column draws from one kind and may switch to another late, after
  /// the sample, so that guesses fail in every way.
  static let kinds: [[String]] = [
    ["1", "-7", "+12", "0", "123456789", "9223372036854775807", "-0", "00042"],
    ["1.5", "-0.25", "3.", ".5", "-0.0", "1e3", "2.5E-3", "12345678.87654321", "1234567890123456789.5", "inf"],
    ["true", "false", "TRUE", "False"],
    ["2024-01-31", "1999-12-01", "2024-02-29", "2023-02-29", "0001-01-01"],
    ["2024-01-31 10:00", "2024-01-31T23:59:59", "2024-01-31 10:00:00.5"],
    ["North", "South", "\"East, far\"", "\"say \"\"hi\"\"\"", "\"NA\"", "suburban", "a somewhat longer text value"],
    ["", "NA", "null"],
  ]

  @Test(arguments: 0..<6)
  func blockReaderAgreesWithTheGeneralReader(_ batch: Int) {
    var g = SeededGenerator(seed: UInt64(5000 + batch))
    var onePass = 0
    let runs = 200
    for _ in 0..<runs {
      let columns = 1 + g.below(4)
      let rows = 1 + g.below(80)
      let plan = (0..<columns).map { _ in (first: g.below(Self.kinds.count), late: g.below(Self.kinds.count), at: g.below(rows + 20)) }
      var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
      for r in 0..<rows {
        switch g.below(40) {
        case 0: text += "\n"
        case 1 where g.below(3) == 0: text += Array(repeating: "1", count: columns + 1).joined(separator: ",") + "\n"  // ragged
        default:
          let cells = plan.map { p -> String in
            let kind = g.below(8) == 0 ? 6 : (r >= p.at ? p.late : p.first)  // some missing values anywhere
            return Self.kinds[kind][g.below(Self.kinds[kind].count)]
          }
          text += cells.joined(separator: ",") + (g.below(30) == 0 ? "\r\n" : "\n")
        }
      }
      if g.below(4) == 0 { text.removeLast() }
      var options = CSVReadOptions()
      options.onBadRows = g.below(2) == 0 ? .skip : .error
      if g.below(4) == 0 {  // missing tokens that read as values, so fields must be compared with them first
        options.naTokens = ["", "-7", "false", "2024-01-31", "NA"]
        options.quotedMissing = g.below(2) == 0
      }
      if g.below(5) == 0 {  // the first line is data
        options.header = false
        text.removeFirst(text.firstIndex(of: "\n").map { text.distance(from: text.startIndex, to: $0) + 1 } ?? 0)
      }
      let shape = CSVBlockLoader.Shape(
        sampleRows: 1 + g.below(12), blockRows: 1 + g.below(9), splitBytes: g.below(200), parts: 1 + g.below(5))
      let (block, general, usedBlock) = Self.both(text, options, shape: shape)
      #expect(block == general, "\(text)")
      if usedBlock { onePass += 1 }
    }
    // The block reader must finish often, or this test would only compare the general reader with itself.
    #expect(onePass > runs / 10, "the block reader finished \(onePass) of \(runs) files")
  }

  /// Files that reach each of the block reader's decisions, small parts and blocks.
  static let decisionCases: [(name: String, text: String, onePass: Bool)] = [
    ("whole numbers, a decimal in a later part", "x\n" + (1...30).map(String.init).joined(separator: "\n") + "\n2.5\n7\n", true),
    ("-0 among whole numbers that become decimals", "x\n1\n-0\n" + (1...30).map(String.init).joined(separator: "\n") + "\n0.5\n", false),
    ("-0 among whole numbers that stay whole", "x\n1\n-0\n" + (1...30).map(String.init).joined(separator: "\n") + "\n", true),
    ("no value in the sample, whole numbers later", "x,y\n" + String(repeating: ",a\n", count: 20) + "5,b\n6,c\n", true),
    ("no value in the sample, text later", "x,y\n" + String(repeating: ",a\n", count: 20) + "five,b\n", false),
    ("no value at all", "x,y\n" + String(repeating: ",a\n", count: 30), true),
    ("new levels in later parts", "t\n" + (0..<40).map { "level\($0 % 7 == 0 ? $0 : $0 % 3)" }.joined(separator: "\n") + "\n", true),
    ("a bad row late", "a,b\n" + String(repeating: "1,2\n", count: 30) + "1,2,3\n", false),
    ("a date column meets text late", "d\n" + String(repeating: "2024-01-01\n", count: 30) + "soon\n", false),
    ("blank lines leave gaps between parts", "a\n" + (1...40).map { $0 % 4 == 0 ? "\n\($0)" : "\($0)" }.joined(separator: "\n") + "\n", true),
    ("a quoted newline across a part boundary", "a,b\n" + (1...30).map { "\($0),\"x\ny\"" }.joined(separator: "\n") + "\n", false),
  ]

  @Test(arguments: decisionCases.indices)
  func decisions(_ index: Int) {
    let (name, text, expectOnePass) = Self.decisionCases[index]
    for parts in [1, 3] {
      let shape = CSVBlockLoader.Shape(sampleRows: 5, blockRows: 4, splitBytes: 0, parts: parts)
      let (block, general, onePass) = Self.both(text, CSVReadOptions(), shape: shape)
      #expect(block == general, "\(name), \(parts) parts")
      if parts == 3 || expectOnePass { #expect(onePass == expectOnePass, "\(name), \(parts) parts") }
    }
  }

  @Test func missingTokensThatReadAsNumbersStayMissing() throws {
    var options = CSVReadOptions()
    options.naTokens = ["-999", ""]
    options.blockShape = CSVBlockLoader.Shape(sampleRows: 2, blockRows: 3, splitBytes: 0, parts: 2)
    let text = "x\n1\n-999\n5\n" + String(repeating: "-999\n7\n", count: 10)
    let frame = try CSVReader.read(bytes: Array(text.utf8), path: "t.csv", options: options).frame
    #expect(frame.columns[0].missingCount == 11)
    #expect(frame.columns[0].type == .int)
  }

  @Test func invalidUTF8LateInTextGetsTheGeneralReadersError() {
    var bytes = Array(("t\n" + String(repeating: "abc\n", count: 30)).utf8)
    bytes += [0x61, 0xFF, 0x0A]
    var options = CSVReadOptions()
    options.blockShape = CSVBlockLoader.Shape(sampleRows: 5, blockRows: 4, splitBytes: 0, parts: 3)
    #expect(throws: EngineError.self) { try CSVReader.read(bytes: bytes, path: "t.csv", options: options) }
    do {
      _ = try CSVReader.read(bytes: bytes, path: "t.csv", options: options)
    } catch {
      #expect("\(error)".contains("t.csv:32"), "\(error)")
      #expect("\(error)".contains("encoding=latin1"))
    }
  }

  /// The customers file that `sample` makes is read in one pass, on one and on many parts.
  @Test func sampleCustomersAreReadInOnePass() throws {
    let frame = try SampleData.customers(count: 3000, seed: 3)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("seg-block-\(UUID().uuidString).csv").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try CSVWriter.write(frame, to: path)
    let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
    for shape in [CSVBlockLoader.Shape(), CSVBlockLoader.Shape(sampleRows: 50, blockRows: 97, splitBytes: 0, parts: 5)] {
      var options = CSVReadOptions()
      options.blockShape = shape
      let result = try CSVReader.read(bytes: bytes, path: path, options: options)
      #expect(result.onePass)
      var general = CSVReadOptions()
      general.blockReader = false
      #expect(Self.exact(result.frame) == Self.exact(try CSVReader.read(bytes: bytes, path: path, options: general).frame))
    }
  }

  /// The real data sets (CRLF; quoted text and `;`; gzip, mixed codes, missing customers)
  /// are read in one pass, and both readers give the same frame, bit for bit.
  static let realFiles = ["wholesale_customers.csv", "bank_marketing_full.csv", "online_retail.csv.gz"]

  @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; real-data tests skipped"),
        arguments: realFiles.indices)
  func realFilesAgree(_ index: Int) throws {
    let name = Self.realFiles[index]
    let path = try #require(SharedData.path(name))
    let block = try CSVReader.read(path: path)
    var general = CSVReadOptions()
    general.blockReader = false
    #expect(block.onePass, "\(name)")
    #expect(Self.exact(block.frame) == Self.exact(try CSVReader.read(path: path, options: general).frame), "\(name)")
  }
}
