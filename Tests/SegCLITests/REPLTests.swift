import Foundation
import Testing

/// The REPL driven through a real pseudo-terminal: history, completion, Ctrl-C, continuation.
@Suite(.serialized) struct REPLTests {
  let home: URL

  init() throws {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("seg-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
  }

  var environment: [String: String] {
    [
      "TERM": "xterm", "HOME": home.path, "SEG_HISTORY": home.appendingPathComponent("history").path,
      "INPUTRC": "/dev/null", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "SEG_TODAY": "2025-01-01",
    ]
  }

  @Test func historySurvivesARestart() throws {
    let first = try PseudoTerminal(environment: environment)
    #expect(first.wait(for: "seg[1]> "))
    first.type("let marker = 4242\r")
    #expect(first.wait(for: "$marker = 4242"))
    first.type(".quit\r")
    #expect(first.finish() == 0)

    let second = try PseudoTerminal(environment: environment)
    #expect(second.wait(for: "seg[1]> "))
    let mark = second.mark
    second.type("\u{1B}[A\u{1B}[A\r")  // Up twice: past .quit to the command before it
    #expect(second.wait(for: "$marker = 4242", after: mark), "history was not recalled: \(second.transcript)")
    #expect(second.wait(for: "seg[2]> ", after: mark))
    second.type("\u{04}")  // Ctrl-D on an empty line ends the session
    #expect(second.finish() == 0)
  }

  @Test func tabCompletesColumnNamesAndVerbs() throws {
    let t = try PseudoTerminal(environment: environment)
    #expect(t.wait(for: "seg[1]> "))
    t.type("sample customers n=10 seed=1\r")
    #expect(t.wait(for: "made customers"))
    var mark = t.mark
    t.type("show inc\t")
    #expect(t.wait(for: "income", after: mark), "no column completion: \(t.transcript)")
    t.type(" n=2\r")
    #expect(t.wait(for: "33380", after: mark))
    mark = t.mark
    t.type("desc\t")
    #expect(t.wait(for: "describe", after: mark))
    t.type("\u{15}.quit\r")  // Ctrl-U clears the line
    #expect(t.finish() == 0)
  }

  @Test func tabCompletesAQuotedFileNameAndClosesTheQuote() throws {
    let folder = home.appendingPathComponent("data")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "a,b\n1,2\n".write(to: folder.appendingPathComponent("shop_customers.csv"), atomically: true, encoding: .utf8)
    let t = try PseudoTerminal(environment: environment)
    #expect(t.wait(for: "seg[1]> "))
    let mark = t.mark
    t.type("load \"\(folder.path)/shop_\t")
    Thread.sleep(forTimeInterval: 0.3)
    t.type(" as shop\r")
    #expect(t.wait(for: "loaded shop: 1 row × 2 columns", after: mark), "the quoted name was not completed: \(t.transcript)")
    t.type(".quit\r")
    #expect(t.finish() == 0)
  }

  @Test func ctrlCStopsALongCommandAndTheSessionGoesOn() throws {
    let t = try PseudoTerminal(environment: environment)
    #expect(t.wait(for: "seg[1]> "))
    t.type("sample customers n=50000000 seed=1\r")
    Thread.sleep(forTimeInterval: 0.8)
    let mark = t.mark
    t.type("\u{03}")
    #expect(t.wait(for: "Interrupted.", after: mark, timeout: 30), "no interruption: \(t.transcript)")
    #expect(t.wait(for: "seg[2]> ", after: mark))
    t.type("frames\r")
    #expect(t.wait(for: "no frames yet", after: mark))
    t.type(".quit\r")
    #expect(t.finish() == 0)
  }

  @Test func ctrlCAtThePromptClearsTheLine() throws {
    let t = try PseudoTerminal(environment: environment)
    #expect(t.wait(for: "seg[1]> "))
    t.type("filter age > 3")
    Thread.sleep(forTimeInterval: 0.2)
    t.type("\u{03}")
    Thread.sleep(forTimeInterval: 0.2)
    let mark = t.mark
    t.type("help\r")
    #expect(t.wait(for: "Data:", after: mark), "help did not run: \(t.transcript)")
    #expect(!t.transcript[mark...].contains("there is no data"))
    t.type(".quit\r")
    #expect(t.finish() == 0)
  }

  @Test func ctrlCAtAContinuationPromptDropsThePendingCommand() throws {
    let t = try PseudoTerminal(environment: environment)
    #expect(t.wait(for: "seg[1]> "))
    t.type("derive note = \"unclosed\r")
    #expect(t.wait(for: "...> "))
    Thread.sleep(forTimeInterval: 0.2)
    t.type("\u{03}")
    #expect(t.wait(for: "seg[1]> ", after: t.mark), "no fresh prompt after Ctrl-C: \(t.transcript)")
    let mark = t.mark
    t.type("let after = 7\r")
    #expect(t.wait(for: "$after = 7", after: mark), "the next command was joined to the dropped one: \(t.transcript)")
    #expect(!t.transcript[mark...].contains("error"))
    t.type(".quit\r")
    #expect(t.finish() == 0)
  }

  @Test func tablesFollowTheTerminalWidthAfterAResize() throws {
    let t = try PseudoTerminal(environment: environment)
    #expect(t.wait(for: "seg[1]> "))
    t.type("sample customers n=5 seed=1\r")
    #expect(t.wait(for: "seg[2]> "))
    t.resize(columns: 200)
    Thread.sleep(forTimeInterval: 0.2)
    let mark = t.mark
    t.type("show n=1\r")
    // At 200 columns every column fits: no "more columns" footer (at 100 three are cut).
    #expect(t.wait(for: "seg[3]> ", after: mark))
    #expect(!t.transcript[mark...].contains("more column"), "the table kept the old width: \(t.transcript)")
    t.type(".quit\r")
    #expect(t.finish() == 0)
  }

  @Test func continuationLinesMakeOneCommand() throws {
    let t = try PseudoTerminal(environment: environment)
    #expect(t.wait(for: "seg[1]> "))
    t.type("sample customers n=10 seed=1\r")
    #expect(t.wait(for: "seg[2]> "))
    t.type("select age \\\r")
    #expect(t.wait(for: "...> "))
    t.type("  income\r")
    #expect(t.wait(for: "kept 2 columns: age, income"))
    let mark = t.mark
    t.type("derive note = \"two\r")
    #expect(t.wait(for: "...> ", after: mark))
    t.type("lines\"\r")  // an open quote continues onto the next line
    #expect(t.wait(for: "added note (string)", after: mark))
    t.type(".quit\r")
    #expect(t.finish() == 0)
  }

  @Test func chartsFollowTheCharsetAndTheReportCoversTheSession() throws {
    let t = try PseudoTerminal(environment: environment)
    #expect(t.wait(for: "seg[1]> "))
    t.type("sample customers n=200 seed=1\r")
    #expect(t.wait(for: "made customers"))
    var mark = t.mark
    t.type("plot bar region\r")
    #expect(t.wait(for: "█", after: mark), "no block bars: \(t.transcript)")
    mark = t.mark
    t.type(".charset ascii\r")
    #expect(t.wait(for: "charset = ascii", after: mark))
    t.type("plot bar region\r")
    #expect(t.wait(for: "|####", after: mark), "no ASCII bars: \(t.transcript)")
    mark = t.mark
    let report = home.appendingPathComponent("session.html").path
    t.type("report \"\(report)\"\r")
    #expect(t.wait(for: "wrote the report of 3 cells", after: mark), "\(t.transcript)")
    t.type(".quit\r")
    #expect(t.finish() == 0)
    let html = try String(contentsOfFile: report, encoding: .utf8)
    #expect(html.components(separatedBy: "class=\"cell\"").count - 1 == 3, "dot commands are not cells")
  }

  @Test func pipedInputHasNoPromptAndNoEscapes() throws {
    let r = try SegBinary.run([], stdin: "sample customers n=3 seed=1\nshow age\nnope\nshow age n=1\n")
    #expect(!r.stdout.contains("seg["))
    #expect(!r.stdout.contains("\u{1B}"))
    #expect(r.stdout.contains("made customers"))
    #expect(r.stderr.contains("unknown command \"nope\""))
    #expect(r.status == 0, "the REPL on a pipe reports errors and carries on")
  }
}
