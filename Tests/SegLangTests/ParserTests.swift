import Testing
@testable import SegLang

/// Source text → printed AST, or the syntax error it must give.
struct ParseCase: Sendable, CustomTestStringConvertible {
  var source: String
  var expected: String
  var testDescription: String { source.replacingOccurrences(of: "\n", with: "⏎") }
  init(_ source: String, _ expected: String) {
    self.source = source
    self.expected = expected
  }
}

@Suite struct ParserTests {
  static let cases: [ParseCase] = [
    ParseCase("select age income", "(select age income)"),
    ParseCase("select spend_* *_total", "(select glob:spend_* glob:*_total)"),
    ParseCase("select `Annual Income (k$)`", "(select Annual Income (k$))"),
    ParseCase("filter age > 30 and region == \"North\"", "(filter (and (> age 30) (== region \"North\")))"),
    ParseCase("filter a or b and not c", "(filter (or a (and b (not c))))"),
    ParseCase("derive x = a + b * c - d / 2 % 3", "(derive x=(- (+ a (* b c)) (% (/ d 2) 3)))"),
    ParseCase("derive x = -a * -2", "(derive x=(* (- a) -2))"),
    ParseCase("derive amount = quantity*unit_price", "(derive amount=(* quantity unit_price))"),
    ParseCase("filter region in (\"N\", \"E\")", "(filter (in region [\"N\" \"E\"]))"),
    ParseCase("filter region not in (\"N\")", "(filter (not-in region [\"N\"]))"),
    ParseCase("filter age between 18 and 30", "(filter (between age 18 30))"),
    ParseCase("filter income is not missing", "(filter (is-not-missing income))"),
    ParseCase("filter income is missing or x", "(filter (or (is-missing income) x))"),
    ParseCase("sweep kmeans a b k=2..10 seed=7", "(sweep kmeans a b k=2..10 seed=7)"),
    ParseCase("cluster kmeans a k=3 init=k-means++", "(cluster kmeans a k=3 init=k-means++)"),
    ParseCase("derive x = k-means", "(derive x=(- k means))"),
    ParseCase("winsorize m lower=1% upper=99%", "(winsorize m lower=0.01% upper=0.99%)"),
    ParseCase("rfm asof=max+1d window=4w", "(rfm asof=(+ max 1days) window=28days)"),
    ParseCase("filter d >= 2011-12-09", "(filter (>= d date:15317))"),
    ParseCase("dedupe by=a,b keep=last", "(dedupe by=[a,b] keep=last)"),
    ParseCase("name segment 0=\"Dormant\" 1=\"Loyal\"", "(name segment 0=\"Dormant\" 1=\"Loyal\")"),
    ParseCase("show where x > 1 n=5 as y", "(show where:(> x 1) n=5 as:y)"),
    ParseCase("load \"a.csv\" as customers # a comment", "(load \"a.csv\" as:customers)"),
    ParseCase("select a \\\n  b", "(select a b)"),
    ParseCase("derive y = round(\n  x,\n  2)", "(derive y=(round() x 2))"),
    ParseCase("show n=$k", "(show n=$k)"),
    ParseCase("let k = 5", "(let k=5)"),
    ParseCase("filter s == \"say \\\"hi\\\"\\n\"", "(filter (== s \"say \"hi\"\n\"))"),
    ParseCase("select a\n\n\nselect b", "(select a)(select b)"),
    ParseCase("derive t = x * 1.5e3", "(derive t=(* x 1500.0))"),
    // Errors
    ParseCase("filter age = 30", "(filter age=30)"),  // an option; the binder explains
    ParseCase("filter age > 3 = 4", "error: use == to compare"),
    ParseCase("filter region == \"North", "error: unterminated string"),
    ParseCase("select (a", "error: a parenthesis is not closed"),
    ParseCase("select a)", "error: unmatched )"),
    ParseCase("let x = 9223372036854775807w", "error: 9223372036854775807w is more days than a whole number holds"),
    ParseCase("let x = 99999999999999999999d", "error: 99999999999999999999d is more days than a whole number holds"),
    ParseCase("filter a & b", "error: unexpected character &"),
    ParseCase("filter x == 'a'", "error: unexpected character '"),
    ParseCase("show as", "error: as needs a name"),
    ParseCase("show as x y", "(show as:x,y)"),  // the binder decides whether a command takes two names
    ParseCase("show as x y z", "error: as name ends the command"),
    ParseCase("derive a = 1, b = 2", "error: separate name=value pairs with spaces, not commas"),
    ParseCase("filter x where y where z", "error: where appears twice"),
    ParseCase("k=3", "error: a command starts with a verb"),
    ParseCase("select 12abc", "error: 12abc is not a number or a name"),
    ParseCase("filter d > 2011-02-30", "error: 2011-02-30 is not a valid date"),
    ParseCase("filter x between 1 or 2", "error: between needs and"),
    ParseCase("filter x is 3", "error: expected missing after is"),
    ParseCase("select a \\ b", "error: unexpected \\"),
    ParseCase("show n=", "error: n= needs a value"),
    ParseCase("filter and", "error: expected a value, found and"),
  ]

  @Test(arguments: cases)
  func parses(_ c: ParseCase) {
    do {
      let commands = try Parser.parse(c.source)
      #expect(commands.map(ASTPrinter.print).joined() == c.expected)
    } catch {
      #expect("error: " + error.message == c.expected)
    }
  }

  @Test(arguments: [
    ("select a \\", true), ("filter x == \"abc", true), ("derive y = round(x,", true), ("select a", false),
    ("filter x == \"a\"", false), ("select a)", false), ("select `a", true),
  ])
  func incompleteInput(_ source: String, _ incomplete: Bool) {
    #expect(Session.isIncomplete(source) == incomplete)
  }

