import Foundation
import SegTestSupport
import Testing
@testable import SegEngine

/// Segment migration against pandas.crosstab (scripts/make-reference-migration.py,
/// Reference/migration.json): labels in one frame, and in two frames matched by customer key.
@Suite struct MigrationTests {
  nonisolated(unsafe) static let reference = try! JSONSerialization.jsonObject(
    with: Data(contentsOf: ClusterReferenceTests.folder.appendingPathComponent("migration.json"))) as! [String: Any]

  static func frame(_ name: String) throws -> DataFrame {
    try CSVReader.read(path: ClusterReferenceTests.folder.appendingPathComponent(name).path).frame
  }

  static func check(_ m: SegmentMigration) {
    let r = Self.reference
    #expect(m.before.map { $0.doubleValue.map { Int($0) } } == (r["before"] as! [Int]))
    #expect(m.after.map { $0.doubleValue.map { Int($0) } } == (r["after"] as! [Int]))
    #expect(m.counts == r["counts"] as! [[Int]])
    let shares = r["row_shares"] as! [[Double]]
    for (got, want) in zip(m.rowShares.joined(), shares.joined()) { #expect(abs(got - want) < 1e-12) }
    #expect([m.stayed, m.moved, m.new, m.lost] == ["stayed", "moved", "new", "lost"].map { r[$0] as! Int })
  }

  @Test func labelsInOneFrameMatchPandas() throws {
    let merged = try Self.frame("migration_merged.csv")
    Self.check(try SegmentMigration(before: try merged.column("segment_before"), after: try merged.column("segment_after")))
  }

  @Test func labelsInTwoFramesAreMatchedByKey() throws {
    let m = try SegmentMigration(previous: try Self.frame("migration_before.csv"), before: "segment",
      current: try Self.frame("migration_after.csv"), after: "segment", key: "customer_id")
    Self.check(m)
    let first = m.stability(of: 0)
    #expect(first.customers == (Self.reference["counts"] as! [[Int]])[0].reduce(0, +))
    #expect(first.stayed == (Self.reference["counts"] as! [[Int]])[0][0])
  }

  /// Online Retail's customers by spend band in October and November 2011: the same
  /// crosstab as pandas, with November's new customers and October's lost ones.
  @Test(.enabled(if: SharedData.path("online_retail.csv.gz") != nil, "../shared/data is absent; the Online Retail migration is skipped"))
  func onlineRetailMonthsMatchPandas() throws {
    let r = try #require(Self.reference["onlineRetail"] as? [String: Any])
    let cuts = r["cuts"] as! [Double], months = r["months"] as! [String]
    let retail = try RetailFixture.clean(try CSVReader.read(path: SharedData.path("online_retail.csv.gz")!).frame)
    let ids = try retail.column("CustomerID"), when = try retail.column("InvoiceDate")
    let quantity = try retail.column("Quantity").doubles()!, price = try retail.column("UnitPrice").doubles()!
    var spend = [String: [Int: Double]]()
    for row in 0..<retail.rowCount {
      guard case .datetime(let seconds) = when.value(at: row), let id = ids.value(at: row).doubleValue else { continue }
      let day = CivilDate.components(Int((Double(seconds) / 86_400).rounded(.down)))
      let month = String(format: "%04d-%02d", day.year, day.month)
      guard months.contains(month) else { continue }
      spend[month, default: [:]][Int(id), default: 0] += quantity[row] * price[row]
    }
    let bands = { (month: String) throws -> DataFrame in
      let customers = spend[month]!.keys.sorted()
      return try DataFrame(columns: [
        .ints("customer_id", customers), .ints("band", customers.map { id in cuts.filter { spend[month]![id]! >= $0 }.count }),
      ])
    }
    let m = try SegmentMigration(previous: try bands(months[0]), before: "band", current: try bands(months[1]), after: "band", key: "customer_id")
    #expect(m.counts == r["counts"] as! [[Int]])
    #expect([m.stayed, m.new, m.lost] == ["stayed", "new", "lost"].map { r[$0] as! Int })
  }

  @Test func aRepeatedKeyIsRefusedWithBothRows() throws {
    let previous = try DataFrame(columns: [.ints("id", [1, 2, 1]), .ints("s", [0, 1, 1])])
    let current = try DataFrame(columns: [.ints("id", [1, 2]), .ints("s", [0, 0])])
    #expect { try SegmentMigration(previous: previous, before: "s", current: current, after: "s", key: "id") } throws: {
      ($0 as! EngineError).message == "the earlier frame has customer 1 twice in id (rows 1 and 3); dedupe by=id first"
    }
  }
}
