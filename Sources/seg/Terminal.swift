@preconcurrency import CReadline
@preconcurrency import Foundation
@preconcurrency import Glibc
import SegEngine
import Synchronization

/// Facts about the terminal and the process's signal state; the only place that asks.
enum Terminal {
  /// Both ends are terminals: only then line editing, prompts, colour and progress.
  static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

  static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

  /// The width tables fit: the terminal's, else COLUMNS, else 100.
  static var width: Int {
    var ws = winsize()
    if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 {
      return Int(ws.ws_col)
    }
    if let c = getenv("COLUMNS").map({ String(cString: $0) }), let n = Int(c), n > 0 { return n }
    return 100
  }

  /// The terminal's height in lines, when stdout is a terminal.
  static var height: Int? {
    var ws = winsize()
    guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0 else { return nil }
    return Int(ws.ws_row)
  }

  /// Reads one line from the terminal with echo off (a password), or nil at end of input.
  static func readSecret(prompt: String) -> String? {
    fputs(prompt, seg_stderr())
    var saved = termios()
    let isTTY = tcgetattr(STDIN_FILENO, &saved) == 0
    if isTTY {
      var quiet = saved
      quiet.c_lflag &= ~tcflag_t(ECHO)
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
    }
    defer {
      if isTTY { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
      fputs("\n", seg_stderr())
    }
    return Swift.readLine(strippingNewline: true)
  }

  /// Colour only on a terminal, and never with NO_COLOR set (no-color.org).
  static func colorAllowed(_ fd: Int32) -> Bool {
    isatty(fd) == 1 && getenv("NO_COLOR") == nil && String(cString: getenv("TERM") ?? strdup("")!) != "dumb"
  }

  /// Whether the locale can show Unicode box and block characters.
  static var unicode: Bool {
    let vars = ["LC_ALL", "LC_CTYPE", "LANG"]
    for v in vars { if let p = getenv(v) { let s = String(cString: p); if !s.isEmpty { return s.uppercased().contains("UTF-8") || s.uppercased().contains("UTF8") } } }
    return false
  }

  static func writeError(_ text: String) {
    fflush(seg_stdout())
    fputs(text + "\n", seg_stderr())
  }
}

/// The flags signal handlers set; lock-free atomics, so safe to touch from a handler.
let sigintPending = Atomic<Bool>(false)
let sigwinchPending = Atomic<Bool>(false)
/// The running command's cancellation token (set by the REPL and runner before each command).
nonisolated(unsafe) var activeToken: CancellationToken? = nil
/// Script mode: a second Ctrl-C ends the process at once.
let interruptCount = Atomic<Int>(0)

private func onSIGINT(_ sig: Int32) {
  sigintPending.store(true, ordering: .relaxed)
  activeToken?.cancel()
  let (_, n) = interruptCount.add(1, ordering: .relaxed)
  if n >= 3 { _exit(130) }  // the user insists; a command ignored two requests
}

private func onSIGWINCH(_ sig: Int32) { sigwinchPending.store(true, ordering: .relaxed) }

/// Installs the handlers without SA_RESTART so blocking reads wake up with EINTR, and
/// unblocks the signals in case a parent process left them blocked.
func installSignalHandlers() {
  // A closed pipe is an error a write returns (checkOutputWritten ends the run), not a kill.
  signal(SIGPIPE, SIG_IGN)
  var unblock = sigset_t()
  sigemptyset(&unblock)
  sigaddset(&unblock, SIGINT)
  sigaddset(&unblock, SIGWINCH)
  sigprocmask(SIG_UNBLOCK, &unblock, nil)
  var sa = sigaction()
  sa.__sigaction_handler.sa_handler = onSIGINT
  sigemptyset(&sa.sa_mask)
  sa.sa_flags = 0
  sigaction(SIGINT, &sa, nil)
  var sw = sigaction()
  sw.__sigaction_handler.sa_handler = onSIGWINCH
  sigemptyset(&sw.sa_mask)
  sw.sa_flags = 0
  sigaction(SIGWINCH, &sw, nil)
}

extension Terminal {
  /// Ends the process with exit 74 when standard output could not be written (a full disk, a
  /// closed pipe): results that nobody receives must not end in success. A closed pipe
  /// (`seg run … | head`) ends quietly, as Unix tools do; anything else says why.
  static func checkOutputWritten() {
    let out = seg_stdout()
    guard ferror(out) != 0 || fflush(out) != 0 else { return }
    outputFailed(errno)
  }

  /// Ends the process because standard output failed with `reason`: quietly for a closed
  /// pipe, else saying why; exit 74 either way.
  static func outputFailed(_ reason: Int32) -> Never {
    if reason != EPIPE { writeError("error: cannot write the output: \(String(cString: strerror(reason)))") }
    exit(ExitStatus.io)
  }
}
