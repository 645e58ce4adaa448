import Foundation
import Testing
@testable import SegEngine

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
