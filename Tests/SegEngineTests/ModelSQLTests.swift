import Foundation
import Testing
@testable import SegEngine

/// A segmentation written as SQL labels a table inside SQLite exactly as assign labels the
/// same rows in seg, for every method and preparation step SQL can express.
@Suite struct ModelSQLTests {
  typealias Step = PreparationStep
  static let numbers = ["age", "income", "web_visits"]

  static let preparations: [(String, [Step])] = [
    ("impute, scale", [Step(.impute(strategy: .median, constant: nil, using: [], k: 5), columns: ["age", "income"]),
                       Step(.scale(method: .zscore, suffix: ""), columns: numbers)]),
    ("winsorize, log1p, robust", [Step(.impute(strategy: .mean, constant: nil, using: [], k: 5), columns: ["age", "income"]),
                                  Step(.winsorize(lower: 0.01, upper: 0.99), columns: ["income"]),
                                  Step(.transform(method: .log1p, suffix: ""), columns: ["income", "web_visits"]),
                                  Step(.scale(method: .robust, suffix: ""), columns: numbers)]),
    ("clip, yeojohnson, minmax", [Step(.impute(strategy: .constant, constant: .int(40), using: [], k: 5), columns: ["age"]),
                                  Step(.impute(strategy: .regression, constant: nil, using: ["age"], k: 5), columns: ["income"]),
                                  Step(.clip(min: 20, max: 80), columns: ["age"]),
                                  Step(.transform(method: .yeojohnson, suffix: ""), columns: ["income"]),
                                  Step(.scale(method: .minmax, suffix: ""), columns: numbers)]),
    ("boxcox with suffix, pca", [Step(.impute(strategy: .median, constant: nil, using: [], k: 5), columns: ["age", "income"]),
                                 Step(.transform(method: .boxcox, suffix: "_bc"), columns: ["income"]),
                                 Step(.scale(method: .zscore, suffix: ""), columns: ["age", "income_bc", "web_visits"]),
                                 Step(.pca(components: 3, prefix: "pc"), columns: ["age", "income_bc", "web_visits"])]),
    ("encode onehot (other, drop first), ordinal, frequency", [
      Step(.impute(strategy: .median, constant: nil, using: [], k: 5), columns: ["age", "income"]),
      Step(.encode(method: .onehot, dropFirst: true, maxCategories: 4), columns: ["region"]),
      Step(.encode(method: .ordinal, dropFirst: false, maxCategories: nil), columns: ["channel"]),
      Step(.encode(method: .frequency, dropFirst: false, maxCategories: nil), columns: ["city_type"]),
      Step(.scale(method: .zscore, suffix: ""), columns: numbers + ["channel", "city_type"])]),
  ]

  /// The model fitted on sample customers, and the customers it should label in a database.
  static func fitted(_ method: String, _ steps: [Step]) throws -> (SegmentationModel, DataFrame) {
    let raw = try SampleData.customers(count: 1500, seed: 4)
    let prepared = try raw.fitting(steps)
    let features = (steps.last.map { step -> [String] in
      if case .pca = step.action { return ["pc1", "pc2", "pc3"] }
      return step.columns
    } ?? numbers) + prepared.columnNames.filter { $0.hasPrefix("region_") }
    let x = try FeatureMatrix(columns: try features.map { try prepared.modelColumn($0).doubles()! }, names: features)
    let given: [String: ParameterValue] = method == "hierarchical" ? ["k": .integer(4)] : ["k": .integer(4), "seed": .integer(3)]
    let fit = try ClusteringMethods.make(method, given).fit(x)
    let model = SegmentationModel(label: "segment", columns: features, pipeline: prepared.pipeline, clusterer: fit.model,
      names: ["0": "Zero", "2": "Two"], rules: [])
    return (model, try SampleData.customers(count: 2000, seed: 8))
  }

  @Test(arguments: ["kmeans", "minibatch", "bisecting", "hierarchical"], preparations.indices)
  func sqliteLabelsLikeAssign(_ method: String, _ preparation: Int) throws {
    let (model, customers) = try Self.fitted(method, Self.preparations[preparation].1)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("seg-score-\(UUID().uuidString).db").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try SQLiteWriter.write(customers, to: path, table: "customers", mode: .create)
    let sql = try model.scoringSQL(table: "customers", dialect: .sqlite)
    let scored = try SQLiteReader.read(path: path, SQLReadRequest(source: .query(sql), context: EvaluationContext(today: 0))).frame
    let assigned = try model.label(customers, as: "segment")
    #expect(try scored.column("customer_id").plainTexts == customers.column("customer_id").plainTexts)
    #expect(try scored.column("segment").plainTexts == assigned.column("segment").plainTexts, "\(Self.preparations[preparation].0)")
    #expect(try scored.column("segment_name").plainTexts == assigned.column("segment_name").plainTexts)
  }

