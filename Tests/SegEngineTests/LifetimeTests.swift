import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Buy-till-you-die models against lifetimes on CDNOW and Online Retail
/// (Reference/lifetime.json from scripts/make-reference-lifetime.py).
@Suite struct LifetimeTests {
  struct Reference: Decodable {
    struct Fit: Decodable {
      var params: [String: Double]
      var logLikelihood: Double
      var standardErrors: [String: Double]?
      var pAlive: [String: Double]
      var expected: [String: Double]
    }
    struct Spend: Decodable {
      var params: [String: Double]
      var standardErrors: [String: Double]
      var customers: Int
      var logLikelihood: Double
      var correlation: Double
      var spend: [String: Double]
      var clv: [String: Double]
    }
    struct CDNOW: Decodable {
      var customers: Int
      var summarySHA256: String
      var summarySums: [Double]
      var durationHoldout: Double
      var bgnbd, mbgnbd, paretonbd: Fit
      var gammagamma: Spend
      var holdoutCheck: [[Double]]
      var tracking: [String: [Double]]
    }
    struct RetailFit: Decodable {
      var customers: Int
      var summary: [String: [Double]]
      var bgnbd: BasicFit?
      var gammagamma: BasicSpend
    }
    struct BasicFit: Decodable {
      var params: [String: Double]
      var logLikelihood: Double
    }
    struct BasicSpend: Decodable {
      var params: [String: Double]
      var correlation: Double
    }
    struct RetailHoldout: Decodable {
      var customers: Int
      var duration: Double
      var perCustomer: [String: [Double]]
    }
    struct Retail: Decodable {
      var day, week: RetailFit
      var holdout: RetailHoldout
    }
    var cdnow: CDNOW
    var onlineRetail: Retail
  }

