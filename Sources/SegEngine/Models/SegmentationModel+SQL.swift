/// Scoring inside a database: a segmentation written as one SELECT that labels a table's
/// rows as `assign` does, for the models a few comparisons of distances can express.
extension SegmentationModel {
  /// A SELECT of every column of `table` with the label (and the segment name) added. The
  /// preparation steps become expressions (fills, limits, scales, transforms, components),
  /// then the nearest centre (k-means, mini-batch, hierarchical) or the bisecting tree's walk
  /// picks the label, ties going to the lower number as in seg. A row with a value the steps
  /// do not fill gets no label (assign refuses such rows). With `rules`, each action they write
  /// is a column too, chosen as apply rules chooses (without a holdout).
  public func scoringSQL(table: String, dialect: SQLDialect, rules: RuleSet? = nil, context: EvaluationContext = EvaluationContext(today: 0)) throws -> String {
    try scoringSQL(source: dialect.quoteTable(table), dialect: dialect, rules: rules, context: context) + "\n"
  }

  /// The same SELECT over `source`, a quoted table or a parenthesised query (a plan on Spark).
  /// Knowing the source's `columns`, the features and distances are computed in derived
  /// tables under it rather than in a subquery per row, which Spark runs as a projection
  /// (the labels are the same); the result then has those columns and the label.
  func scoringSQL(source: String, columns: [String]? = nil, dialect: SQLDialect, rules: RuleSet? = nil, context: EvaluationContext) throws -> String {
    let sql = ScoringSQL(dialect: dialect)
    switch clusterer.rule {
    case .nearestCenter, .runningMeans, .tree: break
    case .mixture, .density, .prototypes:
      throw EngineError.unsupported("a \(clusterer.method) model cannot be written as SQL (only k-means, mini-batch, bisecting and hierarchical models can); score it with assign or seg assign")
    }
    let features = try sql.features(clusterer.features, through: pipeline)
    let flat = columns != nil
    let f = clusterer.features.indices.map { flat ? "__seg_f\($0)" : "f\($0)" }
    let dName = { (j: Int) in flat ? "__seg_d\(j)" : "d\(j)" }
    let featureItems = zip(features, f).map { "\($0) AS \($1)" }.joined(separator: ", ")
    let d = f.count
    let relabelled = { (label: Int) in self.clusterer.relabel.map { $0[label] } ?? label }
    let distance = { (centre: ArraySlice<Double>) in
      zip(f, centre).map { "(\($0) - \(sql.number($1))) * (\($0) - \(sql.number($1)))" }.joined(separator: " + ")
    }
    let choice: String
    var distanceItems: [String] = []
    switch clusterer.rule {
    case .tree(let tree):
      // The tree's walk: at each split, the nearer child (the left one on a tie).
      func walk(_ node: Int, depth: Int) throws -> String {
        guard depth < 64 else { throw EngineError.unsupported("the bisecting tree is too deep to write as SQL") }
        guard let children = tree[node].children else { return String(relabelled(tree[node].label ?? 0)) }
        let (left, right) = (tree[children[0]].center[...], tree[children[1]].center[...])
        return "CASE WHEN \(distance(right)) < \(distance(left)) THEN \(try walk(children[1], depth: depth + 1)) ELSE \(try walk(children[0], depth: depth + 1)) END"
      }
      choice = "CASE WHEN \(f.map { "\($0) IS NULL" }.joined(separator: " OR ")) THEN NULL ELSE \(try walk(0, depth: 0)) END"
    default:
      let k = clusterer.k
      distanceItems = (0..<k).map { j in distance(clusterer.centers[(j * d)..<((j + 1) * d)]) + " AS \(dName(j))" }
      // The first centre no later one is nearer than is the nearest, the lowest on a tie.
      let cases = (0..<(k - 1)).map { j in
        "WHEN " + ((j + 1)..<k).map { "\(dName(j)) <= \(dName($0))" }.joined(separator: " AND ") + " THEN \(relabelled(j))"
      }
      choice = "CASE WHEN \(dName(0)) IS NULL THEN NULL \(cases.joined(separator: " ")) ELSE \(relabelled(k - 1)) END"
    }
    var query: String
    if let columns {
      let distances = distanceItems.isEmpty ? "" : ", " + distanceItems.joined(separator: ", ")
      query = "SELECT \(columns.map(dialect.quote).joined(separator: ", ")), \(choice) AS \(dialect.quote(label)) "
        + "FROM (SELECT q.*\(distances) FROM (SELECT t.*, \(featureItems) FROM \(source) AS t) AS q) AS r"
    } else {
      let perRow = distanceItems.isEmpty
        ? "SELECT \(choice) FROM (SELECT \(featureItems)) AS p"
        : "SELECT \(choice) FROM (SELECT \(distanceItems.joined(separator: ", ")) FROM (SELECT \(featureItems)) AS p) AS q"
      query = "SELECT t.*, (\(perRow)) AS \(dialect.quote(label)) FROM \(source) AS t"
    }
    let named = segmentNames
    if !named.isEmpty {
      let whens = named.keys.sorted().map { "WHEN \($0) THEN \(SQLPrinter.stringLiteral(named[$0]!))" }.joined(separator: " ")
      query = "SELECT s.*, CASE s.\(dialect.quote(label)) \(whens) END AS \(dialect.quote(label + "_name")) FROM (\(query)) AS s"
    }
    if let rules, !rules.rules.isEmpty {
      let actions = try rules.sqlColumns(dialect: dialect, context: context)
      query = "SELECT r.*, \(actions.map { "\($0.sql) AS \(dialect.quote($0.name))" }.joined(separator: ", ")) FROM (\(query)) AS r"
    }
    return query
  }
}

