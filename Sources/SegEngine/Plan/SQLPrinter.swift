/// Prints column expressions and logical plans as SQL, for pushing work down to a database
/// or to Spark. Semantics follow seg's: division by zero and logarithms out of their domain
/// give missing, `and`/`or` are three-valued (as SQL's), missing keys never join, missing
/// values sort last. What SQL cannot say the way seg means it (first/last of a group, a
/// seeded sample, a model other than the k-means family's) is refused with `unsupported`,
/// never printed wrongly.
public struct SQLPrinter: Sendable {
  public var dialect: SQLDialect
  /// The columns of each frame or table a plan scans, in order (derive and join need them).
  public var schemas: [String: [String]]
  public var context: EvaluationContext
  /// A hidden column every scanned table carries that orders its rows (Spark numbers them when
  /// it reads). With it, each step keeps seg's row order as a value: a projection and a join
  /// carry it, a group takes its first row's, a sort numbers its rows anew, so the rows come
  /// back in the order the local engine gives them. It is not one of `columns(of:)`.
  public var orderColumn: String?

  public init(dialect: SQLDialect, schemas: [String: [String]], context: EvaluationContext, orderColumn: String? = nil) {
    self.dialect = dialect
    self.schemas = schemas
    self.context = context
    self.orderColumn = orderColumn
  }

  // MARK: Plans

  /// The plan as one SELECT statement (with the order column, when there is one).
  public func sql(_ plan: LogicalPlan) throws -> String { try select(plan).text }

  /// Each of `columns` of a source aliased `t`, as models read it after the feature steps
  /// `through` (the values themselves when none concerns it).
  public func modelValues(_ columns: [String], through: [FittedStep]) throws -> [String] {
    try ScoringSQL(dialect: dialect).features(columns, through: through.filter(\.isFeatureStep))
  }

  /// The columns a plan gives, in order.
  public func columns(of plan: LogicalPlan) throws -> [String] { try select(plan).columns.filter { $0 != orderColumn } }

  /// The plan's rows in seg's order, its own columns only, at most `limit` of them. Steps
  /// that keep each row where it was (filter, projections, labels) keep the order the scan
  /// read the rows in, which is the order Spark returns them in, so those need no sort.
  public func orderedSQL(_ plan: LogicalPlan, limit: Int? = nil) throws -> String {
    let inner = try select(plan)
    let visible = inner.columns.filter { $0 != orderColumn }
    let order = orderColumn.map { Self.keepsScanOrder(plan) ? "" : " ORDER BY \(q($0))" } ?? ""
    return "SELECT \(list(visible)) FROM (\(inner.text)) AS t\(order)\(limit.map { " LIMIT \($0)" } ?? "")"
  }

  /// Whether the order column of `plan` is a number or text (a join makes it a pair), so
  /// that rows pulled unsorted can be put in order where they arrive.
  public static func orderIsScalar(_ plan: LogicalPlan) -> Bool {
    switch plan {
    case .scan, .sort, .rfm: true
    case .join: false
    case .filter(let p, _), .project(let p, _), .derive(let p, _, _), .applyModel(let p, _, _), .prepare(let p, _, _, _), .dedupe(let p, _, _), .sample(let p, _, _),
      .aggregate(let p, _, _):
      orderIsScalar(p)
    }
  }

  /// Whether every step of `plan` keeps rows in the order its scan reads them.
  public static func keepsScanOrder(_ plan: LogicalPlan) -> Bool {
    switch plan {
    case .scan: true
    case .filter(let p, _), .project(let p, _), .derive(let p, _, _), .applyModel(let p, _, _), .prepare(let p, _, _, _): keepsScanOrder(p)
    case .sort, .sample, .dedupe, .join, .aggregate, .rfm: false
    }
  }

