import Foundation
import SegEngine
import Testing
@testable import SegLang

/// lifetime through the language: fitting, scoring saved models, and the mistakes users make.
@Suite struct LifetimeCommandTests {
  static let setup = "sample customers n=300 seed=5\nsample transactions seed=5 as tx\n"
  static let call = "lifetime from=tx customer=customer_id date=invoice_date freq=week"
  static let spend = call + " amount=quantity*unit_price spend=gammagamma where quantity > 0"

  @Test(arguments: PurchaseModelKind.allCases)
  func everyModelFitsTheSampleShop(kind: PurchaseModelKind) throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + Self.call + " model=\(kind.rawValue) calibration_end=2024-06-30 where quantity > 0 as ltv") == "")
    let frame = try h.session.env.catalog.frame(named: "ltv")
    let alive = try #require(try frame.column("p_alive").doubles())
    let expected = try #require(try frame.column("expected_purchases").doubles())
    #expect(alive.allSatisfy { $0 >= 0 && $0 <= 1 } && expected.allSatisfy { $0 >= 0 && $0.isFinite })
    #expect(try frame.column("frequency_holdout").count == frame.rowCount)
  }

  /// A saved model scores a summary frame exactly as the fit scored it.
  @Test func savedModelScoresSummariesAsTheFitDid() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("seg-ltv-\(getpid()).json").path
    let h = SessionHarness()
    #expect(h.run(Self.setup + Self.spend + " months=6 discount=2% margin=30% as ltv\n"
      + "save model ltv \"\(file)\"\nload model \"\(file)\" as again\n"
      + "select customer_id frequency recency T monetary_value from=ltv as summary\npredict again from=summary") == "")
    let fitted = try h.session.env.catalog.frame(named: "ltv"), scored = try h.session.env.catalog.frame(named: "summary")
    for column in ["p_alive", "expected_purchases", "expected_spend", "clv"] {
      #expect(try fitted.column(column).doubles() == scored.column(column).doubles(), "\(column)")
    }
    let decoded = try ModelFile.decode(try Data(contentsOf: URL(fileURLWithPath: file)), path: file)
    guard case .lifetime(let model) = decoded else { Issue.record("not a lifetime model"); return }
    #expect(model.terms.months == 6 && model.terms.discount == 0.02 && model.terms.margin == 0.3)
  }

  /// A summary frame fits to the same model as the transactions it came from.
  @Test func summaryFrameFitsAsItsTransactions() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + Self.spend + " as ltv\nselect customer_id frequency recency T monetary_value from=ltv as s\n"
      + "lifetime from=s summary=true unit=week spend=gammagamma as again") == "")
    let (first, second) = (h.session.env.catalog.lifetimeModels["ltv"]!.model, h.session.env.catalog.lifetimeModels["again"]!.model)
    #expect(first.parameters == second.parameters && first.spend == second.spend && first.logLikelihood == second.logLikelihood)
  }

  @Test(arguments: [
    ("lifetime from=tx customer=customer_id", "lifetime needs date="),
    (call + " as ltv\nlifetime from=ltv summary=true calibration_end=2024-01-01", "summary=true reads one made already"),
    (call + " calibration_end=2030-01-01", "must fall from the first purchase"),
    (call + " calibration_end=2023-01-05", "no customer bought twice"),
    (call + " calibration_end=soon", "calibration_end= needs a date"),
    (call + " amount=0*quantity spend=gammagamma", "Gamma-Gamma needs positive spend"),
    (spend + " max_correlation=0.1%", "beyond it"),
    (call + " discount=5%", "discount= values spend"),
    (call + " spend=gammagamma", "lifetime needs amount="),
    (call + " unit=day", "is shorter than the period"),
    (call + " model=bgnbd where quantity > 1000000", "no transactions have a customer, a date and an amount"),
    (call + " as ltv\npredict ltv from=tx", "unknown column \"frequency\""),
    (call + " as ltv\npredict ltv probabilities=true", "probabilities= is for models from train"),
    (call + " as ltv\nderive recency = T + 1\npredict ltv", "above T"),
    (call + " as ltv\nderive frequency = frequency + 0.5\npredict ltv", "a whole number from 0"),
    ("plot alive", "this session has fitted none"),
    (call + " as ltv\nplot holdout", "needs a calibration_end= date"),
  ])
  func refusesWithAClearMessage(_ line: String, _ fragment: String) {
    let h = SessionHarness()
    let rendered = h.run(Self.setup + line)
    #expect(rendered.contains(fragment), "\(rendered)")
  }
}