/// The expressions a model's preparation steps become, column by column, as the replay
/// computes them: frame values, then the feature steps models read a column through.
struct ScoringSQL {
  let dialect: SQLDialect

  /// A double literal that reads back as the same double (a bare decimal is NUMERIC in
  /// PostgreSQL and DECIMAL in Spark; SQLite reads it as a double).
  func number(_ x: Double) -> String {
    dialect == .sqlite ? "\(x)" : "CAST(\(x) AS \(dialect.doubleType))"
  }

  /// A table column as a double (SQLite divides integers as integers).
  func column(_ name: String) -> String { "CAST(t.\(dialect.quote(name)) AS \(dialect.doubleType))" }

  /// The SQL of each of `names` as models read it after `pipeline` (or, not `asModelsRead`,
  /// as the frame holds it: without the feature steps' change of units).
  func features(_ names: [String], through pipeline: [FittedStep], asModelsRead: Bool = true) throws -> [String] {
    var values: [String: String] = [:]
    var featureSteps: [String: [(FittedStep, FittedStep.ColumnFit)]] = [:]
    let value = { (name: String) in values[name] ?? self.column(name) }
    func modelValue(_ name: String) throws -> String {
      var x = value(name)
      for (step, fit) in featureSteps[name] ?? [] { x = try unitChange(step, fit, x) }
      return x
    }
    for step in pipeline {
      guard !step.restricted else { throw EngineError.unsupported("the \(step.verb.rawValue) step was fitted on some rows only, so no SQL can replay it") }
      for fit in step.columns {
        let p = fit.parameters
        switch step.verb {
        case .impute where step.method == "knn":
          throw EngineError.unsupported("impute strategy=knn keeps no model to write as SQL")
        case .impute where step.method == "regression":
          let predictors = p.keys.filter { $0.hasPrefix("coef:") }.sorted().map { String($0.dropFirst(5)) }
          let fill = ([number(p["intercept"] ?? 0)] + predictors.map { "\(number(p["coef:" + $0] ?? 0)) * \(value($0))" }).joined(separator: " + ")
          values[fit.output] = "COALESCE(\(value(fit.input)), \(fill))"
        case .impute:
          if let text = fit.text, !asModelsRead {
            // The frame's text column keeps its type; a model reads only numbers.
            values[fit.output] = "COALESCE(\(values[fit.input] ?? "t.\(dialect.quote(fit.input))"), \(SQLPrinter.stringLiteral(text)))"
            continue
          }
          guard fit.text == nil, let fill = p["value"] else {
            throw EngineError.unsupported("\(fit.input) is filled with text; only number columns can be written as SQL")
          }
          values[fit.output] = "COALESCE(\(value(fit.input)), \(number(fill)))"
        case .clip, .winsorize:
          values[fit.output] = limited(value(fit.input), low: p["low"], high: p["high"])
        case .outliers where step.method.hasSuffix("clip"):
          values[fit.output] = limited(value(fit.input), low: p["low"], high: p["high"])
        case .outliers:
          throw EngineError.unsupported("outliers action=\(step.method.split(separator: " ").last ?? "") cannot be written as SQL scoring every row; clip them instead")
        case .scale, .transform:
          if step.isFeatureStep {
            featureSteps[fit.input, default: []].append((step, fit))
          } else {
            values[fit.output] = try unitChange(step, fit, try modelValue(fit.input))
          }
        case .encode:
          guard values[fit.input] == nil else {
            throw EngineError.unsupported("\(fit.input) is encoded after another step changed it; only columns of the table can be encoded in SQL")
          }
          for (output, sql) in encoded(fit, method: step.method) { values[output] = sql }
        case .pca:
          let inputs = fit.input.split(separator: ",").map(String.init)
          values[fit.output] = try "(" + inputs.map { "\(number(p["weight:" + $0] ?? 0)) * (\(try modelValue($0)) - \(number(p["mean:" + $0] ?? 0)))" }
            .joined(separator: " + ") + ")"
        }
      }
    }
    return try names.map { asModelsRead ? try modelValue($0) : value($0) }
  }

