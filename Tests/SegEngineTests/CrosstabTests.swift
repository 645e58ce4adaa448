import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Crosstab against pandas.crosstab (Reference/crosstab.json, made by
/// scripts/make-reference-crosstab.py): counts and sums under every normalisation and means,
/// on Bank Marketing and on generated data with missing keys, missing values and an empty pair.
@Suite struct CrosstabTests {
  nonisolated(unsafe) static let reference = try! JSONSerialization.jsonObject(
    with: Data(contentsOf: ClusterReferenceTests.folder.appendingPathComponent("crosstab.json"))) as! [String: Any]

  static let cases = ["none", "row", "column", "all"].flatMap { n in [("count", n), ("sum", n)] } + [("mean", "none")]

  static func tabulate(_ frame: DataFrame, rows: String, columns: String, value: String, _ function: String, _ normalization: String) throws -> Crosstab {
    let aggregate = function == "count" ? nil : AggregateFunction(rawValue: function)!
    let spec = AggregateSpec(name: "value", function: aggregate ?? .count, input: aggregate == nil ? nil : try frame.column(value))
    return try Crosstab(grouped: try frame.aggregated(by: [rows, columns], [spec]), rows: rows, columns: columns, value: "value",
      function: aggregate, normalization: Crosstab.Normalization(rawValue: normalization)!)
  }

  static func compare(_ table: Crosstab, _ expected: [String: Any], _ what: String) {
    #expect(table.rowLabels.map(ValueFormatter.plain) == expected["rows"] as! [String], "\(what) rows")
    #expect(table.columnLabels.map(ValueFormatter.plain) == expected["columns"] as! [String], "\(what) columns")
    let values = expected["values"] as! [[Any]]
    for (i, row) in values.enumerated() {
      for (j, cell) in row.enumerated() {
        let got = table.cells[i][j]
        if let want = cell as? Double {
          #expect(abs(got - want) <= 1e-12 * max(1, abs(want)), "\(what) [\(i)][\(j)]: \(got) vs \(want)")
        } else {
          #expect(got.isNaN, "\(what) [\(i)][\(j)] should be missing, is \(got)")
        }
      }
    }
  }

  @Test(arguments: cases)
  func generatedDataMatchesPandas(_ function: String, _ normalization: String) throws {
    let frame = try CSVReader.read(path: ClusterReferenceTests.folder.appendingPathComponent("crosstab_generated.csv").path).frame
    let expected = (Self.reference["generated"] as! [String: Any])["\(function)_\(normalization)"] as! [String: Any]
    Self.compare(try Self.tabulate(frame, rows: "segment", columns: "region", value: "amount", function, normalization), expected, "\(function) \(normalization)")
  }

  @Test(.enabled(if: SharedData.path("bank_marketing.csv") != nil, "../shared/data is absent; real-data tests skipped"), arguments: cases)
  func bankMarketingMatchesPandas(_ function: String, _ normalization: String) throws {
    var options = CSVReadOptions()
    options.delimiter = UInt8(ascii: ";")
    let bank = try CSVReader.read(path: try #require(SharedData.path("bank_marketing.csv")), options: options).frame
    let expected = try #require((Self.reference["bank"] as? [String: Any])?["\(function)_\(normalization)"] as? [String: Any])
    Self.compare(try Self.tabulate(bank, rows: "job", columns: "marital", value: "balance", function, normalization), expected, "\(function) \(normalization)")
  }

  @Test func sharesOfMeansAreRefused() throws {
    let frame = try CSVReader.read(path: ClusterReferenceTests.folder.appendingPathComponent("crosstab_generated.csv").path).frame
    #expect { try Self.tabulate(frame, rows: "segment", columns: "region", value: "amount", "mean", "row") } throws: {
      "\($0)".contains("shares are of counts or sums")
    }
  }

  @Test func theFrameKeepsCountsWholeAndNamesColumnsByTheirValues() throws {
    let frame = try CSVReader.read(path: ClusterReferenceTests.folder.appendingPathComponent("crosstab_generated.csv").path).frame
    let kept = try Self.tabulate(frame, rows: "segment", columns: "region", value: "amount", "count", "none").frame()
    #expect(kept.columnNames == ["segment", "East", "North", "South"])
    #expect(try kept.column("East").type == .int)
    #expect(try kept.column("East").value(at: 2) == .int(0))
  }
}