  static let reference: Reference = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/lifetime.json")
    return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
  }()

  /// The continued fraction agrees with the plain series where both converge, up to z = 0.999.
  @Test(arguments: [(0.8, 2.5), (3.2, 4.0), (75.0, 77.5), (1.5, 60.0), (0.3, 1.2)])
  func continuedFractionMatchesSeries(b: Double, c: Double) {
    for z in [0.51, 0.7, 0.9, 0.99, 0.999] {
      let series = Hypergeometric.series(1, b, c, z)
      let fraction = Hypergeometric.unitFirst(b, c, z)
      #expect(abs(fraction - series) <= 1e-12 * series, "F(1, \(b); \(c); \(z)): \(fraction) vs \(series)")
    }
  }

  /// CDNOW's 2,357-customer sample as lifetimes ships it: id, sample id, yyyymmdd, CDs, dollars.
  static func cdnowTransactions() throws -> DataFrame {
    let text = try String(contentsOfFile: LifetimesData.path("CDNOW_sample.txt")!, encoding: .utf8)
    var ids: [Int] = [], days: [Int] = [], values: [Double] = []
    for line in text.split(whereSeparator: \.isNewline) {
      let f = line.split(separator: " ", omittingEmptySubsequences: true)
      let d = Int(f[2])!
      ids.append(Int(f[0])!)
      days.append(CivilDate.days(year: d / 10000, month: d / 100 % 100, day: d % 100))
      values.append(Double(f[4])!)
    }
    return try DataFrame(columns: [.ints("id", ids), .dates("date", days), .doubles("value", values)])
  }

  static func cdnowSummary() throws -> PurchaseSummary {
    let tx = try cdnowTransactions()
    var options = PurchaseSummary.Options(customer: "id", date: "date")
    options.unit = .week
    options.calibrationEnd = CivilDate.days(year: 1997, month: 9, day: 30)
    return try PurchaseSummary(tx, amount: try tx.column("value"), options: options)
  }


  @Test(.enabled(if: LifetimesData.path("CDNOW_sample.txt") != nil, "lifetimes' CDNOW data is absent (pip install lifetimes, or set SEG_LIFETIMES_DATA); CDNOW tests skipped"))
  func cdnowSummaryEqualsLifetimesForEveryCustomer() throws {
    let s = try Self.cdnowSummary()
    let ref = Self.reference.cdnow
    let ids = try #require(s.customers.doubles()).map { Int($0) }
    let holdout = try #require(s.holdout)
    var rows = ""
    for i in ids.indices {
      rows += String(format: "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\n", ids[i], s.frequency[i], s.recency[i], s.age[i], s.monetary![i],
        holdout.frequency[i], holdout.monetary![i])
    }
    #expect(ids.count == ref.customers)
    #expect(holdout.duration == ref.durationHoldout)
    let sums = [s.frequency, s.recency, s.age, s.monetary!, holdout.frequency, holdout.monetary!].map { $0.reduce(0, +) }
    for (mine, theirs) in zip(sums, ref.summarySums) { #expect(abs(mine - theirs) <= 1e-6 * max(1, abs(theirs))) }
    #expect(Fingerprint.hex(Data(rows.utf8)) == ref.summarySHA256)
  }

  static func model(_ kind: PurchaseModelKind, _ ref: Reference.Fit, unit: PurchaseSummary.Period = .week) -> LifetimeModel {
    LifetimeModel(kind: kind, parameters: kind.process.parameterNames.map { .init(name: $0, value: ref.params[$0]!, standardError: nil) },
      logLikelihood: ref.logLikelihood, customers: 0, iterations: 0, unit: unit, spend: nil, terms: .init())
  }

  static func fits() -> [(PurchaseModelKind, Reference.Fit)] {
    [(.bgnbd, reference.cdnow.bgnbd), (.mbgnbd, reference.cdnow.mbgnbd), (.paretonbd, reference.cdnow.paretonbd)]
  }

  @Test(.enabled(if: LifetimesData.path("CDNOW_sample.txt") != nil, "lifetimes' CDNOW data is absent (pip install lifetimes, or set SEG_LIFETIMES_DATA); CDNOW tests skipped"), arguments: [PurchaseModelKind.bgnbd, .mbgnbd, .paretonbd])
  func cdnowFitMatchesLifetimesAndThePapers(kind: PurchaseModelKind) throws {
    let s = try Self.cdnowSummary()
    let ref = Self.fits().first { $0.0 == kind }!.1
    let fit = try LifetimeModel.fit(frequency: s.frequency, recency: s.recency, age: s.age, monetary: nil, unit: .week, options: .init(kind: kind))
    for p in fit.parameters {
      let theirs = ref.params[p.name]!
      #expect(abs(p.value - theirs) <= 5e-4 * theirs, "\(kind) \(p.name): \(p.value) vs lifetimes \(theirs)")
      if let se = ref.standardErrors?[p.name] {
        let mine = try #require(p.standardError)
        #expect(abs(mine - se) <= 0.01 * se, "\(kind) se(\(p.name)): \(mine) vs lifetimes \(se)")
      }
    }
    #expect(abs(fit.logLikelihood - ref.logLikelihood) <= 0.01, "\(kind) log-likelihood \(fit.logLikelihood) vs \(ref.logLikelihood)")
  }

  /// With lifetimes' own parameters, every customer's P(alive) and expected purchases over
  /// 12 months (52.14 weeks) agree to 1e-9: the formulas are the same.
  @Test(.enabled(if: LifetimesData.path("CDNOW_sample.txt") != nil, "lifetimes' CDNOW data is absent (pip install lifetimes, or set SEG_LIFETIMES_DATA); CDNOW tests skipped"), arguments: [PurchaseModelKind.bgnbd, .mbgnbd, .paretonbd])
  func cdnowPredictionsMatchLifetimesPerCustomer(kind: PurchaseModelKind) throws {
    let s = try Self.cdnowSummary()
    let ref = Self.fits().first { $0.0 == kind }!.1
    let scores = try Self.model(kind, ref).score(frequency: s.frequency, recency: s.recency, age: s.age, monetary: nil)
    let ids = try #require(s.customers.doubles()).map { String(Int($0)) }
    var worst = (alive: 0.0, expected: 0.0)
    for (i, id) in ids.enumerated() {
      worst.alive = max(worst.alive, abs(scores.probabilityAlive[i] - ref.pAlive[id]!))
      worst.expected = max(worst.expected, abs(scores.expectedPurchases[i] - ref.expected[id]!) / max(1, ref.expected[id]!))
    }
    #expect(worst.alive <= 1e-9, "\(kind) P(alive) differs by \(worst.alive)")
    #expect(worst.expected <= 1e-9, "\(kind) expected purchases differ by \(worst.expected)")
  }

  @Test(.enabled(if: LifetimesData.path("CDNOW_sample.txt") != nil, "lifetimes' CDNOW data is absent (pip install lifetimes, or set SEG_LIFETIMES_DATA); CDNOW tests skipped"))
  func cdnowGammaGammaAndLifetimeValueMatchLifetimes() throws {
    let s = try Self.cdnowSummary()
    let ref = Self.reference.cdnow.gammagamma
    let spend = try LifetimeModel.fitSpend(frequency: s.frequency, monetary: s.monetary!, maxCorrelation: 0.3)
    #expect(spend.customers == ref.customers)
    #expect(abs(spend.correlation - ref.correlation) <= 1e-12)
    #expect(abs(spend.logLikelihood - ref.logLikelihood) <= 0.01)
    for p in spend.parameters {
      #expect(abs(p.value - ref.params[p.name]!) <= 5e-4 * ref.params[p.name]!, "\(p.name): \(p.value) vs \(ref.params[p.name]!)")
      #expect(abs(p.standardError! - ref.standardErrors[p.name]!) <= 0.01 * ref.standardErrors[p.name]!)
    }
    // Scored with lifetimes' parameters: spend and 12-month CLV at 1% a month, per customer.
    var model = Self.model(.bgnbd, Self.reference.cdnow.bgnbd)
    model.spend = .init(parameters: GammaGamma.parameterNames.map { .init(name: $0, value: ref.params[$0]!, standardError: nil) }, logLikelihood: 0, customers: 0, correlation: 0)
    let scores = try model.score(frequency: s.frequency, recency: s.recency, age: s.age, monetary: s.monetary)
    let ids = try #require(s.customers.doubles()).map { String(Int($0)) }
    for (i, id) in ids.enumerated() {
      #expect(abs(scores.expectedSpend![i] - ref.spend[id]!) <= 1e-9 * ref.spend[id]!)
      #expect(abs(scores.value![i] - ref.clv[id]!) <= 1e-8 * max(1, ref.clv[id]!), "customer \(id): CLV \(scores.value![i]) vs \(ref.clv[id]!)")
    }
  }

  /// The holdout check by calibration frequency (0…6, 7+) and the weekly cumulative repeat
  /// transactions, with lifetimes' BG/NBD parameters.
  @Test(.enabled(if: LifetimesData.path("CDNOW_sample.txt") != nil, "lifetimes' CDNOW data is absent (pip install lifetimes, or set SEG_LIFETIMES_DATA); CDNOW tests skipped"))
  func cdnowChecksMatchLifetimes() throws {
    let s = try Self.cdnowSummary()
    let model = Self.model(.bgnbd, Self.reference.cdnow.bgnbd)
    let groups = try model.holdoutCheck(s)
    let ref = Self.reference.cdnow.holdoutCheck
    #expect(groups.map(\.label) == ["0", "1", "2", "3", "4", "5", "6", "7+"])
    for (g, r) in zip(groups, ref) {
      #expect(g.customers == Int(r[1]))
      #expect(abs(g.actual - r[2]) <= 1e-12 && abs(g.expected - r[3]) <= 1e-9, "group \(g.label): \(g.actual), \(g.expected) vs \(r[2]), \(r[3])")
    }
    let track = model.tracking(s)
    let refTrack = Self.reference.cdnow.tracking
    #expect(track.actual == refTrack["actual"]!)
    #expect(track.expected.count == refTrack["predicted"]!.count)
    for (mine, theirs) in zip(track.expected, refTrack["predicted"]!) { #expect(abs(mine - theirs) <= 1e-9 * max(1, theirs)) }
  }

  @Test(.enabled(if: SharedData.path("online_retail.csv.gz") != nil, "../shared/data is absent; real-data tests skipped"), arguments: [PurchaseSummary.Period.day, .week])
  func onlineRetailSummaryEqualsLifetimes(period: PurchaseSummary.Period) throws {
    let (tx, amount) = try Self.onlineRetail()
    var options = PurchaseSummary.Options(customer: "CustomerID", date: "InvoiceDate")
    options.period = period
    let s = try PurchaseSummary(tx, amount: amount, options: options)
    let ref = period == .day ? Self.reference.onlineRetail.day : Self.reference.onlineRetail.week
    #expect(s.frequency.count == ref.customers)
    let ids = try #require(s.customers.doubles()).map { String(Int($0)) }
    var mismatches: [String] = []
    for (i, id) in ids.enumerated() {
      let r = ref.summary[id]!
      let mine = [s.frequency[i], s.recency[i], s.age[i], s.monetary![i]]
      if zip(mine, r).contains(where: { abs($0 - $1) > 1e-9 * max(1, abs($1)) }) { mismatches.append("\(id): \(mine) vs \(r)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.count) customers differ, e.g. \(mismatches.prefix(3))")
    if let fit = ref.bgnbd {
      let mine = try LifetimeModel.fit(frequency: s.frequency, recency: s.recency, age: s.age, monetary: nil, unit: period, options: .init(kind: .bgnbd))
      for p in mine.parameters where p.name != "a" {
        #expect(abs(p.value - fit.params[p.name]!) <= 5e-3 * fit.params[p.name]!, "\(p.name): \(p.value) vs \(fit.params[p.name]!)")
      }
      // The likelihood is nearly flat in a here (a ≈ 0.003): compare the maximum reached.
      #expect(mine.logLikelihood >= fit.logLikelihood - 0.01, "log-likelihood \(mine.logLikelihood) vs lifetimes \(fit.logLikelihood)")
    }
  }

  @Test(.enabled(if: SharedData.path("online_retail.csv.gz") != nil, "../shared/data is absent; real-data tests skipped"))
  func onlineRetailCalibrationAndHoldoutEqualLifetimes() throws {
    let (tx, amount) = try Self.onlineRetail()
    var options = PurchaseSummary.Options(customer: "CustomerID", date: "InvoiceDate")
    options.calibrationEnd = CivilDate.days(year: 2011, month: 9, day: 30)
    let s = try PurchaseSummary(tx, amount: amount, options: options)
    let ref = Self.reference.onlineRetail.holdout
    #expect(s.frequency.count == ref.customers)
    #expect(s.holdout?.duration == ref.duration)
    let ids = try #require(s.customers.doubles()).map { String(Int($0)) }
    var mismatches: [String] = []
    for (i, id) in ids.enumerated() {
      let r = ref.perCustomer[id]!
      let mine = [s.frequency[i], s.recency[i], s.age[i], s.holdout!.frequency[i], s.holdout!.monetary![i]]
      if zip(mine, r).contains(where: { abs($0 - $1) > 1e-9 * max(1, abs($1)) }) { mismatches.append("\(id): \(mine) vs \(r)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.count) customers differ, e.g. \(mismatches.prefix(3))")
  }

  /// Online Retail after the usual cleaning (a customer, no cancellation, positive quantity and price).
  static func onlineRetail() throws -> (DataFrame, Column) {
    let raw = try CSVReader.read(path: SharedData.path("online_retail.csv.gz")!).frame
    let invoice = try raw.column("InvoiceNo"), quantity = try raw.column("Quantity").doubles()!, price = try raw.column("UnitPrice").doubles()!
    let customer = try raw.column("CustomerID")
    let keep = (0..<raw.rowCount).filter { i in
      guard customer.isValid(i), quantity[i] > 0, price[i] > 0 else { return false }
      if case .string(let number) = invoice.value(at: i) { return !number.hasPrefix("C") }
      return true
    }
    let tx = raw.gather(keep)
    let amount = Column.doubles("amount", keep.map { quantity[$0] * price[$0] })
    return (tx, amount)
  }

  /// Data no model can be fitted to are refused with the reason; a fit is never NaN.
  @Test(arguments: [
    ([0.0, 0, 0], [0.0, 0, 0], [5.0, 3, 1], "no customer bought twice"),
    ([1.0, 2, 0], [0.0, 0, 0], [0.0, 0, 0], "first purchase is on the last day"),
    ([1.0, 1, 1, 1], [0.5, 0.5, 0.5, 0.5], [1.0, 1, 1, 1], "does not settle"),
    ([2.0, 0], [3.0, 0], [2.0, 4], "above T"),
    ([1.0, -1], [0.5, 0], [1.0, 1], "a whole number from 0"),
  ])
  func degenerateHistoriesAreRefused(frequency: [Double], recency: [Double], age: [Double], fragment: String) {
    for kind in PurchaseModelKind.allCases {
      do {
        let fit = try LifetimeModel.fit(frequency: frequency, recency: recency, age: age, monetary: nil, unit: .week, options: .init(kind: kind))
        Issue.record("\(kind) fitted \(fit.parameters.map(\.value)) where it should refuse (\(fragment))")
      } catch {
        #expect("\(error)".contains(fragment), "\(kind): \(error)")
      }
    }
  }

  @Test func spendModelNeedsRepeatBuyersWithPositiveSpend() {
    #expect(throws: EngineError.self) { try LifetimeModel.fitSpend(frequency: [1, 2, 0], monetary: [10, 12, 0], maxCorrelation: 0.3) }
    do {
      _ = try LifetimeModel.fitSpend(frequency: [1, 2, 3, 1], monetary: [10, -4, 12, 8], maxCorrelation: 1)
      Issue.record("negative spend accepted")
    } catch {
      #expect("\(error)".contains("row 2"))
    }
  }

  /// A lifetime model file that does not hold together is refused before anything reads it.
  @Test(arguments: [
    ("\"value\" : 0.2425", "\"value\" : -0.2425", "must be a positive number"),
    ("\"name\" : \"alpha\"", "\"name\" : \"beta\"", "must be r, alpha, a, b in that order"),
    ("\"months\" : 12", "\"months\" : 0", "months 1 to 1,200"),
  ])
  func damagedLifetimeFilesAreRefused(find: String, replace: String, fragment: String) throws {
    var model = Self.model(.bgnbd, Self.reference.cdnow.bgnbd)
    model.parameters[0].value = 0.2425
    let text = String(decoding: try ModelFile.encode(.lifetime(model)), as: UTF8.self)
    #expect(text.contains(find), "\(text)")
    do {
      _ = try ModelFile.decode(Data(text.replacingOccurrences(of: find, with: replace).utf8), path: "m.json")
      Issue.record("a damaged file loaded")
    } catch {
      #expect("\(error)".contains("damaged") && "\(error)".contains(fragment), "\(error)")
    }
    #expect(try ModelFile.decode(Data(text.utf8), path: "m.json") == .lifetime(model))
  }
}
