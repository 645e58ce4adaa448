import Foundation
import SegEngine

/// How a run of source text ended.
public enum RunOutcome: Sendable {
  case completed
  /// The diagnostics of the failures (more than one only with keep-going).
  case failed([LocatedDiagnostic])
}

/// The one entry point for running `.seg` text, used alike by the REPL and by `seg run`.
/// It owns the session's frames and variables and reports output through `emit`.
public final class Session {
  let env: Environment
  /// Shows an item; `emit` also records it in the running command's notebook cell.
  private let present: (OutputItem) -> Void
  private let emit: (OutputItem) -> Void
  /// Raised to stop the running command (Ctrl-C).
  public let cancellation = CancellationToken()
  /// The text of every command that succeeded, in order (what `.save` writes).
  public var transcript: [String] { env.recorder.succeeded.map(\.text) }
  /// Thresholds `monitor … fail_on=` found crossed in this session, in order.
  public var alerts: [String] { env.alerts }
  /// Receives each diagnostic of `run` the moment it happens, so errors interleave with
  /// output in the order they occurred.
  public var onDiagnostic: (LocatedDiagnostic) -> Void = { _ in }
  /// Receives each finished command's source text and wall time in seconds (for --timings).
  public var onCommandTimed: ((String, Double) -> Void)? = nil
  /// Receives progress of long commands (the terminal shows it; files and pipes do not).
  public var progress: ProgressReporter? = nil
  /// Called just before each command runs, with its text as written (measurements start here).
  public var onCommandStarting: ((String) -> Void)? = nil

  /// - Parameters:
  ///   - baseDirectory: where relative file paths start.
  ///   - today: the day `today()` returns (days since 1970-01-01); fixed for reproducible runs.
  ///   - output: receives every output item as it is produced.
  public init(baseDirectory: String = ".", today: Int? = nil, output: @escaping (OutputItem) -> Void) {
    let now = Int(Date().timeIntervalSince1970) / 86400
    let env = Environment(baseDirectory: baseDirectory, today: today ?? now)
    self.env = env
    present = output
    emit = { item in
      output(item)
      if let open = env.recorder.openCell { env.recorder.cells[open].outputs.append(item.notebookOutput) }
    }
  }

  /// Asks the person at the prompt for a password, without echo; the REPL sets it, and a
  /// script run without one tells how to give the password instead.
  public var askSecret: ((String) -> String?)? {
    get { env.askSecret }
    set { env.askSecret = newValue }
  }

  /// The script as a diagnostic may quote it: personal values typed into it masked.
  private func shown(_ source: SourceFile) -> SourceFile {
    let masked = env.catalog.maskingPersonalLiterals(source.text)
    return masked == source.text ? source : SourceFile(name: source.name, text: masked, firstLine: source.firstLine)
  }

  /// A typed line as history may keep it: no password, no personal value.
  public func recordable(_ line: String) -> String { env.catalog.maskingPersonalLiterals(ConnectionString.redacted(line)) }

  /// Whether a person is at the prompt: the REPL says so, and only then may `reveal` run.
  public var isInteractive: Bool {
    get { env.isInteractive }
    set { env.isInteractive = newValue }
  }

  /// Where keys named by `key_env=` are read (the process environment unless set).
  public var environmentVariable: @Sendable (String) -> String? {
    get { env.environmentVariable }
    set { env.environmentVariable = newValue }
  }

  /// The kinds of cluster `connect` can reach (the seg executable registers Spark when built with it).
  public var clusterConnectors: [any ClusterConnector] {
    get { env.clusterConnectors }
    set { env.clusterConnectors = newValue }
  }

  public var display: DisplaySettings {
    get { env.display }
    set { env.display = newValue }
  }

  /// Sets a variable from outside (`--set k=6`); `let` in scripts does not override it.
  public func setVariable(_ name: String, text: String) {
    let value: Scalar
    if let i = Int(text) {
      value = .int(i)
    } else if let d = Double(text) {
      value = .double(d)
    } else if text == "true" || text == "false" {
      value = .bool(text == "true")
    } else if let d = DateLiteral.days(text), text.count == 10 {
      value = .date(d)
    } else {
      value = .string(text)
    }
    env.variables[name] = value
    env.fixedVariables.insert(name)
  }

  /// Parses and checks without running: syntax, verbs, options, values and variables.
  public func check(_ source: SourceFile) -> [LocatedDiagnostic] { parseAndCheck(source).problems }