  func select(_ plan: LogicalPlan) throws -> (text: String, columns: [String]) {
    switch plan {
    case .scan(let name):
      guard let columns = schemas[name] else { throw EngineError.frameNotFound(name: name, available: schemas.keys.sorted()) }
      return ("SELECT \(list(columns)) FROM \(q(name))", columns)
    case .filter(let input, let condition):
      let inner = try select(input)
      return ("SELECT \(list(inner.columns)) FROM (\(inner.text)) AS t WHERE \(try sql(condition))", inner.columns)
    case .project(let input, let columns):
      let inner = try select(input)
      if let unknown = columns.first(where: { !inner.columns.contains($0) }) {
        throw EngineError.columnNotFound(name: unknown, available: inner.columns)
      }
      let kept = columns + (orderColumn.map { inner.columns.contains($0) ? [$0] : [] } ?? [])
      return ("SELECT \(list(kept)) FROM (\(inner.text)) AS t", kept)
    case .derive(let input, let derived, let condition):
      // One level per column: a later column may read an earlier one.
      var current = try select(input)
      for d in derived {
        var value = try sql(d.expression)
        if let condition {
          value = "CASE WHEN \(try sql(condition)) THEN \(value) ELSE \(current.columns.contains(d.name) ? q(d.name) : "NULL") END"
        }
        let outputs = current.columns.contains(d.name) ? current.columns : current.columns + [d.name]
        let items = outputs.map { $0 == d.name ? "\(value) AS \(q($0))" : q($0) }.joined(separator: ", ")
        current = ("SELECT \(items) FROM (\(current.text)) AS t", outputs)
      }
      return current
    case .sort(let input, let keys):
      let inner = try select(input)
      var order = keys.map { "\(q($0.column)) \($0.descending ? "DESC" : "ASC") NULLS LAST" }
      if let o = orderColumn, inner.columns.contains(o) {
        // Ties keep their order, and the sorted order is numbered so later steps keep it.
        order.append(q(o))
        let others = inner.columns.filter { $0 != o }
        return ("SELECT \(list(others)), ROW_NUMBER() OVER (ORDER BY \(order.joined(separator: ", "))) AS \(q(o)) FROM (\(inner.text)) AS t", others + [o])
      }
      return ("SELECT \(list(inner.columns)) FROM (\(inner.text)) AS t ORDER BY \(order.joined(separator: ", "))", inner.columns)
    case .join(let left, let right, let keys, let kind, let suffix):
      let (l, r) = (try select(left), try select(right))
      let ordered = orderColumn.map { l.columns.contains($0) && r.columns.contains($0) } ?? false
      let leftColumns = l.columns.filter { !ordered || $0 != orderColumn }
      let rest = r.columns.filter { !keys.contains($0) && (!ordered || $0 != orderColumn) }
      var items = leftColumns.map { "l.\(q($0))" } + rest.map { "r.\(q($0)) AS \(q(leftColumns.contains($0) ? $0 + suffix : $0))" }
      var outputs = leftColumns + rest.map { leftColumns.contains($0) ? $0 + suffix : $0 }
      if ordered, let o = orderColumn {
        // The left row's place first, then the right's among the left row's matches.
        items.append("named_struct('l', l.\(q(o)), 'r', r.\(q(o))) AS \(q(o))")
        outputs.append(o)
      }
      let on = keys.map { "l.\(q($0)) = r.\(q($0))" }.joined(separator: " AND ")
      return ("SELECT \(items.joined(separator: ", ")) FROM (\(l.text)) AS l \(kind == .inner ? "INNER" : "LEFT") JOIN (\(r.text)) AS r ON \(on)", outputs)
    case .aggregate(let input, let keys, let outputs):
      let inner = try select(input)
      var items = try keys.map(q) + outputs.map { "\(try aggregate($0)) AS \(q($0.name))" }
      var columns = keys + outputs.map(\.name)
      if let o = orderColumn, inner.columns.contains(o) {
        // Groups come in the order of their first row, as in seg.
        items.append("MIN(\(q(o))) AS \(q(o))")
        columns.append(o)
      }
      let group = keys.isEmpty ? "" : " GROUP BY \(list(keys))"
      return ("SELECT \(items.joined(separator: ", ")) FROM (\(inner.text)) AS t\(group)", columns)
    case .dedupe(let input, let keys, let keep):
      let inner = try select(input)
      guard let o = orderColumn, inner.columns.contains(o) else {
        throw EngineError.unsupported("which of the duplicates is first depends on the order rows arrive in, which SQL does not keep; dedupe in seg")
      }
      let visible = inner.columns.filter { $0 != o }
      if let unknown = keys.first(where: { !visible.contains($0) }) { throw EngineError.columnNotFound(name: unknown, available: visible) }
      let rank = "ROW_NUMBER() OVER (PARTITION BY \(list(keys.isEmpty ? visible : keys)) ORDER BY \(q(o)) \(keep == .first ? "ASC" : "DESC"))"
      return ("SELECT \(list(inner.columns)) FROM (SELECT *, \(rank) AS \(q(o + "_keep")) FROM (\(inner.text)) AS t) AS d WHERE \(q(o + "_keep")) = 1", inner.columns)
    case .sample:
      throw EngineError.unsupported("a seeded sample is drawn by seg itself; SQL has no sample that repeats the same rows on every engine")
    case .applyModel(let input, let model, let label):
      // The nearest centre (or the bisecting tree's walk) as expressions, so every row is
      // labelled where it is; a label column of the same name is replaced.
      let inner = try select(input)
      let named = !model.segmentNames.isEmpty
      let made = [label] + (named ? [label + "_name"] : [])
      let kept = inner.columns.filter { !made.contains($0) }
      var renamed = model
      renamed.label = label
      let text = try renamed.scoringSQL(source: "(\(inner.text))", columns: kept, dialect: dialect, context: context)
      return (text, kept + made)
    case .rfm(let input, let step):
      return try rfm(try select(input), step)
    case .prepare(let input, let step, let through, let wholeNumbers):
      // The step's columns as the model SQL computes them: in place of the column of their
      // name (one-hot columns in place of the column they encode), else after the others.
      let inner = try select(input)
      let outputs = step.outputColumns
      let values = try ScoringSQL(dialect: dialect).features(outputs, through: through + [step], asModelsRead: false)
      let computed = Dictionary(zip(outputs, values), uniquingKeysWith: { a, _ in a })
      let replaced = step.replacedInputs
      var columns = inner.columns.flatMap { replaced[$0] ?? [$0] }
      columns += outputs.filter { !columns.contains($0) }
      let items = columns.map { c in
        computed[c].map { "\(wholeNumbers.contains(c) ? "CAST(\($0) AS \(dialect.integerType))" : $0) AS \(dialect.quote(c))" } ?? "t.\(dialect.quote(c))"
      }
      return ("SELECT \(items.joined(separator: ", ")) FROM (\(inner.text)) AS t", columns)
    }
  }

