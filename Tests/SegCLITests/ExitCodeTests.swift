import Foundation
import Testing

/// One command line and what the process must do.
struct CLICase: Sendable, CustomTestStringConvertible {
  var name: String
  var arguments: [String]
  var stdin: String? = nil
  var status: Int32
  /// Must appear in stdout (or stderr, for failures).
  var shows: String
  var testDescription: String { name }
}

@Suite struct ExitCodeTests {
  static let folder: String = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-cli-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try? "a,b\n1,2\n3\n".write(to: dir.appendingPathComponent("ragged.csv"), atomically: true, encoding: .utf8)
    try? "sample customers n=5 seed=$seed\nshow customer_id n=1\n".write(
      to: dir.appendingPathComponent("param.seg"), atomically: true, encoding: .utf8)
    return dir.path
  }()

  static var cases: [CLICase] {
    let f = folder
    return [
      CLICase(name: "version", arguments: ["--version"], status: 0, shows: "0.1.0"),
      CLICase(name: "unknown flag is a usage error", arguments: ["run", "--frobnicate", "x.seg"], status: 64, shows: "Unknown option"),
      CLICase(name: "run from stdin", arguments: ["run", "-"], stdin: "sample customers n=3 seed=1\nhead n=1\n", status: 0, shows: "made customers"),
      CLICase(name: "--set fills a variable", arguments: ["run", "\(f)/param.seg", "--set", "seed=3"], status: 0, shows: "(seed 3)"),
      CLICase(name: "missing variable", arguments: ["run", "\(f)/param.seg"], status: 65, shows: "unknown variable $seed"),
      CLICase(name: "bad --set", arguments: ["run", "\(f)/param.seg", "--set", "seed"], status: 64, shows: "--set needs name=value"),
      CLICase(name: "check ok", arguments: ["check", "-"], stdin: "sample customers\nshow age\n", status: 0, shows: "<stdin>: ok"),
      CLICase(name: "check finds errors without running", arguments: ["check", "-"], stdin: "sample customers\nshwo age\n", status: 65, shows: "did you mean \"show\"?"),
      CLICase(name: "script not found", arguments: ["run", "\(f)/nope.seg"], status: 74, shows: "no such file"),
      CLICase(name: "script is a folder", arguments: ["run", f], status: 74, shows: "is a folder"),
      CLICase(name: "load a folder", arguments: ["run", "-"], stdin: "load \"\(f)\"\n", status: 74, shows: "is a folder, not a file"),
      CLICase(name: "ragged CSV names file and row", arguments: ["run", "-"], stdin: "load \"\(f)/ragged.csv\"\n", status: 65, shows: "ragged.csv:3: has 1 fields, expected 2"),
      CLICase(name: "ragged CSV skipped", arguments: ["run", "-"], stdin: "load \"\(f)/ragged.csv\" on_bad_rows=skip\n", status: 0, shows: "loaded ragged: 1 row × 2 columns"),
      // /proc refuses new files even to root (CI runs as root, so permissions alone would not do).
      CLICase(name: "export to a read-only place", arguments: ["run", "-"], stdin: "sample customers n=3\nexport to \"/proc/x.csv\"\n", status: 74, shows: "cannot write here"),
      CLICase(name: "runtime error", arguments: ["run", "-"], stdin: "describe\n", status: 70, shows: "there is no data yet"),
      CLICase(name: "keep going runs the rest", arguments: ["run", "-", "--keep-going"], stdin: "sample customers n=3\nselect nope\nshow age n=1\n", status: 65, shows: "age"),
    ]
  }

  @Test(arguments: cases)
  func behaves(_ c: CLICase) throws {
    let r = try SegBinary.run(c.arguments, stdin: c.stdin)
    #expect(r.status == c.status, "stderr: \(r.stderr)")
    #expect(r.stdout.contains(c.shows) || r.stderr.contains(c.shows), "stdout: \(r.stdout)\nstderr: \(r.stderr)")
    #expect(!r.stdout.contains("\u{1B}") && !r.stderr.contains("\u{1B}"), "no colour escapes off a terminal")
  }

  /// A script with many wrong options gets the same first error in every process (options
  /// are checked in the order written, not in a dictionary's order, which varies by process).
  @Test func theSameMistakesGiveTheSameErrorInEveryProcess() throws {
    let script = "sample customers n=50 seed=1\ncluster dbscan age income seed=5 n_init=3 max_iter=4 tol=0.1 linkage=ward\n"
    let errors = try (0..<4).map { _ in try SegBinary.run(["check", "-"], stdin: script).stderr }
    #expect(errors[0].contains("seed= is not an option of cluster dbscan"), "\(errors[0])")
    #expect(Set(errors).count == 1, "\(errors)")
  }

  /// Results and errors keep their order when both go to one pipe.
  /// Runs `seg run -` on `script` under bash with `redirect` after it; seg's status and stderr.
  static func shell(_ script: String, _ redirect: String) throws -> (status: Int32, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/bash")
    p.arguments = ["-c", "printf '%s' \"$SCRIPT\" | '\(SegBinary.url.path)' run - \(redirect); exit ${PIPESTATUS[1]}"]
    p.environment = SegBinary.environment(["SCRIPT": script])
    let err = Pipe()
    p.standardError = err
    try p.run()
    let data = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test func outputThatCannotBeWrittenEndsTheRunWithAnIOError() throws {
    let full = try Self.shell("sample customers n=5 seed=1\nshow\n", "> /dev/full")
    #expect(full.status == 74)
    #expect(full.stderr.contains("cannot write the output: No space left on device"), "\(full.stderr)")
    // A reader that stops early (| head) ends the run quietly, still not as a success.
    let closed = try Self.shell("sample customers n=3000 seed=1\nshow n=3000\nshow n=3000\nshow n=3000\n", "| head -1 > /dev/null")
    #expect(closed.status == 74)
    #expect(closed.stderr.isEmpty, "\(closed.stderr)")
  }

  @Test func echoShowsEachCommandBeforeItsOutput() throws {
    let r = try SegBinary.run(["run", "--echo", "-"], stdin: "sample customers n=3 seed=1\nderive x = \\\n  age + 1\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == """
      seg> sample customers n=3 seed=1
      made customers: 3 rows × 13 columns (seed 1)

      seg> derive x = \\
      ...>   age + 1
      added x (int)

      """, "\(r.stdout)")
  }

  @Test func outputAndErrorsStayInOrder() throws {
    let text = try SegBinary.run(
      ["run", "-", "--keep-going"], stdin: "sample customers n=3 seed=1\ndescribe from=nope\nshow gender n=1\n",
      mergeOutput: true
    ).stdout
    let made = try #require(text.range(of: "made customers"))
    let error = try #require(text.range(of: "unknown frame \"nope\""))
    let shown = try #require(text.range(of: "gender\n"))
    #expect(made.lowerBound < error.lowerBound && error.lowerBound < shown.lowerBound, "\(text)")
  }

  @Test func savedSessionReplaysTheSameOutput() throws {
    let script = "sample customers n=20 seed=4\nfilter age > 30\nderive k = income / 1000\nshow customer_id k n=3\n"
    let dir = Self.folder
    let first = try SegBinary.run([], stdin: script + ".save \(dir)/saved.seg\n")
    #expect(first.stderr.isEmpty, "\(first.stderr)")
    let replay = try SegBinary.run(["run", "\(dir)/saved.seg"])
    #expect(replay.status == 0)
    #expect(first.stdout.hasPrefix(replay.stdout))
    let saved = try String(contentsOfFile: "\(dir)/saved.seg", encoding: .utf8)
    #expect(!saved.contains(".save"))
  }
}
