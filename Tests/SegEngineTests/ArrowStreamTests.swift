import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Arrow IPC streams, the format Spark Connect answers in: streams pyarrow wrote
/// (Reference/arrow, made by scripts/make-reference-arrow.py) read to the values pyarrow
/// reads; types seg does not read are refused by name; damaged streams fail with a message.
struct ArrowStreamTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/arrow").path
  nonisolated(unsafe) static let expected: [String: Any] = {
    guard let data = FileManager.default.contents(atPath: folder + "/expected.json") else { return [:] }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
  }()

  static func bytes(_ file: String) throws -> [UInt8] {
    try #require(FileManager.default.contents(atPath: folder + "/" + file), "Reference/arrow/\(file) is missing").map { $0 }
  }

  static func read(_ streams: [[UInt8]], source: String = "t") throws -> DataFrame {
    var reader = ArrowStreamReader(source: source)
    for s in streams { try reader.read(s) }
    return try reader.frame()
  }

  @Test func readsWhatPyarrowWrote() throws {
    let values = try #require(Self.expected["values"] as? [String: [Any]])
    let frame = try Self.read([try Self.bytes("types.arrows")])
    #expect(frame.columnNames == Self.expected["columns"] as? [String])
    #expect(frame.rowCount == Self.expected["rows"] as? Int)
    for column in frame.columns {
      let wanted = try #require(values[column.name])
      let wrong = (0..<column.count).filter { !DataSourceFixtures.matches(column.value(at: $0), wanted[$0]) }
      #expect(wrong.isEmpty, "\(column.name): row \(wrong.first.map { $0 + 1 } ?? 0) is \(wrong.first.map { column.value(at: $0) } ?? .missing), pyarrow read \(wrong.first.map { wanted[$0] } ?? "")")
    }
    let types = Dictionary(uniqueKeysWithValues: frame.columns.map { ($0.name, $0.type) })
    #expect(types["u64"] == .int && types["f32"] == .double && types["large_text"] == .string && types["day64"] == .date)
    #expect(types["ts_ns"] == .datetime && types["amount"] == .double && types["nothing"] == .double && types["flag"] == .bool)
  }

  /// What seg writes (a local frame going to Spark) reads back as the same frame: every type,
  /// missing values, text beyond ASCII, dates before 1970, and a frame of no rows. Spark's own
  /// reader takes it too (SparkBackendTests).
  @Test(arguments: [0, 1, 9, 300])
  func writtenStreamsReadBack(_ rows: Int) throws {
    var generator = SeededGenerator(seed: UInt64(rows))
    let pick = { (missingShare: Int, make: () -> Scalar) -> [Scalar] in
      (0..<rows).map { _ in Int.random(in: 0..<10, using: &generator) < missingShare ? .missing : make() }
    }
    var g2 = SeededGenerator(seed: 99)
    let frame = try DataFrame(columns: [
      Column.fromScalars("id", type: .int, pick(0) { .int(Int.random(in: Int.min...Int.max, using: &g2)) }),
      Column.fromScalars("spend", type: .double, pick(2) { .double(Double.random(in: -1e9...1e9, using: &g2)) }),
      Column.fromScalars("name", type: .string, pick(3) { .string(["", "Zoë", "東京", "a,b\"c", String(repeating: "x", count: 40)][Int.random(in: 0..<5, using: &g2)]) }),
      Column.fromScalars("member", type: .bool, pick(1) { .bool(Bool.random(using: &g2)) }),
      Column.fromScalars("joined", type: .date, pick(1) { .date(Int.random(in: -30000...30000, using: &g2)) }),
      Column.fromScalars("seen", type: .datetime, pick(5) { .datetime(Int.random(in: -2_000_000_000...4_000_000_000, using: &g2)) }),
    ])
    let back = try Self.read([try ArrowStreamWriter.stream(frame)])
    #expect(back.columnNames == frame.columnNames && back.rowCount == rows)
    for (got, want) in zip(back.columns, frame.columns) {
      #expect(got.type == want.type)
      let wrong = (0..<rows).first { got.value(at: $0) != want.value(at: $0) }
      #expect(wrong == nil, "\(want.name) row \((wrong ?? 0) + 1): \(wrong.map { got.value(at: $0) } ?? .missing), written \(wrong.map { want.value(at: $0) } ?? .missing)")
    }
  }

  /// A server sends one stream per batch: their rows follow each other; another schema is refused.
  @Test func streamsOfOneSchemaAddUp() throws {
    let one = try Self.bytes("types.arrows")
    let twice = try Self.read([one, one])
    let once = try Self.read([one])
    #expect(twice.rowCount == 2 * once.rowCount)
    #expect(twice.columns[3].value(at: once.rowCount + 5) == once.columns[3].value(at: 5))
    #expect { try Self.read([one, try Self.bytes("refused_list.arrows")]) } throws: { ($0 as? EngineError) != nil }
  }

  @Test(arguments: [
    ("refused_dictionary.arrows", "dictionary-encoded Arrow columns are not read"),
    ("refused_list.arrows", "column \"x\" has an Arrow type seg does not read"),
  ])
  func refusedWithAReason(_ file: String, _ reason: String) throws {
    let bytes = try Self.bytes(file)
    #expect { try Self.read([bytes], source: "server") } throws: {
      let message = ($0 as? EngineError)?.message ?? ""
      return message.hasPrefix("server: ") && message.contains(reason)
    }
  }

  /// A stream cut anywhere, or with bytes changed anywhere, reads or fails with a message
  /// naming where it came from; it never traps or reads outside the bytes.
  @Test func damagedStreamsFailCleanly() throws {
    let whole = try Self.bytes("types.arrows")
    for length in stride(from: 0, to: whole.count, by: 13) {
      do { _ = try Self.read([Array(whole.prefix(length))], source: "cut") } catch let error as EngineError {
        #expect(error.message.hasPrefix("cut: "))
      }
    }
    var generator = SeededGenerator(seed: 23)
    for _ in 0..<600 {
      var bytes = whole
      for _ in 0..<Int.random(in: 1...8, using: &generator) {
        bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
      }
      do { _ = try Self.read([bytes], source: "flipped") } catch let error as EngineError {
        #expect(error.message.hasPrefix("flipped: "))
      } catch {
        Issue.record("a damaged stream threw \(error)")
      }
    }
  }
}
