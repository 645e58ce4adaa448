import Foundation
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

  /// The seed corpus: every command line of the examples, with small data sizes.
  static let corpus: [String] = {
    let root = DocumentationTests.root.appendingPathComponent("examples")
    var lines: [String] = []
    for folder in [root, root.appendingPathComponent("errors")] {
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".seg") }.sorted()
      for name in names {
        let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
        lines += text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
      }
    }
    return lines.map { $0.replacingOccurrences(of: "n=3000", with: "n=100").replacingOccurrences(of: "n=2000", with: "n=100").replacingOccurrences(of: "n=1500", with: "n=100") }
  }()

  static let hostile = ["9223372036854775807", "-9223372036854775808", "1e308", "(", ")", "\"", "`", "\\", "\u{1B}", "\u{0}",
    "..", "=", "==", "where", "as", "not", "0", "-1", "nan", "x", "é", "\u{202E}", "\n", "$k", "#"]

  /// Lines of the examples, mutated a word or a character at a time, never crash the
  /// checker or the interpreter, and every error they give is located.
  @Test(arguments: 0..<3)
  func mutatedExamplesNeverCrashAndErrorsAreLocated(_ batch: Int) throws {
    #expect(Self.corpus.count > 100, "the examples folder was not found")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-fuzz-\(getpid())-\(batch)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var g = SeededGenerator(seed: UInt64(4000 + batch))
    var clean = 0
    for _ in 0..<250 {
      var lines = (0..<(1 + g.below(5))).map { _ in Self.corpus[g.below(Self.corpus.count)] }
      for _ in 0..<(1 + g.below(3)) {
        let i = g.below(lines.count)
        var words = lines[i].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let w = g.below(words.count)
        switch g.below(4) {
        case 0: words[w] = Self.hostile[g.below(Self.hostile.count)]
        case 1: words.insert(Self.hostile[g.below(Self.hostile.count)], at: w)
        case 2: words.remove(at: w)
        default:
          var chars = Array(words[w])
          if !chars.isEmpty { chars[g.below(chars.count)] = Self.hostile[g.below(Self.hostile.count)].first ?? "x" }
          words[w] = String(chars)
        }
        lines[i] = words.joined(separator: " ")
      }
      // As typed at the prompt, line by line, so the lines after a broken one run too.
      let h = SessionHarness(baseDirectory: folder)
      h.run("sample customers n=60 seed=1\nsample transactions customers=20 seed=1 as tx\nuse customers")
      for line in lines {
        var problems = h.session.check(SourceFile(name: "fuzz", text: line))
        if case .failed(let found) = h.session.run(SourceFile(name: "fuzz", text: line)) { problems += found } else { clean += 1 }
        #expect(problems.allSatisfy { $0.diagnostic.range != nil }, "an error without a place: \(problems.map(\.plainText))\n\(line)")
      }
    }
    // Many commands still run, so the mutations reach the interpreter, not only the parser.
    #expect(clean > 150, "only \(clean) commands ran without an error")
  }
}
