/// Scoring inside a database: a decision tree written as one SELECT that predicts for a
/// table's rows as `predict` does.
extension Classifier {
  /// A SELECT of every column of `table` with the predicted class as `column` and, with
  /// `probabilities`, each class's probability as `column_<class>`. The model's encoding
  /// becomes expressions (a missing number is its training median; a text value one 0/1
  /// feature per category), then the tree's walk: at each split, a value at or below the
  /// threshold goes left.
  public func scoringSQL(table: String, dialect: SQLDialect, column: String, probabilities: Bool) throws -> String {
    guard case .tree(let tree) = estimator else {
      throw EngineError.unsupported("a \(method.rawValue) model cannot be written as SQL (only a tree can: its walk is one CASE); score it with predict")
    }
    let sql = ScoringSQL(dialect: dialect)
    let printer = SQLPrinter(dialect: dialect, schemas: [:], context: EvaluationContext(today: 0))
    let features: [String] = encoding.inputs.flatMap { input -> [String] in
      switch input {
      case .number(let name, let fill):
        return ["COALESCE(\(sql.column(name)), \(sql.number(fill)))"]
      case .categories(let name, let values):
        // Booleans are stored as booleans (SQLite: 0/1), so they are compared as such.
        return values.map { v in
          let literal = v == "true" || v == "false" ? printer.literal(.bool(v == "true")) : SQLPrinter.stringLiteral(v)
          return "CASE WHEN t.\(dialect.quote(name)) = \(literal) THEN 1 ELSE 0 END"
        }
      }
    }
    func walk(_ node: Int, depth: Int, _ leaf: (DecisionTree.Node) -> String) throws -> String {
      guard depth < 200 else { throw EngineError.unsupported("the tree is too deep to write as SQL") }
      let n = tree.nodes[node]
      guard let f = n.feature else { return leaf(n) }
      return "CASE WHEN \(features[f]) <= \(sql.number(n.threshold)) THEN \(try walk(n.left, depth: depth + 1, leaf)) ELSE \(try walk(n.right, depth: depth + 1, leaf)) END"
    }
    var outputs = ["\(try walk(0, depth: 0) { printer.literal(classes[$0.prediction]) }) AS \(dialect.quote(column))"]
    if probabilities {
      for (c, label) in classes.enumerated() {
        outputs.append("\(try walk(0, depth: 0) { sql.number($0.shares[c]) }) AS \(dialect.quote("\(column)_\(ValueFormatter.plain(label))"))")
      }
    }
    return "SELECT t.*, \(outputs.joined(separator: ", ")) FROM \(dialect.quoteTable(table)) AS t\n"
  }
}