  private func parseAndCheck(_ source: SourceFile) -> (commands: [Command], problems: [LocatedDiagnostic]) {
    let commands: [Command]
    do {
      commands = try Parser.parse(source.text)
    } catch {
      return ([], [LocatedDiagnostic(diagnostic: Self.diagnostic(error), source: source)])
    }
    var known: [String: Scalar?] = env.variables.mapValues { Optional($0) }
    var problems: [LocatedDiagnostic] = []
    for cmd in commands {
      do {
        _ = try Interpreter.bind(cmd, variables: known)
        if cmd.verb == "let" { for o in cmd.options { known[o.key] = known[o.key] ?? .some(nil) } }
      } catch {
        problems.append(LocatedDiagnostic(diagnostic: error, source: source))
      }
    }
    return (commands, problems)
  }

  /// Runs every command of `source` in order. The whole text is checked first, so a typo
  /// late in a script stops it before anything runs. Stops at the first failure unless
  /// `keepGoing` is set.
  public func run(_ source: SourceFile, keepGoing: Bool = false) -> RunOutcome {
    // A password written into a connection string is refused when it is used; hidden from
    // here on, it reaches no diagnostic, notebook, report or `.save`.
    let source = ConnectionString.hasPassword(source.text)
      ? SourceFile(name: source.name, text: ConnectionString.redacted(source.text), firstLine: source.firstLine) : source
    let (commands, problems) = parseAndCheck(source)
    if !problems.isEmpty {
      let reported = keepGoing ? problems : [problems[0]]
      for p in reported {
        env.recorder.cells.append(NotebookCell(source: source.lineText(p.diagnostic.range?.start ?? 0), outputs: [.error(p.plainText)]))
        onDiagnostic(p)
      }
      return .failed(reported)
    }
    var failures: [LocatedDiagnostic] = []
    let interpreter = Interpreter(env: env, source: source)
    for cmd in commands {
      let text = env.catalog.maskingPersonalLiterals(source.slice(cmd.range))
      // Help pages are not part of the analysis: neither .save nor report keeps them.
      let recorded = !CommandTable.unrecorded.contains(cmd.verb)
      if recorded {
        env.recorder.cells.append(NotebookCell(source: text))
        env.recorder.openCell = env.recorder.cells.count - 1
      }
      cancellation.reset()
      onCommandStarting?(text)
      let started = DispatchTime.now().uptimeNanoseconds
      defer {
        env.recorder.openCell = nil
        onCommandTimed?(text, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
      }
      let failure: LocatedDiagnostic
      do {
        let defaults = try CancellationToken.$current.withValue(cancellation) {
          try ProgressReporter.$current.withValue(progress) {
            let defaults = try interpreter.execute(cmd, emit: emit)
            // Ctrl-C during a command that never stopped to look still ends the script here.
            try CancellationToken.check()
            return defaults
          }
        }
        if recorded { env.recorder.succeeded.append(ManifestCommand(text: text, defaults: defaults)) }
        continue
      } catch let d as Diagnostic {
        failure = LocatedDiagnostic(diagnostic: d, source: shown(source))
      } catch {
        failure = LocatedDiagnostic(diagnostic: Interpreter.diagnose(error, in: cmd, frame: nil), source: shown(source))
      }
      failures.append(failure)
      if recorded { env.recorder.cells[env.recorder.cells.count - 1].outputs.append(.error(failure.plainText)) }
      onDiagnostic(failure)
      if !keepGoing || failure.diagnostic.category == .interrupted { break }
    }
    return failures.isEmpty ? .completed : .failed(failures)
  }

  /// True when `text` stops in the middle of a command (open quote or parenthesis, a
  /// trailing `\`), so the REPL should read another line.
  public static func isIncomplete(_ text: String) -> Bool {
    do {
      _ = try Lexer.tokenize(text)
      return false
    } catch {
      return error.incomplete
    }
  }

  static func diagnostic(_ e: SyntaxError) -> Diagnostic {
    Diagnostic(message: e.message, range: e.range, label: e.label, help: e.help)
  }

  /// Output of dot commands, which are no part of the notebook.
  func emitText(_ text: String) { present(.text(text)) }

  /// The current frame's column names (for completion).
  public var currentColumns: [String] { (try? env.catalog.current().frame.columnNames) ?? [] }

  /// The names of all frames (for completion).
  public var frameNames: [String] { env.catalog.frameOrder }

  /// Saves the session's successful commands as a script that `seg run` replays. A script's
  /// relative paths start at its own folder, so file names are rewritten to reach from there
  /// the files they reached from this session's folder.
  public func saveTranscript(to path: String) throws {
    let target = env.resolve(path: path)
    let folder = (target as NSString).deletingLastPathComponent
    let text = "# saved by seg\n" + transcript.map { ScriptPaths.rebased($0, from: env.baseDirectory, to: folder) + "\n" }.joined()
    try AtomicFile.write(Data(text.utf8), to: target)
  }
}