  private func aggregate(_ a: AggregateExpression) throws -> String {
    guard let input = a.input else {
      guard a.function == .count else { throw EngineError.invalidExpression("\(a.function.rawValue)() needs a column") }
      return "COUNT(*)"
    }
    let x = try sql(input)
    switch a.function {
    case .count: return "COUNT(\(x))"
    case .sum: return "SUM(\(x))"
    case .mean: return "AVG(\(x))"
    case .median: return try dialect.median(x)
    case .min: return "MIN(\(x))"
    case .max: return "MAX(\(x))"
    case .std: return try dialect.standardDeviation(x)
    case .nunique: return "COUNT(DISTINCT \(x))"
    case .first, .last:
      throw EngineError.unsupported("\(a.function.rawValue)() depends on the order rows arrive in, which SQL does not keep; use min() or max()")
    }
  }

  // MARK: Expressions

  /// One expression as SQL.
  public func sql(_ e: ColumnExpr) throws -> String {
    switch e {
    case .column(let name): return q(name)
    case .literal(let value): return literal(value)
    case .negate(let a): return "(-\(try sql(a)))"
    case .not(let a): return "(NOT \(try sql(a)))"
    case .binary(let op, let a, let b):
      let (x, y) = (try sql(a), try sql(b))
      switch op {
      case .divide: return "(CAST(\(x) AS \(dialect.doubleType)) / NULLIF(\(y), 0))"
      case .remainder: return "(\(x) % NULLIF(\(y), 0))"
      case .equal: return "(\(x) = \(y))"
      case .notEqual: return "(\(x) <> \(y))"
      case .and: return "(\(x) AND \(y))"
      case .or: return "(\(x) OR \(y))"
      default: return "(\(x) \(op.rawValue) \(y))"
      }
    case .isMissing(let a, let negated): return "(\(try sql(a)) IS \(negated ? "NOT " : "")NULL)"
    case .inList(let a, let items, let negated):
      return "(\(try sql(a)) \(negated ? "NOT IN" : "IN") (\(try items.map(sql).joined(separator: ", "))))"
    case .between(let a, let lo, let hi): return "(\(try sql(a)) BETWEEN \(try sql(lo)) AND \(try sql(hi)))"
    case .call(let name, let args): return try call(name, args)
    }
  }

