import SegEngine
import Testing
@testable import SegLang

/// The engine's parameter tables drive the language: every hyperparameter of every clustering
/// method is an option of `cluster` with the table's default in `help`, a value outside its
/// bounds or a missing required one is refused by `seg check` without running, and the
/// manifest lists the method's own defaults.
@Suite struct EstimatorParameterTests {
  /// A hyperparameter of a clustering method (`cluster kmeans`) or of a preparation step (`scale`).
  struct Case: Sendable, CustomTestStringConvertible {
    let command: String
    let method: String?
    let parameter: Parameter
    var testDescription: String { [command, method, parameter.name].compactMap { $0 }.joined(separator: " ") }
    /// The start of a line that reaches the parameter: `cluster kmeans age`, `scale age`.
    var line: String { [command, method, "age"].compactMap { $0 }.joined(separator: " ") }
  }

  static let preparation: [ParameterTable] = [
    PreparationParameters.impute, PreparationParameters.clip, PreparationParameters.winsorize, PreparationParameters.outliers, PreparationParameters.transform,
    PreparationParameters.scale, PreparationParameters.encode, PreparationParameters.pca,
  ]

  static let cases: [Case] = ClusteringMethods.all.flatMap { type in type.parameters.parameters.map { Case(command: "cluster", method: type.method, parameter: $0) } }
    + preparation.flatMap { table in table.parameters.map { Case(command: table.estimator, method: nil, parameter: $0) } }

  /// A value the parameter's bounds refuse, as a script writes it (text, where every number is allowed).
  static func outOfBounds(_ kind: ParameterKind) -> String? {
    switch kind {
    case .integer(let lo, let hi): lo > Int.min ? String(lo - 1) : hi < Int.max ? String(hi + 1) : nil
    case .number(let b): b.min.map { String($0 - 1) } ?? b.max.map { String($0 + 1) } ?? "\"ten\""
    case .fraction: "2"
    case .choice: "no_such_choice"
    case .boolean: "3"
    }
  }

  static func checked(_ line: String) -> String {
    let session = Session(baseDirectory: ".", today: 20_089) { _ in }
    return session.check(SourceFile(name: "t.seg", text: line)).map { DiagnosticRenderer().render($0.diagnostic, in: $0.source) }.joined(separator: "\n")
  }

  @Test(arguments: cases)
  func helpListsTheParameterWithItsDefault(_ c: Case) throws {
    let spec = try #require(CommandTable.spec(named: c.command))
    let page = HelpText.page(for: spec, variant: c.method)
    let lines = page.split(separator: "\n")
    let at = try #require(lines.firstIndex { $0.hasPrefix("  \(c.parameter.name)=") }, "help \(c.testDescription) is missing")
    // A long option name puts its doc on the next line.
    let line = lines[at].contains("(") ? lines[at] : lines[at] + lines[at + 1]
    switch c.parameter.defaultValue {
    case .value(.number(let v)) where c.parameter.kind == .fraction: #expect(line.hasSuffix("(default: \(ValueFormatter.number(v * 100))%)"), "\(line)")
    case .value(let v): #expect(line.hasSuffix("(default: \(v))"), "\(line)")
    case .described(let text): #expect(line.hasSuffix("(default: \(text))"), "\(line)")
    case .required: #expect(line.hasSuffix("(required)"), "\(line)")
    }
  }

  @Test(arguments: cases)
  func checkRejectsAValueOutOfBounds(_ c: Case) throws {
    let bad = try #require(Self.outOfBounds(c.parameter.kind))
    let k = c.command != "cluster" || c.method == "dbscan" || c.parameter.name == "k" ? "" : " k=3"
    let rendered = Self.checked("\(c.line)\(k) \(c.parameter.name)=\(bad)")
    #expect(rendered.contains("\(c.parameter.name)="), "\(rendered)")
    #expect(rendered.hasPrefix("error:"), "seg check passed \(c.line) \(c.parameter.name)=\(bad)")
  }

  @Test(arguments: [
    ("cluster kmeans age", "cluster kmeans needs k= (how many clusters)"),
    ("cluster gmm age", "cluster gmm needs k="),
    ("cluster hierarchical age", "cluster hierarchical needs k= or distance="),
    ("cluster hierarchical age k=3 distance=1.5", "give k= or distance=, not both"),
    ("cluster dbscan age k=3", "k= is not an option of cluster dbscan"),
    ("sweep hierarchical age stability=3", "stability= is not an option of sweep hierarchical"),
    ("rfm from=tx date=invoice_date amount=quantity", "rfm needs customer="),
    ("clv from=tx customer=c amount=quantity", "clv needs date="),
    ("recommend from=tx", "recommend needs item="),
    ("join other", "join needs on="),
    ("plot hist age bins=9223372036854775807", "bins= needs a whole number from 1 to 10,000"),
  ])
  func checkRejectsWithoutRunning(_ line: String, _ fragment: String) {
    let rendered = Self.checked(line)
    #expect(rendered.contains(fragment), "\(rendered)")
  }

  @Test func aModeWordNeedsNoneOfTheCommandsRequiredOptions() {
    #expect(Self.checked("rfm rules") == "")
    #expect(Self.checked("cluster dbscan age") == "")
    #expect(Self.checked("cluster hierarchical age distance=2") == "")
  }

  @Test func theManifestListsTheMethodsOwnDefaults() {
    let h = SessionHarness()
    #expect(h.run("sample customers n=60 seed=1\nimpute age income strategy=median\ncluster bisecting age income k=2\ncluster dbscan age income eps=9000 as d") == "")
    let manifest = h.session.env.recorder.succeeded
    #expect(manifest[2].defaults == ["seed=0", "n_init=1", "max_iter=300", "tol=0.0001", "init=random"])
    #expect(manifest[3].defaults == ["min_samples=5"])
  }

  @Test func everyMethodTheLanguageNamesIsAnEngineEstimator() {
    #expect(ClusterMethod.allCases.map(\.rawValue) == ClusteringMethods.all.map { $0.method })
  }

  @Test func theEngineRefusesWhatTheTableRefuses() throws {
    #expect(throws: EngineError.self) { try ClusteringMethods.make("kmeans", [:]) }
    #expect(throws: EngineError.self) { try ClusteringMethods.make("kmeans", ["k": .integer(3), "tol": .number(-1)]) }
    #expect(throws: EngineError.self) { try ClusteringMethods.make("dbscan", ["k": .integer(3)]) }
    #expect(throws: EngineError.self) { try ClusteringMethods.make("gmm", ["k": .integer(2), "covariance": .word("round")]) }
    let kmeans = try #require(try ClusteringMethods.make("kmeans", ["k": .integer(3), "init": .word("random")]) as? KMeans)
    #expect(kmeans.k == 3 && kmeans.initialization == .random && kmeans.maxIter == 300 && kmeans.tol == 1e-4)
  }
}
