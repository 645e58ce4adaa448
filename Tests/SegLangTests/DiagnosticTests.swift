import Testing
@testable import SegLang

/// A script and the exact error a user must see.
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
  var source: String
  var expected: String
  var testDescription: String { source.components(separatedBy: "\n").last ?? source }
}

@Suite struct DiagnosticTests {
  static let setup = "sample customers n=30 seed=1\n"
  static let cases: [DiagnosticCase] = [
    DiagnosticCase(source: setup + "frobnicate income", expected: """
      error: unknown command "frobnicate"
       --> t.seg:2:1
        |
      2 | frobnicate income
        | ^^^^^^^^^^ 
      help: type help to list the commands
      """),
    DiagnosticCase(source: setup + "winsorise income", expected: """
      error: unknown command "winsorise"
       --> t.seg:2:1
        |
      2 | winsorise income
        | ^^^^^^^^^ did you mean "winsorize"?
      help: type help to list the commands
      """),
    DiagnosticCase(source: setup + "show age incme", expected: """
      error: unknown column "incme"
       --> t.seg:2:10
        |
      2 | show age incme
        |          ^^^^^ did you mean "income"?
      help: the columns of customers are: customer_id, age, gender, region, channel, city_type, income, signup_date, loyalty_member, email_opt_in, web_visits, satisfaction, …
      """),
    DiagnosticCase(source: setup + "filter age = 30", expected: """
      error: unknown option age= for filter
       --> t.seg:2:8
        |
      2 | filter age = 30
        |        ^^^ options: from
      help: to compare, write age == …; options of filter: from
      """),
    DiagnosticCase(source: setup + "use custmers", expected: """
      error: unknown frame "custmers"
       --> t.seg:2:5
        |
      2 | use custmers
        |     ^^^^^^^^ did you mean "customers"?
      help: type frames to list them
      """),
    DiagnosticCase(source: setup + "show n=0", expected: """
      error: n= needs a whole number of at least 1
       --> t.seg:2:8
        |
      2 | show n=0
        |        ^ 0 is too small
      help: usage: show [<columns>…] [where <condition>] [n=<n>] [from=<frame>]
      """),
    DiagnosticCase(source: setup + "sample people", expected: """
      error: unknown value "people" for dataset
       --> t.seg:2:8
        |
      2 | sample people
        |        ^^^^^^ choose from: customers, transactions, outcome
      help: usage: sample customers|transactions|outcome [n=<n>] [pii=true|false] [customers=<n>] [actions=<column>] [seed=<n>] [from=<frame>] [as <name>]
      """),
    DiagnosticCase(source: setup + "filter region > 3", expected: """
      error: cannot compare string with a number
       --> t.seg:2:8
        |
      2 | filter region > 3
        |        ^^^^^^^^^^ 
      """),
    DiagnosticCase(source: setup + "filter age + 1", expected: """
      error: the condition gives int values, not true/false; compare something, for example age > 30
       --> t.seg:2:8
        |
      2 | filter age + 1
        |        ^^^^^^^ 
      """),
    DiagnosticCase(source: setup + "derive x = lg(age)", expected: """
      error: unknown function lg()
       --> t.seg:2:12
        |
      2 | derive x = lg(age)
        |            ^^^^^^^ did you mean "log"?
      """),
    DiagnosticCase(source: setup + "select", expected: """
      error: select needs columns
       --> t.seg:2:7
        |
      2 | select
        |       ^ add <column>
      help: usage: select <columns>… [where <condition>] [from=<frame>] [as <name>]
      """),
    DiagnosticCase(source: "select a\nselect b\nfilter x ==\n", expected: """
      error: the command ends where a value was expected
       --> t.seg:3:12
        |
      3 | filter x ==
        |            ^ add a value
      """),
  ]

  @Test(arguments: cases)
  func renders(_ c: DiagnosticCase) {
    let h = SessionHarness()
    let rendered = h.run(c.source)
    #expect(rendered == c.expected.replacingOccurrences(of: "^ \n", with: "^\n").trimmingTrailingCaretSpace)
  }

  @Test func aScriptIsCheckedBeforeAnythingRuns() {
    let h = SessionHarness()
    let rendered = h.run("sample customers n=10 seed=1\nshow\nfliter x > 1\n")
    #expect(rendered.contains("unknown command \"fliter\""))
    #expect(h.output.isEmpty, "nothing may run when a later line has a syntax or command error")
  }

  @Test func replSessionSurvivesErrors() {
    let h = SessionHarness()
    #expect(!h.run("show").isEmpty)
    #expect(h.run("sample customers n=5 seed=1").isEmpty)
    #expect(!h.run("select nope").isEmpty)
    #expect(h.run("select age").isEmpty)
    #expect(h.session.transcript == ["sample customers n=5 seed=1", "select age"])
  }
}

extension String {
  /// Carets with an empty label end without a trailing space.
  var trimmingTrailingCaretSpace: String {
    split(separator: "\n", omittingEmptySubsequences: false).map { line in
      var l = String(line)
      while l.hasSuffix(" ") { l.removeLast() }
      return l
    }.joined(separator: "\n")
  }
}

/// A control character in a script is shown escaped in the error, with its location whole.
@Suite struct ControlCharacterDiagnosticTests {
  @Test(arguments: ["filter a\u{0}b == 1", "filter a\u{1B}[2Jb == 1", "show \"x\u{202E}y\" n=1 nope"])
  func theErrorShowsTheCharacterEscapedAndSaysWhere(_ line: String) {
    let error = SessionHarness().run(line)
    #expect(error.contains("--> t.seg:1:"), "\(error)")
    #expect(!error.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(error)")
    #expect(!error.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) })
  }
}
