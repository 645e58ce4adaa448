import SegEngine
import Testing
@testable import SegLang

/// Generated scripts never crash the lexer, parser, checker or interpreter.
@Suite struct ScriptFuzzTests {
  static let pieces = [
    "select", "filter", "derive", "show", "sort", "dedupe", "aggregate", "join", "rename", "drop", "describe",
    "columns", "head", "use", "let", "frames", "age", "income", "region", "customers", "x", "spend_*", "`odd name`",
    "where", "as", "and", "or", "not", "in", "between", "is", "missing", "true", "==", "=", "!=", "<", ">=", "+",
    "-", "*", "/", "%", "(", ")", ",", "..", "\"North\"", "\"", "12", "3.5", "1e3", "10%", "90d", "2011-12-09",
    "$k", "\\", "\n", "#", "by=", "n=", "keep=", "on=", "sum(", "count()", "log(", "if(", "é", "\t", "`", "1e",
  ]

  @Test(arguments: 0..<4)
  func randomTokenSoupNeverCrashes(_ batch: Int) {
    var g = SeededGenerator(seed: UInt64(2000 + batch))
    for _ in 0..<1000 {
      let text = (0..<g.below(14)).map { _ in Self.pieces[g.below(Self.pieces.count)] }.joined(separator: g.below(3) == 0 ? "" : " ")
      _ = Session.isIncomplete(text)
      let h = SessionHarness()
      _ = h.session.check(SourceFile(name: "fuzz", text: text))
      let rendered = h.run("sample customers n=12 seed=1\n" + text)
      _ = rendered
    }
  }

  static let columns = ["customer_id", "age", "gender", "region", "income", "signup_date", "loyalty_member", "web_visits", "nope"]
  static let values = ["1", "0", "-3", "2.5", "\"North\"", "true", "missing", "2020-01-01", "10%"]
  static let ops = ["==", "!=", "<", ">=", "+", "-", "*", "/", "and", "or"]

  static func expression(_ g: inout SeededGenerator, depth: Int = 0) -> String {
    switch g.below(depth > 2 ? 2 : 5) {
    case 0: return columns[g.below(columns.count)]
    case 1: return values[g.below(values.count)]
    case 2: return "\(expression(&g, depth: depth + 1)) \(ops[g.below(ops.count)]) \(expression(&g, depth: depth + 1))"
    case 3:
      let f = ["log", "round", "year", "lower", "coalesce", "if", "abs", "min", "days_between"][g.below(9)]
      return "\(f)(\((0..<(1 + g.below(3))).map { _ in expression(&g, depth: depth + 1) }.joined(separator: ", ")))"
    default: return "\(expression(&g, depth: depth + 1)) is \(g.below(2) == 0 ? "not " : "")missing"
    }
  }

  /// Commands shaped like real ones, with random columns, values and expressions, run on sample data.
  @Test(arguments: 0..<2)
  func generatedCommandsNeverCrash(_ batch: Int) {
    var g = SeededGenerator(seed: UInt64(3000 + batch))
    for _ in 0..<150 {
      let h = SessionHarness()
      h.run("sample customers n=25 seed=\(g.below(5))")
      for _ in 0..<8 {
        let c = { (g: inout SeededGenerator) in Self.columns[g.below(Self.columns.count)] }
        let line: String
        switch g.below(10) {
        case 0: line = "filter \(Self.expression(&g))"
        case 1: line = "derive z\(g.below(3)) = \(Self.expression(&g))"
        case 2: line = "sort \(c(&g)) \(g.below(2) == 0 ? "desc" : "") \(c(&g))"
        case 3: line = "dedupe by=\(c(&g)),\(c(&g)) keep=\(g.below(2) == 0 ? "first" : "last")"
        case 4: line = "aggregate n=count() s=\(["sum", "mean", "min", "max", "nunique", "first", "median", "std"][g.below(8)])(\(Self.expression(&g))) by=\(c(&g)) as agg"
        case 5: line = "join \(g.below(2) == 0 ? "agg" : "customers") on=\(c(&g)) how=\(g.below(2) == 0 ? "inner" : "left")"
        case 6: line = "show \(c(&g)) where \(Self.expression(&g)) n=\(1 + g.below(5))"
        case 7: line = "describe \(c(&g))"
        case 8: line = "drop where \(Self.expression(&g))"
        default: line = "use \(g.below(2) == 0 ? "agg" : "customers")"
        }
        h.run(line)
      }
    }
  }
}
