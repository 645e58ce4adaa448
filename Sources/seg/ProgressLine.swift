@preconcurrency import CReadline
import Dispatch
import Foundation
import SegEngine

/// The one-line progress display of long commands: on stderr, only when it is a terminal,
/// only after a command has run for half a second, redrawn at most ten times a second, and
/// erased before any output and when the command ends.
final class ProgressLine: @unchecked Sendable {
  private let lock = NSLock()
  private var started: UInt64 = 0
  private var drawn: UInt64 = 0
  private var showing = false

  static var wanted: Bool { isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb" }

  var reporter: ProgressReporter { ProgressReporter { [self] in show($0) } }

  func begin() { lock.withLock { started = DispatchTime.now().uptimeNanoseconds } }

  private func show(_ status: String) {
    lock.withLock {
      let now = DispatchTime.now().uptimeNanoseconds
      guard now - started > 500_000_000, now - drawn > 100_000_000 else { return }
      drawn = now
      let seconds = Double(now - started) / 1e9
      let text = String(format: "%.0fs  ", seconds) + status + "  (Ctrl-C stops)"
      fputs("\r\u{1B}[2K" + String(text.prefix(max(10, Terminal.width - 1))), seg_stderr())
      fflush(seg_stderr())
      showing = true
    }
  }

  func clear() {
    lock.withLock {
      guard showing else { return }
      fputs("\r\u{1B}[2K", seg_stderr())
      fflush(seg_stderr())
      showing = false
    }
  }
}