  /// Rules become a CASE per action column, chosen as apply rules chooses: priority, then
  /// declaration order, unless excluded, the default last, missing making a condition false.
  @Test func rulesBecomeTheActionApplyRulesChooses() throws {
    let (model, customers) = try Self.fitted("kmeans", Self.preparations[0].1)
    let rules = RuleSet([
      Rule(name: "vip", condition: .binary(.and, .binary(.equal, .column("segment"), .literal(.int(2))), .binary(.greater, .column("income"), .literal(.int(60000)))),
           action: "offer", value: "early_access", priority: 10),
      Rule(name: "young", condition: .binary(.less, .column("age"), .literal(.int(30))), unless: .binary(.equal, .column("region"), .literal(.string("North"))),
           action: "offer", value: "it's new"),
      Rule(name: "web", condition: .binary(.greaterEqual, .column("web_visits"), .literal(.int(8))), action: "contact", value: "email"),
      Rule(name: "rest", condition: nil, action: "offer", value: "newsletter"),
    ])
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("seg-rules-\(UUID().uuidString).db").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try SQLiteWriter.write(customers, to: path, table: "customers", mode: .create)
    let context = EvaluationContext(today: 0)
    let sql = try model.scoringSQL(table: "customers", dialect: .sqlite, rules: rules, context: context)
    let scored = try SQLiteReader.read(path: path, SQLReadRequest(source: .query(sql), context: context)).frame
    let assigned = try model.label(customers, as: "segment")
    for action in ["offer", "contact"] {
      let applied = try RuleApplication(RuleSet(rules.rules.filter { $0.action == action }), to: assigned, as: action, all: false, holdout: nil, context: context)
      #expect(try scored.column(action).plainTexts == applied.frame.column(action).plainTexts, "\(action)")
    }
  }

  @Test(arguments: ["gmm", "dbscan"])
  func modelsSQLCannotExpressAreRefused(_ method: String) throws {
    let raw = try SampleData.customers(count: 300, seed: 4).fitting([Step(.impute(strategy: .median, constant: nil, using: [], k: 5), columns: ["age", "income"])])
    let x = try FeatureMatrix(columns: try ["age", "web_visits"].map { try raw.modelColumn($0).doubles()! }, names: ["age", "web_visits"])
    let fit = try ClusteringMethods.make(method, method == "gmm" ? ["k": .integer(2)] : ["eps": .number(3)]).fit(x)
    let model = SegmentationModel(label: "s", columns: ["age", "web_visits"], pipeline: raw.pipeline, clusterer: fit.model, names: [:], rules: [])
    #expect { try model.scoringSQL(table: "t", dialect: .sqlite) } throws: {
      ($0 as! EngineError).message.contains("a \(method) model cannot be written as SQL")
    }
  }
}

/// A decision tree from train written as SQL predicts inside the database what predict
/// gives in seg: classes (text, whole-number and true/false targets) and probabilities, with
/// missing numbers, text and true/false features and categories never seen in training.
@Suite struct ClassifierSQLTests {
  static let features = ["age", "income", "web_visits", "region", "channel", "loyalty_member"]

  static func fitted(target: String) throws -> (Classifier, DataFrame) {
    let train = try SampleData.customers(count: 1500, seed: 4)
    let model = try Classifier(fitting: .tree, features: features.filter { $0 != target }, target: target, on: train,
      try ParameterValues(["max_depth": .integer(6)], for: Classifier.treeParameters))
    // New customers, one region never seen in training.
    var fresh = try SampleData.customers(count: 2000, seed: 8)
    let region = try fresh.column("region").plainTexts.enumerated().map { $0 < 40 ? "Islands" : $1 }
    try fresh.setColumn(.strings("region", region))
    return (model, fresh)
  }

