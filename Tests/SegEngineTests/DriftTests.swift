import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Drift measures against scripts/make-reference-drift.py (Reference/drift.json): bins, PSI
/// and Jensen–Shannon from their formulas, chi-squared and Kolmogorov–Smirnov from
/// scipy.stats, on Bank Marketing split in time order, Online Retail by month and generated
/// frames with missing values, ties and an unseen category.
@Suite struct DriftTests {
  nonisolated(unsafe) static let reference = try! JSONSerialization.jsonObject(
    with: Data(contentsOf: ClusterReferenceTests.folder.appendingPathComponent("drift.json"))) as! [String: Any]

  static func generated(_ name: String) throws -> DataFrame {
    try CSVReader.read(path: ClusterReferenceTests.folder.appendingPathComponent(name).path).frame
  }

  /// Relative closeness; p-values too small for a double's relative precision to matter
  /// compare in their order of magnitude.
  static func close(_ got: Double, _ want: Double, _ tolerance: Double = 1e-9) -> Bool {
    if want < 1e-250 { return got < 1e-240 }
    if want < 1e-12 { return abs(log(got) - log(want)) <= 1e-6 * abs(log(want)) }
    return abs(got - want) <= tolerance * max(1, abs(want))
  }

  static func check(_ baseline: DataFrame, _ current: DataFrame, _ expected: [String: Any], _ what: String) throws {
    let names = expected.keys.sorted()
    var reports: [DriftMethod: DriftReport] = [:]
    for method in DriftMethod.allCases {
      let columns = method == .ks ? names.filter { (expected[$0] as! [String: Any])["ks"] != nil } : names
      reports[method] = try DriftReport(baseline: baseline, current: current, columns: columns, method: method)
    }
    for name in names {
      let want = expected[name] as! [String: Any]
      let psi = try #require(reports[.psi]!.columns.first { $0.column == name })
      #expect(psi.bins.baseline == want["baseline"] as! [Int], "\(what) \(name) baseline bins")
      #expect(psi.bins.current == want["current"] as! [Int], "\(what) \(name) current bins")
      #expect(close(psi.statistic, want["psi"] as! Double), "\(what) \(name) psi \(psi.statistic)")
      let js = reports[.js]!.columns.first { $0.column == name }!
      #expect(close(js.statistic, want["js"] as! Double), "\(what) \(name) js \(js.statistic)")
      let chi2 = reports[.chi2]!.columns.first { $0.column == name }!
      #expect(close(chi2.statistic, want["chi2"] as! Double), "\(what) \(name) chi2 \(chi2.statistic)")
      #expect(close(chi2.pValue!, want["chi2_p"] as! Double, 1e-7), "\(what) \(name) chi2 p \(chi2.pValue!)")
      if let d = want["ks"] as? Double {
        let ks = reports[.ks]!.columns.first { $0.column == name }!
        #expect(close(ks.statistic, d), "\(what) \(name) ks \(ks.statistic)")
        #expect(close(ks.pValue!, want["ks_p"] as! Double, 1e-8), "\(what) \(name) ks p \(ks.pValue!)")
        // scipy's default p-value (exact below 10,000 rows) is within 0.01 of the limit.
        #expect(abs(ks.pValue! - (want["ks_2samp_p"] as! Double)) < 0.01, "\(what) \(name) ks p vs ks_2samp")
      }
    }
  }

  @Test func generatedFramesMatchTheReference() throws {
    let expected = Self.reference["generated"] as! [String: Any]
    try Self.check(try Self.generated("drift_baseline.csv"), try Self.generated("drift_current.csv"), expected, "generated")
  }

  @Test func aFrameAgainstItselfIsStable() throws {
    let frame = try Self.generated("drift_baseline.csv")
    try Self.check(frame, frame, Self.reference["generated_same"] as! [String: Any], "same")
    for method in DriftMethod.allCases {
      let columns = method == .ks ? ["income", "visits"] : ["income", "visits", "segment", "region"]
      #expect(try DriftReport(baseline: frame, current: frame, columns: columns, method: method).verdict == .stable)
    }
  }

