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
