import SegEngine
import Testing
@testable import SegLang

/// impute, scale and pipeline through the language: where, suffix, errors, the recorded steps.
@Suite struct PrepCommandTests {
  func frame(_ h: SessionHarness) throws -> DataFrame { try h.session.env.current().frame }

  @Test func scaleWithWhereChangesOnlyThoseRowsAndKeepsOriginalsWithSuffix() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=50 seed=2\nimpute age strategy=median\nscale age suffix=_z where region == \"North\"") == "")
    let f = try frame(h)
    let age = try f.column("age").doubles()!
    let z = try f.column("age_z").doubles()!
    let north = try f.column("region")
    let rows = (0..<f.rowCount).filter { north.value(at: $0) == .string("North") }
    let fit = try Scaler.fit(rows.map { age[$0] }, method: .zscore)
    for i in 0..<f.rowCount {
      #expect(z[i] == (rows.contains(i) ? (age[i] - fit.center) / fit.scale : age[i]))
    }
    #expect(f.pipeline.map(\.verb) == ["impute", "scale"])
    #expect(f.pipeline[1].columns[0].output == "age_z")
  }

  @Test func pipelineSurvivesSelectFilterAndJoin() throws {
    let h = SessionHarness()
    h.run("sample customers n=30 seed=2\nimpute income strategy=mean\nselect customer_id income\nfilter income > 0")
    #expect(try frame(h).pipeline.count == 1)
  }

  @Test(arguments: [
    ("scale region", "column \"region\" is string, but numbers for scale (encode text first) is needed here"),
    ("winsorize income lower=90% upper=10%", "need 0% ≤ lower < upper ≤ 100%"),
    ("transform income method=log where x", "transform does not take where"),
    ("derive neg = age - 100\ntransform neg method=boxcox", "Box-Cox needs values > 0"),
    ("clip age", "clip needs min=, max= or both"),
    ("outliers income factor=0", "factor= must be above 0"),
    ("impute region strategy=median", "numbers for strategy=median"),
    ("impute age value=3", "value= is only for strategy=constant"),
    ("impute age strategy=constant", "strategy=constant needs value="),
    ("impute age strategy=constant value=\"x\"", "a fill value of type int"),
    ("scale age method=log", "unknown value \"log\" for method="),
  ])
  func refusesWithAClearMessage(_ line: String, _ fragment: String) {
    let h = SessionHarness()
    let rendered = h.run("sample customers n=20 seed=1\n" + line)
    #expect(rendered.contains(fragment), "\(rendered)")
  }

  @Test func constantColumnScalesToZeroWithAWarning() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=20 seed=1\nderive one = 1\nscale one") == "")
    #expect(h.output.contains { $0.contains("one has one value only; scaled it to 0") })
    #expect(try frame(h).column("one").doubles()!.allSatisfy { $0 == 0 })
  }
}
