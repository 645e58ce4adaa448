import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Helpers for the data-source tests: real data sets read by the CSV reader (itself checked
/// against pandas) as the frames every other source must give back bit for bit.
enum DataSourceFixtures {
  /// The real data sets small enough to round-trip in every test run.
  static let datasets = ["wholesale_customers.csv", "bank_marketing_full.csv", "online_retail_2010-12.csv"]

  static func frame(_ name: String) throws -> DataFrame {
    try CSVReader.read(path: try #require(SharedData.path(name))).frame
  }

  /// A fresh path in a temporary folder of this test run.
  static func temporaryPath(_ name: String) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-sources-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("\(UUID().uuidString)-\(name)").path
  }

  /// Whether seg's value is the one a peer read, as its reference script wrote it (doubles as
  /// "f:<repr>", compared exactly; dates as ISO text).
  static func matches(_ value: Scalar, _ reference: Any) -> Bool {
    if let s = reference as? String, s.hasPrefix("f:") {
      let d = Double(s.dropFirst(2))
      switch value {
      case .double(let v): return v == d
      case .int(let v): return Double(v) == d
      default: return false
      }
    }
    switch (value, reference) {
    case (.missing, is NSNull): return true
    // Whole numbers past 2^53 compare exactly (a JSON parser may read them as decimals).
    case (.int(let v), let n as NSNumber): return Double(v) == n.doubleValue || n.int64Value == Int64(v)
    case (.double(let v), let n as NSNumber): return v == n.doubleValue
    case (.bool(let v), let n as NSNumber): return v == n.boolValue
    case (.string(let v), let s as String): return v == s
    case (.date(let d), let s as String): return CivilDate.format(days: d) == s
    case (.datetime(let t), let s as String): return CivilDate.format(seconds: t) == s
    default: return false
    }
  }

  /// The first difference between two frames (names, types, then values with doubles compared
  /// bit for bit), or nil when they are the same.
  static func difference(_ a: DataFrame, _ b: DataFrame) -> String? {
    guard a.columnNames == b.columnNames else { return "columns \(a.columnNames) vs \(b.columnNames)" }
    guard a.rowCount == b.rowCount else { return "\(a.rowCount) rows vs \(b.rowCount)" }
    for (x, y) in zip(a.columns, b.columns) {
      guard x.type == y.type else { return "\(x.name): \(x.type) vs \(y.type)" }
      for row in 0..<a.rowCount {
        let (u, v) = (x.value(at: row), y.value(at: row))
        if case .double(let p) = u, case .double(let q) = v, p.bitPattern == q.bitPattern { continue }
        if u != v { return "\(x.name) row \(row + 1): \(u) vs \(v)" }
      }
    }
    return nil
  }
}

extension Optional where Wrapped == String {
  /// For `#expect(difference == nil, …)` messages.
  var orSame: String { self ?? "same" }
}

/// JSON, NDJSON and SQLite files pandas wrote, read by seg to the values pandas read from
/// them (Reference/sources, made by scripts/make-reference-sources.py).
struct PandasSourcesTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/sources").path
  nonisolated(unsafe) static let expected: [String: Any] = {
    guard let data = FileManager.default.contents(atPath: folder + "/expected.json") else { return [:] }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
  }()

  @Test(arguments: ["records.json", "records.ndjson", "shop.db"])
  func readsWhatPandasReads(_ file: String) throws {
    let values = try #require(Self.expected[file] as? [String: [Any]], "Reference/sources/expected.json is missing")
    let path = Self.folder + "/" + file
    let frame = file.hasSuffix(".db")
      ? try SQLiteReader.read(path: path, SQLReadRequest(source: .table("customers"), context: EvaluationContext(today: 0))).frame
      : try DataFile.read(path: path).frame
    #expect(frame.columnNames.sorted() == values.keys.sorted())
    for column in frame.columns {
      let wanted = try #require(values[column.name])
      #expect(column.count == wanted.count)
      let wrong = (0..<min(column.count, wanted.count)).filter { !DataSourceFixtures.matches(column.value(at: $0), wanted[$0]) }
      #expect(wrong.isEmpty, "\(file) \(column.name): row \(wrong.first.map { $0 + 1 } ?? 0) is \(wrong.first.map { column.value(at: $0) } ?? .missing), pandas read \(wrong.first.map { wanted[$0] } ?? "")")
    }
  }
}
