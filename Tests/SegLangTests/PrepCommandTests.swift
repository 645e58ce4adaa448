import Foundation
import SegEngine
import Testing
@testable import SegLang

/// impute, scale and pipeline through the language: where, suffix, errors, the recorded steps.
@Suite struct PrepCommandTests {
  func frame(_ h: SessionHarness) throws -> DataFrame { try h.session.env.catalog.current().frame }

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
    #expect(f.pipeline.map(\.verb) == [.impute, .scale])
    #expect(f.pipeline[1].columns[0].output == "age_z")
  }

  @Test func whereFitsOnSomeRows() throws {
    let h = SessionHarness()
    #expect(h.run("""
      sample customers n=120 seed=6
      impute income age strategy=median
      transform income method=log suffix=_log where region == "North"
      outliers income method=zscore action=flag where region == "North"
      encode channel method=frequency where region == "North"
      pca age income components=1 where region == "North"
      """) == "")
    let f = try frame(h)
    let north = (0..<f.rowCount).map { f.columns[3].value(at: $0) == .string("North") }
    let income = try f.column("income").doubles()!
    let logged = try f.column("income_log").doubles()!
    for i in 0..<f.rowCount { #expect(logged[i] == (north[i] ? Foundation.log(income[i]) : income[i])) }
    let flags = try f.column("income_outlier")
    for i in 0..<f.rowCount where !north[i] { #expect(flags.value(at: i).isMissing) }
    #expect(try f.column("pc1").missingCount == 0, "pca scores every row")
    // Fitting on a subset and applying to every row replays; changing only some rows does not.
    #expect(f.pipeline.map(\.restricted) == [false, true, true, false, false])
  }

  @Test func pipelineSurvivesSelectFilterAndJoin() throws {
    let h = SessionHarness()
    h.run("sample customers n=30 seed=2\nimpute income strategy=mean\nselect customer_id income\nfilter income > 0")
    #expect(try frame(h).pipeline.count == 1)
  }

  @Test(arguments: [
    ("scale region", "column \"region\" is string, but numbers for scale (encode text first) is needed here"),
    ("winsorize income lower=90% upper=10%", "lower= must be below upper= (10%)"),
    ("transform income method=log suffix=_t where x", "unknown column \"x\""),
    ("transform income method=log where age > 30", "transform in place cannot take where"),
    ("scale age where age > 30", "add suffix=_z"),
    ("impute income strategy=median\nscale income\nrename income=annual_income", "income is scaled for models"),
    ("derive neg = age - 100\ntransform neg method=boxcox", "Box-Cox needs values > 0"),
    ("clip age", "clip needs min=, max= or both"),
    ("outliers income factor=0", "factor= needs a number above 0"),
    ("impute income strategy=regression", "strategy=regression needs using=<predictor columns>"),
    ("impute income strategy=knn where age > 30", "fills every row; it does not take where"),
    ("impute income strategy=median using=age", "using= is for strategy=regression or knn"),
    ("impute income strategy=regression using=income", "income cannot predict itself"),
    ("filter customer_id < 3\nimpute income strategy=regression using=age,web_visits", "needs at least 4 rows"),
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

  @Test func hugeLimitsAndFillValuesDoNotCrash() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=20 seed=1\nclip age max=1e300 min=-1e300\nimpute age strategy=constant value=1e300") == "")
    #expect(try frame(h).column("age").type == .double)
    #expect(h.run("sample customers n=20 seed=1 as b\npipeline apply b from=customers") == "")
  }

  @Test func regressionAndKNNFillThroughTheLanguage() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=200 seed=4\nimpute age strategy=median\nimpute income strategy=regression using=age,web_visits") == "")
    #expect(try frame(h).column("income").missingCount == 0)
    #expect(try frame(h).pipeline.last?.columns.first?.parameters.keys.sorted() == ["coef:age", "coef:web_visits", "intercept", "missing", "rows"])
    #expect(h.run("sample customers n=200 seed=4 as k\nimpute income satisfaction strategy=knn using=age,web_visits k=3") == "")
    #expect(try frame(h).column("income").missingCount == 0)
    #expect(try frame(h).column("satisfaction").missingCount == 0)
  }

  @Test func constantColumnScalesToZeroWithAWarning() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=20 seed=1\nderive one = 1\nscale one") == "")
    #expect(h.output.contains { $0.contains("one has one value only; scaled it to 0") })
    #expect(try frame(h).modelColumn("one").doubles()!.allSatisfy { $0 == 0 })
  }
}

/// Fitted steps replayed on other rows give exactly what fitting gave.
@Suite struct PipelineReplayTests {
  static let steps = """
    impute income strategy=median
    impute satisfaction email_opt_in strategy=mode
    impute age strategy=constant value=40
    clip age max=90
    winsorize income lower=1% upper=99%
    outliers web_visits method=mad action=flag
    transform income method=yeojohnson suffix=_yj
    transform web_visits method=log1p
    encode region channel method=onehot drop_first=true
    encode city_type method=ordinal
    encode gender method=frequency
    scale age income_yj web_visits satisfaction suffix=_z
    pca age_z income_yj_z web_visits_z components=2
    """

  @Test func replayOnTheSameRowsReproducesTheFrame() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=300 seed=5 as a\nsample customers n=300 seed=5 as b\nuse a\n" + Self.steps) == "")
    #expect(h.run("pipeline apply b from=a") == "")
    let a = try h.session.env.catalog.frame(named: "a")
    let b = try h.session.env.catalog.frame(named: "b")
    #expect(a.columnNames == b.columnNames)
    for (x, y) in zip(a.columns, b.columns) { #expect(x == y, "\(x.name) differs after replay") }
    #expect(b.pipeline.count == a.pipeline.count)
  }

  @Test func replayOnNewCustomersUsesTheOldFit() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=300 seed=5\n" + Self.steps + "\nsample customers n=40 seed=9 as new\npipeline apply new from=customers as ready") == "")
    let ready = try h.session.env.catalog.frame(named: "ready")
    #expect(ready.columnNames == (try h.session.env.catalog.frame(named: "customers")).columnNames)
    #expect(ready.rowCount == 40)
    let fit = try #require(ready.pipeline.first { $0.verb == .scale }?.columns.first { $0.input == "age" })
    let age = try #require(try ready.column("age").doubles())
    let z = try #require(try ready.column("age_z").doubles())
    for i in 0..<ready.rowCount { #expect(abs(z[i] - (age[i] - fit.parameters["center"]!) / fit.parameters["scale"]!) < 1e-12) }
  }

  @Test func stepsFittedOnSomeRowsAreNotReplayed() {
    let h = SessionHarness()
    let rendered = h.run("sample customers n=50 seed=1 as a\nsample customers n=10 seed=2 as b\nuse a\nscale age suffix=_z where age > 30\npipeline apply b from=a")
    #expect(rendered.contains("fitted on some rows only"), "\(rendered)")
  }
}
