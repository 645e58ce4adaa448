import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// `Scaler` and `Imputer` against scikit-learn (Reference/prep.json, made by
/// scripts/make-reference-prep.py) on generated data with missing values and on real data.
@Suite struct PrepTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")
  nonisolated(unsafe) static let reference: [String: Any] = {
    guard let data = try? Data(contentsOf: folder.appendingPathComponent("prep.json")) else { return [:] }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
  }()

  static func close(_ a: Double, _ b: Double) -> Bool {
    a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b)) || abs(a - b) < 1e-12
  }

  /// Scales every column of `frame` with every method and compares each value.
  static func checkScaling(_ frame: DataFrame, _ ref: [String: Any], rows: Int? = nil) throws {
    for method in ScaleMethod.allCases {
      let expected = try #require(ref[method.rawValue] as? [String: [Any]])
      for (name, values) in expected {
        let column = try #require(try frame.column(name).doubles())
        let fit = try Scaler.fit(column, method: method)
        let mine = Scaler.apply(column, center: fit.center, scale: fit.scale)
        for (i, v) in values.prefix(rows ?? values.count).enumerated() {
          if let v = v as? Double {
            #expect(close(mine[i], v), "\(method) \(name)[\(i)]: \(mine[i]) vs \(v)")
          } else {
            #expect(mine[i].isNaN, "\(method) \(name)[\(i)] should stay missing")
          }
        }
      }
    }
  }

  static func generated() throws -> DataFrame {
    try CSVReader.read(path: folder.appendingPathComponent("prep_generated.csv").path).frame
  }

  @Test func scalingMatchesScikitLearnWithMissingValuesAndAConstantColumn() throws {
    let g = try #require((Self.reference["generated"] as? [String: Any])?["scale"] as? [String: Any])
    try Self.checkScaling(try Self.generated(), g)
  }

  @Test func imputationMatchesSimpleImputer() throws {
    let ref = try #require((Self.reference["generated"] as? [String: Any])?["impute"] as? [String: Any])
    let frame = try Self.generated()
    for strategy in [ImputeStrategy.mean, .median, .mode] {
      let expected = try #require(ref[strategy.rawValue] as? [String: Double])
      for (name, value) in expected {
        let fill = try Imputer.fit(try frame.column(name), strategy: strategy, constant: nil)
        #expect(Self.close(fill.doubleValue ?? .nan, value), "\(strategy) \(name): \(fill) vs \(value)")
      }
    }
    let tier = try Imputer.fit(try frame.column("tier"), strategy: .mode, constant: nil)
    #expect(tier == .string(try #require(ref["tierMode"] as? String)))
    let (filled, count) = try Imputer.apply(try frame.column("spend"), value: .double(1.5))
    #expect(filled.missingCount == 0)
    #expect(count == (try frame.column("spend")).missingCount)
  }

  @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent"))
  func wholesaleScaling() throws {
    let f = try CSVReader.read(path: try #require(SharedData.path("wholesale_customers.csv"))).frame
    try Self.checkScaling(f, try #require(Self.reference["wholesale"] as? [String: Any]))
  }

  @Test(.enabled(if: SharedData.path("bank_marketing_full.csv") != nil, "../shared/data is absent"))
  func bankModesWithUnknownAsMissing() throws {
    var options = CSVReadOptions()
    options.naTokens = ["unknown"]
    options.quotedMissing = true
    let f = try CSVReader.read(path: try #require(SharedData.path("bank_marketing_full.csv")), options: options).frame
    let bank = try #require(Self.reference["bank"] as? [String: Any])
    let modes = try #require(bank["modes"] as? [String: [String: Any]])
    for (name, r) in modes {
      let column = try f.column(name)
      #expect(column.missingCount == r["missing"] as? Int, "\(name) missing")
      #expect(try Imputer.fit(column, strategy: .mode, constant: nil) == .string(r["mode"] as! String))
    }
    try Self.checkScaling(f, try #require(bank["scaled"] as? [String: Any]), rows: 500)
  }

  @Test func powerLambdasOfLargeSkewedValues() throws {
    let r = try #require((Self.reference["transform"] as? [String: Any])?["incomes"] as? [String: Any])
    let x = try #require(r["values"] as? [Double])
    let bc = try #require(try PowerTransform.fit(x, method: .boxcox))
    #expect(abs(bc - (r["boxcoxLambda"] as! Double)) < 1e-6, "Box-Cox λ \(bc) vs \(r["boxcoxLambda"]!)")
    let yj = try #require(try PowerTransform.fit(x, method: .yeojohnson))
    #expect(abs(yj - (r["yeojohnsonLambda"] as! Double)) < 1e-6, "Yeo-Johnson λ \(yj) vs \(r["yeojohnsonLambda"]!)")
  }

  @Test func regressionAndKNNImputationMatchScikitLearn() throws {
    let ref = try #require(PrepTests.reference["generated"] as? [String: Any])
    let frame = try Self.generated()
    let spend = try frame.column("spend").doubles()!
    let predictors = try ["visits", "score"].map { try frame.column($0).doubles()! }
    let coefficients = try RegressionImputer.fit(target: spend, predictors: predictors)
    let r = try #require(ref["regression"] as? [String: Any])
    let expected = [r["intercept"] as! Double] + (r["coef"] as! [Double])
    for (a, b) in zip(coefficients, expected) { #expect(Self.close(a, b), "coefficient \(a) vs \(b)") }

    let knn = try #require(ref["knn"] as? [String: [Double]])
    let names = ["knn_a", "knn_b", "knn_c"]
    let filled = try KNNImputer.fill(try names.map { try frame.column($0).doubles()! }, k: 5)
    for (j, name) in names.enumerated() {
      let theirs = try #require(knn[name])
      for i in theirs.indices where !Self.close(filled.columns[j][i], theirs[i]) {
        Issue.record("knn \(name)[\(i)]: \(filled.columns[j][i]) vs \(theirs[i])")
        break
      }
    }
    // Too few complete rows for the number of predictors.
    #expect(throws: EngineError.self) { try RegressionImputer.fit(target: [1, .nan, 3], predictors: [[1, 2, .nan]]) }
  }

  @Test func fittedStepsSurviveAJSONRoundTrip() throws {
    let steps = [
      FittedStep(verb: .scale, method: "zscore", columns: [.init(input: "a", output: "a_z", parameters: ["center": 1.5, "scale": 0.1])]),
      FittedStep(verb: .encode, method: "onehot", columns: [.init(input: "r", output: "r_x,r_y", parameters: [:], categories: ["w", "x", "y"])]),
      FittedStep(verb: .impute, method: "mode", columns: [.init(input: "t", output: "t", parameters: [:], text: "gold")], restricted: true),
    ]
    let data = try JSONEncoder().encode(steps)
    #expect(try JSONDecoder().decode([FittedStep].self, from: data) == steps)
  }

  @Test func refusesWhatCannotBeFitted() throws {
    #expect(throws: EngineError.self) { try Scaler.fit([.nan, .nan], method: .zscore) }
    #expect(throws: EngineError.self) { try Imputer.fit(.strings("t", ["a", nil]), strategy: .mean, constant: nil) }
    #expect(throws: EngineError.self) { try Imputer.fit(.ints("x", [nil, nil]), strategy: .median, constant: nil) }
    #expect(throws: EngineError.self) { try Imputer.fit(.ints("x", [1, nil]), strategy: .constant, constant: nil) }
    #expect(throws: EngineError.self) { try Imputer.apply(.ints("x", [1, nil]), value: .string("a")) }
    // A whole-number column filled with a decimal becomes decimal.
    let (c, _) = try Imputer.apply(.ints("x", [1, nil]), value: .double(2.5))
    #expect(c.type == .double)
  }
}

/// winsorize, transforms, outlier fences and encoders against scipy, numpy, scikit-learn and pandas.
@Suite(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; real-data tests skipped"))
struct PrepRealDataTests {
  static let spend = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]
  static func ref(_ key: String) throws -> [String: Any] { try #require(PrepTests.reference[key] as? [String: Any]) }
  static func wholesale() throws -> DataFrame {
    try CSVReader.read(path: try #require(SharedData.path("wholesale_customers.csv"))).frame
  }

  static func expectAll(_ mine: [Double], _ theirs: [Double], _ what: String, tolerance: Double = 1e-9) {
    #expect(mine.count == theirs.count, "\(what) length")
    for (i, (a, b)) in zip(mine, theirs).enumerated() where !(a == b || abs(a - b) <= tolerance * max(1, abs(a), abs(b))) {
      Issue.record("\(what)[\(i)]: \(a) vs \(b)")
      return
    }
  }

  @Test func winsorizeMatchesScipyMstats() throws {
    let f = try Self.wholesale()
    for (limits, columns) in try Self.ref("winsorize") {
      let parts = limits.split(separator: ",").compactMap { Double($0) }
      for (name, expected) in try #require(columns as? [String: [Double]]) {
        let values = try f.column(name).doubles()!
        let b = try Winsorizer.bounds(values, lower: parts[0], upper: 1 - parts[1])
        Self.expectAll(Winsorizer.clip(values, low: b.low, high: b.high).0, expected, "\(name) \(limits)")
      }
    }
  }

  @Test func transformsMatchScipy() throws {
    let f = try Self.wholesale()
    for (name, any) in try Self.ref("transform") where name != "incomes" {
      let r = try #require(any as? [String: Any])
      let x = try f.column(name).doubles()!
      let bc = try #require(try PowerTransform.fit(x, method: .boxcox))
      #expect(abs(bc - (r["boxcoxLambda"] as! Double)) < 1e-6, "\(name) Box-Cox λ \(bc)")
      Self.expectAll(PowerTransform.apply(x, method: .boxcox, lambda: r["boxcoxLambda"] as? Double), r["boxcox"] as! [Double], "\(name) boxcox")
      let shifted = x.map { $0 - 5000 }
      let yj = try #require(try PowerTransform.fit(shifted, method: .yeojohnson))
      #expect(abs(yj - (r["yeojohnsonLambda"] as! Double)) < 1e-6, "\(name) Yeo-Johnson λ \(yj)")
      Self.expectAll(
        PowerTransform.apply(shifted, method: .yeojohnson, lambda: r["yeojohnsonLambda"] as? Double), r["yeojohnson"] as! [Double],
        "\(name) yeojohnson")
      Self.expectAll(PowerTransform.apply(x, method: .log1p, lambda: nil), r["log1p"] as! [Double], "\(name) log1p")
    }
  }

  @Test func pcaMatchesScikitLearnUpToSign() throws {
    let f = try Self.wholesale()
    let r = try Self.ref("pca")
    let columns = try Self.spend.map { name in try f.column(name).doubles()!.map { Foundation.log1p($0) } }
    let model = try PCA.fit(columns, components: 3)
    let components = try #require(r["components"] as? [[Double]])
    let scores = try #require(r["scores"] as? [[Double]])
    let mine = model.transform(columns)
    for c in 0..<3 {
      // The same direction: compare with the sign that makes the dot product positive.
      let sign: Double = zip(model.components[c], components[c]).reduce(0) { $0 + $1.0 * $1.1 } >= 0 ? 1 : -1
      Self.expectAll(model.components[c].map { $0 * sign }, components[c], "component \(c + 1)")
      Self.expectAll(mine[c].map { $0 * sign }, scores[c], "scores \(c + 1)", tolerance: 1e-9)
    }
    Self.expectAll(model.explainedVarianceRatio, try #require(r["ratio"] as? [Double]), "explained variance ratio")
    Self.expectAll(model.explainedVariance, try #require(r["variance"] as? [Double]), "explained variance")
  }

  @Test func outlierFencesMatchTheTextbookFormulas() throws {
    let f = try Self.wholesale()
    for (method, columns) in try Self.ref("outliers") {
      let m = try #require(OutlierMethod(rawValue: method))
      for (name, any) in try #require(columns as? [String: [String: Any]]) {
        let x = try f.column(name).doubles()!
        let fence = try OutlierDetector.fences(x, method: m, factor: m.defaultFactor)
        let expected = any["fences"] as! [Double]
        #expect(abs(fence.low - expected[0]) <= 1e-9 * max(1, abs(expected[0])), "\(method) \(name) low")
        #expect(abs(fence.high - expected[1]) <= 1e-9 * max(1, abs(expected[1])), "\(method) \(name) high")
        #expect(x.filter { $0 < fence.low || $0 > fence.high }.count == any["count"] as? Int, "\(method) \(name) count")
      }
    }
  }

  @Test(.enabled(if: SharedData.path("bank_marketing_full.csv") != nil, "../shared/data is absent"))
  func encodersMatchScikitLearnAndPandas() throws {
    let f = try CSVReader.read(path: try #require(SharedData.path("bank_marketing_full.csv"))).frame
    let r = try Self.ref("encode")
    let categories = try #require(r["categories"] as? [String: [String]])
    var sums: [Int] = []
    for name in ["job", "marital", "education", "month"] {
      let column = try f.column(name)
      let (kept, other) = Encoder.categories(column, maxCategories: nil)
      #expect(kept == categories[name], "\(name) categories")
      #expect(!other)
      sums += try Encoder.onehot(column, kept: kept, other: false, dropFirst: false).map { c in
        (0..<c.count).reduce(0) { $0 + (c.value(at: $1) == .int(1) ? 1 : 0) }
      }
      let ordinal = Encoder.ordinal(column, kept: kept, other: false)
      let first = try #require((r["ordinalFirst100"] as? [String: [Int]])?[name])
      #expect((0..<100).map { ordinal.value(at: $0) } == first.map { Scalar.int($0) }, "\(name) ordinal")
      let (_, shares) = Encoder.frequency(column)
      let expected = try #require((r["frequency"] as? [String: [String: Double]])?[name])
      #expect(shares.count == expected.count)
      for (k, v) in expected { #expect(abs((shares[k] ?? -1) - v) < 1e-12, "\(name) share of \(k)") }
    }
    #expect(sums == r["onehotColumnSums"] as? [Int])
  }
}