  private func call(_ name: String, _ args: [ColumnExpr]) throws -> String {
    guard let arity = ExpressionFunctions.arity[name], arity.contains(args.count) else {
      throw EngineError.invalidExpression("unknown function \(name)() or wrong number of arguments")
    }
    let a = try args.map(sql)
    switch name {
    case "log": return "(CASE WHEN \(a[0]) > 0 THEN LN(\(a[0])) END)"
    case "log1p": return "(CASE WHEN \(a[0]) > -1 THEN LN(1 + \(a[0])) END)"
    case "sqrt": return "(CASE WHEN \(a[0]) >= 0 THEN SQRT(\(a[0])) END)"
    case "abs": return "ABS(\(a[0]))"
    case "round":
      // seg rounds half to even, as pandas; SQL's ROUND rounds half away from zero.
      throw EngineError.unsupported("round() rounds half to even in seg and half away from zero in SQL; round after loading")
    case "min", "max":
      if dialect == .sqlite && a.count > 1 {
        throw EngineError.unsupported("\(name)() of several values skips missing ones in seg, which SQLite's scalar \(name)() does not")
      }
      return a.count == 1 ? a[0] : "\(dialect.least(name == "min"))(\(a.joined(separator: ", ")))"
    // A missing condition gives missing in seg, not the else branch.
    case "if": return "(CASE WHEN \(a[0]) THEN \(a[1]) WHEN NOT \(a[0]) THEN \(a[2]) END)"
    case "coalesce": return "COALESCE(\(a.joined(separator: ", ")))"
    case "lower": return "LOWER(\(a[0]))"
    case "upper": return "UPPER(\(a[0]))"
    case "contains", "starts_with":
      guard case .literal(.string(let needle)) = args[1] else {
        throw EngineError.invalidExpression("\(name)(text, \"part\") needs a quoted string as its second argument")
      }
      return name == "contains" ? "(INSTR(\(a[0]), \(literal(.string(needle)))) > 0)" : "(SUBSTR(\(a[0]), 1, \(needle.count)) = \(literal(.string(needle))))"
    case "year", "month": return dialect.datePart(name, a[0])
    case "weekday": return dialect.weekday(a[0])
    case "days_between": return dialect.daysBetween(a[0], a[1])
    default: return literal(.date(context.today))  // today(), fixed per session
    }
  }

  func literal(_ value: Scalar) -> String {
    switch value {
    case .missing: return "NULL"
    case .int(let v): return String(v)
    case .double(let v): return v.isFinite ? "\(v)" : "NULL"
    case .bool(let b): return b ? "TRUE" : "FALSE"
    case .string(let s): return Self.stringLiteral(s)
    case .date(let d): return dialect.typed("DATE", CivilDate.format(days: d))
    case .datetime(let t): return dialect.typed("TIMESTAMP", CivilDate.format(seconds: t))
    }
  }

  /// A quoted SQL text literal.
  static func stringLiteral(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

  func q(_ name: String) -> String { dialect.quote(name) }
  func list(_ names: [String]) -> String { names.map(q).joined(separator: ", ") }
}
