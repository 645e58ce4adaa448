@preconcurrency import CReadline
import ArgumentParser
@preconcurrency import Glibc
@preconcurrency import Foundation
import SegEngine
import SegLang
#if Spark
  import SegSpark
#endif

/// Exit codes (sysexits-style, as the language reference documents).
enum ExitStatus {
  static let ok: Int32 = 0
  /// The script ran to its end, and a `monitor … fail_on=` threshold was crossed.
  static let alert: Int32 = 3
  static let usage: Int32 = 64
  static let script: Int32 = 65
  static let runtime: Int32 = 70
  static let io: Int32 = 74
  static let interrupted: Int32 = 130

  static func of(_ problems: [LocatedDiagnostic]) -> Int32 {
    switch problems.first?.diagnostic.category {
    case nil: ok
    case .script: script
    case .runtime: runtime
    case .io: io
    case .interrupted: interrupted
    }
  }
}

@main
struct Seg: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seg",
    abstract: "A notebook-style scripting REPL for customer segmentation.",
    version: SegVersion.current,
    subcommands: [Repl.self, Run.self, Check.self, Assign.self],
    defaultSubcommand: Repl.self)
}

/// Shared set-up: line-buffered stdout so results and errors stay in order in one pipe.
func prepareProcess() {
  setvbuf(seg_stdout(), nil, _IOLBF, 0)
  installSignalHandlers()
  // A limit that cannot be read would otherwise be silently no limit in a nightly job.
  if let limit = MemoryBudget.configuredLimit, MemoryBudget.parseSize(limit) == nil {
    fputs("seg: SEG_MEMORY_LIMIT=\(VisibleText.escaped(limit)) is not a size; write it as 4G, 512M or a number of bytes\n", seg_stderr())
    exit(ExitStatus.usage)
  }
}

/// A session whose output goes to a printer.
func makeSession(baseDirectory: String, color: Bool) -> (Session, OutputPrinter) {
  var holder: Session? = nil
  let printer = OutputPrinter(color: color) { holder }
  let today = ProcessInfo.processInfo.environment["SEG_TODAY"].flatMap { text -> Int? in
    let p = text.split(separator: "-").compactMap { Int($0) }
    return p.count == 3 ? CivilDate.isValid(year: p[0], month: p[1], day: p[2]) ? CivilDate.days(year: p[0], month: p[1], day: p[2]) : nil : nil
  }
  let session = Session(baseDirectory: baseDirectory, today: today) { printer.print($0) }
  session.onDiagnostic = { printer.report([$0]) }
  #if Spark
    session.clusterConnectors = [SparkConnector()]
  #endif
  if ProgressLine.wanted {
    let line = ProgressLine()
    session.progress = line.reporter
    session.onCommandStarting = { _ in line.begin() }
    session.onCommandTimed = { _, _ in line.clear() }
    printer.beforeWrite = { line.clear() }
  }
  holder = session
  var display = session.display
  display.width = Terminal.width
  session.display = display
  return (session, printer)
}