  @Test(.enabled(if: SharedData.path("bank_marketing_full.csv") != nil, "../shared/data is absent; real-data tests skipped"))
  func bankMarketingInTimeOrder() throws {
    var options = CSVReadOptions()
    options.delimiter = UInt8(ascii: ";")
    let bank = try CSVReader.read(path: try #require(SharedData.path("bank_marketing_full.csv")), options: options).frame
    let expected = Self.reference["bank"] as! [String: Any]
    let half = expected["split"] as! Int
    try Self.check(bank.gather(Array(0..<half)), bank.gather(Array(half..<bank.rowCount)), expected["columns"] as! [String: Any], "bank")
  }

  @Test(.enabled(if: SharedData.path("online_retail.csv.gz") != nil, "../shared/data is absent; real-data tests skipped"))
  func onlineRetailByMonth() throws {
    let retail = try CSVReader.read(path: try #require(SharedData.path("online_retail.csv.gz"))).frame
    let dates = try retail.column("InvoiceDate")
    func month(_ y: Int, _ m: Int) -> [Int] {
      let from = CivilDate.days(year: y, month: m, day: 1) * 86400
      let to = CivilDate.days(year: y, month: m + 1, day: 1) * 86400
      return (0..<retail.rowCount).filter {
        guard case .datetime(let s) = dates.value(at: $0) else { return false }
        return s >= from && s < to
      }
    }
    try Self.check(retail.gather(month(2011, 1)), retail.gather(month(2011, 11)), Self.reference["retail"] as! [String: Any], "retail")
  }

  /// Bank Marketing's pdays is -1 for most early customers: the tied deciles merge into one
  /// edge, so its bins still show the later contacts instead of reading no drift.
  @Test func tiedQuantilesKeepTheHeavyValueInABinOfItsOwn() throws {
    let base = try DataFrame(columns: [.doubles("x", (0..<100).map { $0 < 85 ? -1 : Double($0) })])
    let current = try DataFrame(columns: [.doubles("x", (0..<100).map { $0 < 40 ? -1 : Double($0) })])
    let report = try DriftReport(baseline: base, current: current, columns: ["x"], method: .psi)
    #expect(report.columns[0].bins.labels == ["≤ -1", "(-1, 89.1]", "> 89.1"])
    #expect(report.columns[0].verdict == .major)
  }

  /// A column constant in the baseline (pdays in Bank Marketing's first half) is compared
  /// below, at and above its value.
  @Test func aConstantBaselineIsBinnedAroundItsValue() throws {
    let base = try DataFrame(columns: [.ints("x", [5, 5, 5, 5])])
    let current = try DataFrame(columns: [.ints("x", [4, 5, 6, 5])])
    let bins = try DriftReport(baseline: base, current: current, columns: ["x"], method: .psi).columns[0].bins
    #expect(bins.labels == ["< 5", "5", "> 5"])
    #expect(bins.baseline == [0, 4, 0] && bins.current == [1, 2, 1])
  }

  @Test(arguments: [
    (["missing"], DriftMethod.psi, "the current frame has no column \"missing\""),
    (["empty"], .psi, "\"empty\" has no value in the baseline"),
    (["kind"], .ks, "column \"kind\" is string, but a number or date for ks"),
    (["changes"], .psi, "column \"changes\" is string, but double as in the baseline is needed"),
  ])
  func badInputIsRefusedWithTheReason(_ columns: [String], _ method: DriftMethod, _ message: String) throws {
    let base = try DataFrame(columns: [.doubles("missing", [1, 2]), .doubles("empty", [.nan, .nan]), .strings("kind", ["a", "b"]), .doubles("changes", [1, 2])])
    let current = try DataFrame(columns: [.doubles("empty", [1, 2]), .strings("kind", ["a", "c"]), .strings("changes", ["x", "y"])])
    #expect { try DriftReport(baseline: base, current: current, columns: columns, method: method) } throws: {
      ($0 as! EngineError).message.contains(message)
    }
  }
}