  static func check(_ scored: DataFrame, _ model: Classifier, _ customers: DataFrame) throws {
    let (classes, probabilities) = try model.predict(customers)
    let column = model.target + "_predicted"
    let byCustomer = Dictionary(uniqueKeysWithValues: try scored.column("customer_id").plainTexts.enumerated().map { ($1!, $0) })
    let ids = try customers.column("customer_id").plainTexts
    let predicted = try scored.column(column)
    for (i, id) in ids.enumerated() {
      let row = byCustomer[id!]!
      // SQLite has no booleans: a computed TRUE reads back as 1.
      var got = predicted.value(at: row)
      if case .bool = model.classes[0], case .int(let v) = got { got = .bool(v == 1) }
      #expect(got == model.classes[classes[i]], "customer \(id!)")
      for (c, label) in model.classes.enumerated() {
        let p = try scored.column("\(column)_\(ValueFormatter.plain(label))").value(at: row).doubleValue!
        #expect(abs(p - probabilities[c][i]) < 1e-12)
      }
    }
  }

  @Test(arguments: ["channel", "satisfaction", "responded"])
  func sqliteTreesPredictLikePredict(_ target: String) throws {
    let (model, customers) = try Self.fitted(target: target)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("seg-tree-\(UUID().uuidString).db").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try SQLiteWriter.write(customers, to: path, table: "customers", mode: .create)
    let sql = try model.scoringSQL(table: "customers", dialect: .sqlite, column: target + "_predicted", probabilities: true)
    try Self.check(try SQLiteReader.read(path: path, SQLReadRequest(source: .query(sql), context: EvaluationContext(today: 0))).frame, model, customers)
  }

  @Test(.enabled(if: TestServer.url != nil, TestServer.skipped), arguments: ["channel", "responded"])
  func postgresTreesPredictLikePredict(_ target: String) throws {
    let (model, customers) = try Self.fitted(target: target)
    let connection = try TestServer.connect()
    let table = TestServer.table("tree")
    defer { try? connection.execute("DROP TABLE IF EXISTS \"\(table)\"") }
    try PostgresWriter.write(customers, to: connection, table: table, mode: .create)
    let sql = try model.scoringSQL(table: table, dialect: .postgres, column: target + "_predicted", probabilities: true)
    try Self.check(try PostgresReader.read(connection, SQLReadRequest(source: .query(sql), context: EvaluationContext(today: 0))).frame, model, customers)
  }

  @Test func otherModelsAreRefused() throws {
    let train = try SampleData.customers(count: 300, seed: 4)
    let model = try Classifier(fitting: .logistic, features: ["age", "web_visits"], target: "responded", on: train.filtering(try train.evaluateCondition(.isMissing(.column("age"), negated: true), context: EvaluationContext(today: 0))),
      try ParameterValues([:], for: Classifier.logisticParameters))
    #expect { try model.scoringSQL(table: "t", dialect: .sqlite, column: "p", probabilities: false) } throws: {
      ($0 as! EngineError).message.contains("a logistic model cannot be written as SQL")
    }
  }
}

/// The same scoring SQL on a real PostgreSQL server (CI starts one; unset, these skip).
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipped), .serialized)
struct ModelSQLPostgresTests {
  @Test(arguments: ["kmeans", "bisecting"], ModelSQLTests.preparations.indices)
  func postgresLabelsLikeAssign(_ method: String, _ preparation: Int) throws {
    let (model, customers) = try ModelSQLTests.fitted(method, ModelSQLTests.preparations[preparation].1)
    let connection = try TestServer.connect()
    let table = TestServer.table("scored")
    defer { try? connection.execute("DROP TABLE IF EXISTS \"\(table)\"") }
    try PostgresWriter.write(customers, to: connection, table: table, mode: .create)
    let sql = try model.scoringSQL(table: table, dialect: .postgres)
    let scored = try PostgresReader.read(connection, SQLReadRequest(source: .query(sql), context: EvaluationContext(today: 0))).frame
    let assigned = try model.label(customers, as: "segment")
    // Without ORDER BY the server may return rows in any order: compare by customer.
    let got = Dictionary(uniqueKeysWithValues: zip(try scored.column("customer_id").plainTexts, try scored.column("segment").plainTexts))
    let want = Dictionary(uniqueKeysWithValues: zip(try assigned.column("customer_id").plainTexts, try assigned.column("segment").plainTexts))
    #expect(got == want, "\(ModelSQLTests.preparations[preparation].0)")
  }
}