struct Repl: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "repl", abstract: "Start the interactive prompt (the default).")

  func run() throws {
    prepareProcess()
    let interactive = Terminal.isInteractive
    let (session, printer) = makeSession(baseDirectory: ".", color: Terminal.colorAllowed(STDOUT_FILENO))
    let historyPath = ProcessInfo.processInfo.environment["SEG_HISTORY"] ?? (NSHomeDirectory() + "/.seg_history")
    completionSession = session
    printer.plainInterruptions = true
    printer.fitHeight = interactive
    if interactive { session.askSecret = Terminal.readSecret }
    session.isInteractive = interactive
    var repl = REPL(editor: LineEditor(interactive: interactive, historyPath: historyPath), session: session, printer: printer)
    let code = repl.run()
    if code != 0 { throw ExitCode(code) }
  }
}

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Run a .seg script (- reads it from standard input).")

  @Argument(help: "The script to run, or - for standard input.") var file: String
  @Option(name: .customLong("set"), help: "Set a variable: --set k=6 (repeatable).") var assignments: [String] = []
  @Flag(help: "Continue after a failing command; exit with the first failure's code.") var keepGoing = false
  @Flag(help: "Print each command's wall time to standard error.") var timings = false
  @Flag(help: "Print each command, after a seg> prompt, before its output (for showing a script to a class).") var echo = false
  @Option(name: .customLong("report"), help: "Write the run as an HTML notebook (.md: Markdown), even when it fails.") var reportPath: String?
  @Option(help: "Run the script on a Spark cluster: --backend sc://host:15002 connects before the first line (a token: connect … token_env= in the script).") var backend: String?

  func validate() throws {
    for a in assignments where !a.contains("=") || a.hasPrefix("=") {
      throw ValidationError("--set needs name=value, got \"\(a)\"")
    }
    if let backend, backend.contains("\"") || backend.contains("\n") {
      throw ValidationError("--backend takes an address such as sc://host:15002")
    }
  }

  func run() throws {
    prepareProcess()
    let (source, base) = try readScript(file)
    let name = source.name
    let (session, _) = makeSession(baseDirectory: base, color: Terminal.colorAllowed(STDOUT_FILENO))
    for a in assignments {
      let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
      session.setVariable(parts[0], text: parts.count > 1 ? parts[1] : "")
    }
    if echo {
      let starting = session.onCommandStarting
      nonisolated(unsafe) var first = true
      session.onCommandStarting = { text in
        starting?(text)
        // The command as the prompt would show it, a blank line apart from the one before.
        print((first ? "" : "\n") + "seg> " + text.replacingOccurrences(of: "\n", with: "\n...> "))
        first = false
      }
    }
    if timings {
      nonisolated(unsafe) var residentBefore = 0
      let starting = session.onCommandStarting, finished = session.onCommandTimed
      session.onCommandStarting = { text in
        starting?(text)
        residentBefore = MemoryProbe.startPeak()
      }
      session.onCommandTimed = { text, seconds in
        finished?(text, seconds)
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? text
        let grown = max(0, MemoryProbe.peak() - residentBefore)
        Terminal.writeError(String(format: "timing: %10.2f ms  peak +%.1f MB  ", seconds * 1000, Double(grown) / 1_048_576) + firstLine)
      }
    }
    session.reportTitle = name
    if file != "-" { session.noteInput(file, path: file) }
    activeToken = session.cancellation
    if let backend, case .failed(let problems) = session.run(SourceFile(name: "--backend", text: "connect spark \"\(backend)\"")) {
      throw ExitCode(ExitStatus.of(problems))
    }
    let outcome = session.run(source, keepGoing: keepGoing)
    var status = ExitStatus.ok
    if case .failed(let problems) = outcome { status = ExitStatus.of(problems) } else if !session.alerts.isEmpty { status = ExitStatus.alert }
    if let reportPath {
      do {
        try session.writeReport(to: reportPath)
      } catch {
        Terminal.writeError("error: the report was not written: \((error as? EngineError)?.message ?? "\(error)")")
        if status == ExitStatus.ok { status = ExitStatus.io }
      }
    }
    if status != ExitStatus.ok { throw ExitCode(status) }
  }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Parse and check a .seg script without running it.")

  @Argument(help: "The script to check, or - for standard input.") var file: String
  @Option(name: .customLong("set"), help: "Variables the script expects from --set.") var assignments: [String] = []

  func run() throws {
    prepareProcess()
    let (source, base) = try readScript(file)
    let (session, printer) = makeSession(baseDirectory: base, color: false)
    for a in assignments {
      let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
      session.setVariable(parts[0], text: parts.count > 1 ? parts[1] : "")
    }
    let problems = session.check(source)
    if !problems.isEmpty {
      printer.report(problems)
      throw ExitCode(ExitStatus.script)
    }
    print("\(source.name): ok")
  }
}

/// The script and its folder. When it cannot be read, or is not UTF-8 (said with the line
/// and column of the first bad byte, from a file or standard input alike), prints why and
/// exits with the matching code.
func readScript(_ file: String) throws -> (source: SourceFile, folder: String) {
  let bytes: Data
  if file == "-" {
    do {
      bytes = Data(try StandardStreams.readAll())
    } catch {
      Terminal.writeError("error: cannot read the script from standard input: \(error.reason)")
      throw ExitCode(ExitStatus.io)
    }
  } else {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: file, isDirectory: &isDir) else {
      Terminal.writeError("error: \(file): no such file")
      throw ExitCode(ExitStatus.io)
    }
    guard !isDir.boolValue else {
      Terminal.writeError("error: \(file): is a folder; give a .seg file")
      throw ExitCode(ExitStatus.io)
    }
    guard let data = FileManager.default.contents(atPath: file) else {
      Terminal.writeError("error: \(file): cannot read (permission denied?)")
      throw ExitCode(ExitStatus.io)
    }
    bytes = data
  }
  do {
    let source = try SourceFile.decoding(Array(bytes), name: file == "-" ? "<stdin>" : file)
    let dir = file == "-" ? "." : (file as NSString).deletingLastPathComponent
    return (source, dir.isEmpty ? "." : dir)
  } catch {
    Terminal.writeError(DiagnosticRenderer().render(error.diagnostic, in: error.source))
    throw ExitCode(ExitStatus.script)
  }
}