  /// The SQL of each column an encode step made from a table column, as `Encoder` replays it:
  /// categories compared as text, missing staying missing, a category never seen going to
  /// `other` when there is one (else missing; a frequency of 0).
  func encoded(_ fit: FittedStep.ColumnFit, method: String) -> [(String, String)] {
    let x = "t.\(dialect.quote(fit.input))"
    let categories = fit.categories ?? []
    let kept = categories.filter { $0 != "other" }
    let otherIndex = categories.count > kept.count ? String(kept.count) : "NULL"
    let cases = { (value: (Int, String) -> String, otherwise: String) in
      "CASE WHEN \(x) IS NULL THEN NULL" + kept.enumerated().map { " WHEN \(x) = \(SQLPrinter.stringLiteral($1)) THEN \(value($0, $1))" }.joined()
        + " ELSE \(otherwise) END"
    }
    switch method {
    case "onehot":
      let outputs = fit.output.split(separator: ",").map(String.init)
      let first = categories.count - outputs.count
      let position = cases({ i, _ in String(i) }, otherIndex)
      return outputs.enumerated().map { k, name in (name, "CASE WHEN \(position) = \(first + k) THEN 1 WHEN \(position) IS NULL THEN NULL ELSE 0 END") }
    case "ordinal":
      return [(fit.output, cases({ i, _ in String(i) }, otherIndex))]
    default:
      let shares = fit.parameters
      let all = shares.keys.sorted()
      return [(fit.output, "CASE WHEN \(x) IS NULL THEN NULL" + all.map { " WHEN \(x) = \(SQLPrinter.stringLiteral($0)) THEN \(number(shares[$0]!))" }.joined() + " ELSE \(number(0)) END")]
    }
  }

  /// x held between the limits a step learned (missing stays missing).
  func limited(_ x: String, low: Double?, high: Double?) -> String {
    var cases = ""
    if let low, low.isFinite { cases += " WHEN \(x) < \(number(low)) THEN \(number(low))" }
    if let high, high.isFinite { cases += " WHEN \(x) > \(number(high)) THEN \(number(high))" }
    return cases.isEmpty ? x : "CASE\(cases) ELSE \(x) END"
  }

  /// A scale or transform of x, as `FittedStep.unitChange` computes it.
  func unitChange(_ step: FittedStep, _ fit: FittedStep.ColumnFit, _ x: String) throws -> String {
    let p = fit.parameters
    switch step.verb {
    case .scale:
      guard let center = p["center"], let scale = p["scale"] else { throw EngineError.unsupported("the scale of \(fit.input) lacks its centre and scale") }
      return "((\(x) - \(number(center))) / \(number(scale)))"
    case .transform:
      let lambda = p["lambda"] ?? 1
      switch TransformMethod(rawValue: step.method) {
      case .log: return "LN(\(x))"
      case .log1p: return "LN(1 + \(x))"
      case .sqrt: return "SQRT(\(x))"
      case .boxcox where abs(lambda) < 1e-12: return "LN(\(x))"
      case .boxcox: return "((POWER(\(x), \(number(lambda))) - 1) / \(number(lambda)))"
      case .yeojohnson:
        let positive = abs(lambda) < 1e-12 ? "LN(1 + \(x))" : "((POWER(\(x) + 1, \(number(lambda))) - 1) / \(number(lambda)))"
        let negative = abs(lambda - 2) < 1e-12 ? "(-LN(1 - \(x)))" : "(-(POWER(1 - \(x), \(number(2 - lambda))) - 1) / \(number(2 - lambda)))"
        return "CASE WHEN \(x) >= 0 THEN \(positive) ELSE \(negative) END"
      case nil: throw EngineError.unsupported("transform \(step.method) cannot be written as SQL")
      }
    default:
      throw EngineError.unsupported("\(step.verb.rawValue) is not a change of units")
    }
  }
}