  /// Printing an expression back as seg text and parsing that gives the same tree.
  @Test(arguments: [
    "a > 1 and (b < 2 or not c)", "-x * (y + 3) / 2 % 4", "region in (\"North\", \"East\") or region not in (\"a\")",
    "age between 18 and 30", "not age between -5 and 5", "income is missing and age is not missing",
    "`first name` == \"Ann \\\"Jo\\\"\\n\"", "recency > 90d and d >= 2011-12-09", "share > 10%", "x == 1.5e-07 or x == -2.25",
    "lower(region) == \"north\" and round(income / 1000, 2) > 3", "flag == true or flag == missing", "a - (b - c)", "-(a + b)",
  ])
  func printedExpressionsParseBack(_ text: String) throws {
    let first = try #require(try Parser.parse("filter " + text).first?.positionals.first)
    let printed = SegPrinter.print(first)
    let again = try #require(try Parser.parse("filter " + printed).first?.positionals.first)
    #expect(ASTPrinter.print(again) == ASTPrinter.print(first), "\(text) printed as \(printed)")
  }
}

/// A bare file name is a syntax error that shows the name quoted.
@Suite struct BareFileNameTests {
  @Test(arguments: [
    ("load data.csv", "\"data.csv\""),
    ("export to out/c.csv", "\"out/c.csv\""),
  ])
  func theHintQuotesTheName(_ line: String, _ quoted: String) {
    let h = SessionHarness()
    let error = h.run(line)
    #expect(error.contains("file names and other text go in double quotes: \(quoted)"), "\(error)")
  }

  @Test func aDecimalPointAloneGetsNoFileHint() {
    #expect(!SessionHarness().run("let x = .5").contains("file names"))
  }
}

/// Scripts must be UTF-8; the first bad byte is found wherever it is.
@Suite struct ScriptEncodingTests {
  @Test(arguments: [
    ([0x61, 0x62], nil as Int?), (Array("Zürich – σ 🙂".utf8), nil),
    ([0x61, 0xFF], 1), ([0xC3], 0), ([0x61, 0xC3, 0x28], 1), ([0xE2, 0x82], 0),
    ([0xC0, 0xAF], 0), ([0xED, 0xA0, 0x80], 0), ([0xF4, 0x90, 0x80, 0x80], 0), ([0x4B, 0xF6, 0x6C, 0x6E], 1),
  ] as [([UInt8], Int?)])
  func theFirstBadByteIsFound(_ bytes: [UInt8], _ offset: Int?) {
    #expect(SourceFile.firstInvalidUTF8(bytes) == offset)
  }

  @Test func theErrorSaysWhereTheByteIs() throws {
    #expect(throws: LocatedDiagnostic.self) { try SourceFile.decoding(Array("let a = 1\nshow x".utf8) + [0xFF], name: "t.seg") }
    do {
      _ = try SourceFile.decoding(Array("let a = 1\nshow x".utf8) + [0xFF], name: "t.seg")
    } catch {
      #expect(error.plainText.contains("--> t.seg:2:7"), "\(error.plainText)")
      #expect(error.plainText.contains("byte 0xFF"))
    }
  }
}

/// Inputs long or deep enough to overflow the stack get an error instead, in check and run.
@Suite struct DeepInputTests {
  static let cases: [(String, String)] = [
    ("filter " + (1...5000).map { "customer_id == \($0)" }.joined(separator: " or "), "is x in (a, b, …)"),
    ("filter " + (1...16000).map { "age > \($0)" }.joined(separator: " and "), "nested more than 256 levels"),
    ("let x = " + String(repeating: "abs(", count: 4800) + "1" + String(repeating: ")", count: 4800), "more than 256 parentheses"),
    ("let x = " + String(repeating: "(", count: 4800) + "1" + String(repeating: ")", count: 4800), "more than 256 parentheses"),
    ("filter " + String(repeating: "not ", count: 5000) + "loyalty_member", "too many nots"),
    ("let x = " + String(repeating: "- ", count: 5000) + "1", "too many minus signs"),
  ]

  @Test(arguments: cases)
  func tooDeepIsAnErrorNotACrash(_ line: String, _ expected: String) {
    let h = SessionHarness()
    #expect(h.run("sample customers n=5 seed=1") == "")
    let error = h.run(line)
    #expect(error.contains(expected), "\(error.prefix(300))")
    #expect(!h.session.check(SourceFile(name: "t.seg", text: line)).isEmpty, "seg check must refuse it too")
  }

  @Test func aHugeUnknownNameIsReportedWithoutSuggestionsToSearch() {
    let h = SessionHarness()
    #expect(h.run("sample customers n=5 seed=1") == "")
    let error = h.run("show " + String(repeating: "x", count: 1_000_000))
    #expect(error.hasPrefix("error: unknown column"))
    #expect(!error.contains("did you mean"))
  }

  @Test func manyVariablesStayUsable() {
    let h = SessionHarness()
    let lets = (0..<3000).map { "let v\($0) = \($0)" }.joined(separator: "\n")
    #expect(h.run(lets + "\nsample customers n=5 seed=1\nshow n=$v3") == "")
    #expect(h.output.last?.contains("2 more rows") == true, "show n=$v3 shows 3 of the 5 rows")
  }

  @Test func aLongButShallowEnoughChainStillRuns() {
    let h = SessionHarness()
    #expect(h.run("sample customers n=50 seed=1\nfilter " + (1...200).map { "customer_id == \($0)" }.joined(separator: " or ")) == "")
  }
}
