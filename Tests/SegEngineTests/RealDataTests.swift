import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Loads, describes, filters, dedupes, aggregates and joins the real data sets and compares
/// with pandas (values in Reference/foundation.json, made by scripts/make-reference-foundation.py).
@Suite(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; real-data tests skipped"))
struct RealDataTests {
  nonisolated(unsafe) static let reference: [String: Any] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/foundation.json")
    guard let data = try? Data(contentsOf: url) else { return [:] }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
  }()

  static func close(_ a: Double, _ b: Double, rel: Double = 1e-9) -> Bool {
    a == b || abs(a - b) <= rel * max(abs(a), abs(b))
  }

  /// Compares `describe` with pandas for every column of a data set.
  static func checkDescribe(_ frame: DataFrame, _ ref: [String: Any]) throws {
    let summaries = try frame.describe()
    for s in summaries {
      let r = try #require(ref[s.name] as? [String: Any], "no reference for \(s.name)")
      #expect(s.count == r["count"] as? Int, "\(s.name) count")
      #expect(s.missing == r["missing"] as? Int, "\(s.name) missing")
      #expect(s.unique == r["unique"] as? Int, "\(s.name) unique")
      if let mean = r["mean"] as? Double {
        for (name, mine, theirs) in [
          ("mean", s.mean, mean), ("std", s.std, r["std"] as? Double), ("25%", s.q25, r["q25"] as? Double),
          ("50%", s.median, r["median"] as? Double), ("75%", s.q75, r["q75"] as? Double),
          ("min", s.min.doubleValue, r["min"] as? Double), ("max", s.max.doubleValue, r["max"] as? Double),
        ] {
          #expect(close(mine ?? .nan, theirs ?? .nan), "\(s.name) \(name): \(String(describing: mine)) vs \(String(describing: theirs))")
        }
      } else {
        #expect(s.topCount == r["topCount"] as? Int, "\(s.name) top count")
      }
    }
  }

  @Test func wholesale() throws {
    let f = try CSVReader.read(path: try #require(SharedData.path("wholesale_customers.csv"))).frame
    let ref = try #require(Self.reference["wholesale"] as? [String: Any])
    #expect(f.rowCount == 440)
    #expect(f.columns.allSatisfy { $0.type == .int })
    try Self.checkDescribe(f, try #require(ref["describe"] as? [String: Any]))
  }

  @Test func bankMarketing() throws {
    let f = try CSVReader.read(path: try #require(SharedData.path("bank_marketing_full.csv"))).frame
    let ref = try #require(Self.reference["bank"] as? [String: Any])
    #expect(f.rowCount == 45_211)
    #expect(try f.column("job").type == .string)
    #expect(try f.column("balance").type == .int)
    try Self.checkDescribe(f, try #require(ref["describe"] as? [String: Any]))
    let byJob = try f.aggregated(by: ["job"], [
      AggregateSpec(name: "n", function: .count, input: nil),
      AggregateSpec(name: "mean_balance", function: .mean, input: try f.column("balance")),
    ])
    let refJobs = try #require(ref["byJob"] as? [String: [String: Any]])
    #expect(byJob.rowCount == refJobs.count)
    for i in 0..<byJob.rowCount {
      guard case .string(let job) = byJob.columns[0].value(at: i) else { continue }
      let r = try #require(refJobs[job])
      #expect(byJob.columns[1].value(at: i) == .int(r["n"] as! Int))
      #expect(Self.close(byJob.columns[2].value(at: i).doubleValue ?? .nan, r["meanBalance"] as! Double))
    }
  }

  @Test func onlineRetail() throws {
    let f = try CSVReader.read(path: try #require(SharedData.path("online_retail.csv.gz"))).frame
    let ref = try #require(Self.reference["retail"] as? [String: Any])
    #expect(f.rowCount == 541_909)
    #expect(try f.column("InvoiceDate").type == .datetime)
    #expect(try f.column("InvoiceNo").type == .string)
    #expect(try f.column("CustomerID").missingCount == ref["missingCustomer"] as? Int)
    #expect(try f.deduplicated(by: [], keep: .first).rowCount == 541_909 - (ref["duplicateRows"] as! Int))

    let ctx = EvaluationContext(today: 0)
    var clean = try RetailFixture.clean(f)
    #expect(clean.rowCount == ref["cleanRows"] as? Int)
    var amount = try clean.evaluate(.binary(.multiply, .column("Quantity"), .column("UnitPrice")), context: ctx)
    amount.name = "Amount"
    try clean.setColumn(amount)
    let per = try clean.aggregated(by: ["CustomerID"], [
      AggregateSpec(name: "spend", function: .sum, input: amount),
      AggregateSpec(name: "invoices", function: .nunique, input: try clean.column("InvoiceNo")),
      AggregateSpec(name: "lines", function: .count, input: nil),
      AggregateSpec(name: "median_price", function: .median, input: try clean.column("UnitPrice")),
    ])
    let refPer = try #require(ref["perCustomer"] as? [String: [Double]])
    #expect(per.rowCount == refPer.count)
    var checked = 0
    for i in 0..<per.rowCount {
      guard case .int(let id) = per.columns[0].value(at: i), let r = refPer[String(id)] else { continue }
      #expect(Self.close(per.columns[1].value(at: i).doubleValue!, r[0]), "spend of \(id)")
      #expect(per.columns[2].value(at: i) == .int(Int(r[1])))
      #expect(per.columns[3].value(at: i) == .int(Int(r[2])))
      #expect(Self.close(per.columns[4].value(at: i).doubleValue!, r[3]))
      checked += 1
    }
    #expect(checked == 4_338)

    let byCountry = try f.aggregated(by: ["Country"], [
      AggregateSpec(name: "rows", function: .count, input: nil),
      AggregateSpec(name: "units", function: .sum, input: try f.column("Quantity")),
      AggregateSpec(name: "customers", function: .nunique, input: try f.column("CustomerID")),
      AggregateSpec(name: "mean_price", function: .mean, input: try f.column("UnitPrice")),
    ])
    let refCountry = try #require(ref["byCountry"] as? [String: [Double]])
    #expect(byCountry.rowCount == refCountry.count)
    for i in 0..<byCountry.rowCount {
      guard case .string(let c) = byCountry.columns[0].value(at: i), let r = refCountry[c] else {
        Issue.record("country missing from reference")
        continue
      }
      #expect(byCountry.columns[1].value(at: i) == .int(Int(r[0])))
      #expect(byCountry.columns[2].value(at: i) == .int(Int(r[1])))
      #expect(byCountry.columns[3].value(at: i) == .int(Int(r[2])))
      #expect(Self.close(byCountry.columns[4].value(at: i).doubleValue!, r[3]))
    }

    // Left join of per-customer spend onto December's rows, as pandas merge(how="left").
    let dec = try CSVReader.read(path: try #require(SharedData.path("online_retail_2010-12.csv"))).frame
    let joined = try dec.joined(with: try per.selecting(["CustomerID", "spend"]), on: ["CustomerID"], kind: .left)
    let refJoin = try #require(Self.reference["join"] as? [String: Any])
    let spend = try joined.column("spend")
    #expect(joined.rowCount == refJoin["rows"] as? Int)
    #expect(spend.count - spend.missingCount == refJoin["matched"] as? Int)
    #expect(Self.close(Statistics.sum(spend.doubles()!), refJoin["spendSum"] as! Double, rel: 1e-12))
  }
}
