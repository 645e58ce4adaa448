@preconcurrency import Foundation
import SegEngine
@preconcurrency import CReadline
@preconcurrency import Glibc
import SegLang

/// Reads lines: GNU readline (callback API, so Ctrl-C also ends a reverse search) on a
/// terminal, plain `readLine` otherwise. The rest of seg sees only this type.
final class LineEditor {
  let interactive: Bool
  private let historyPath: String?
  private var lastHistoryEntry: String?

  init(interactive: Bool, historyPath: String?) {
    self.interactive = interactive
    self.historyPath = historyPath
    guard interactive else { return }
    rl_readline_name = UnsafePointer(strdup("seg"))  // enables `$if seg` in ~/.inputrc
    rl_attempted_completion_function = attemptCompletion
    rl_catch_signals = 0
    rl_catch_sigwinch = 0
    rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n(,="))
    // Inside "…" readline completes the file name without the quote and closes it after.
    rl_completer_quote_characters = UnsafePointer(strdup("\""))
    rl_variable_bind("show-all-if-ambiguous", "on")
    using_history()
    stifle_history(1000)
    if let historyPath { _ = read_history(historyPath) }
  }

  /// What reading a line gave.
  enum Read {
    case line(String)
    /// Ctrl-C at a prompt that abandons what it was continuing.
    case interrupted
    /// End of input (Ctrl-D).
    case end
  }

  /// The next line. Ctrl-C clears the line and reads again, unless `abandonOnInterrupt`
  /// (a continuation prompt), which gives `.interrupted` so the pending command is dropped.
  func readLine(prompt: String, abandonOnInterrupt: Bool = false) -> Read {
    guard interactive else { return Swift.readLine(strippingNewline: true).map { .line($0) } ?? .end }
    switch readWithCallbacks(prompt, abandonOnInterrupt: abandonOnInterrupt) {
    case .line(let raw):
      defer { seg_line_free(raw) }
      return .line(String(cString: raw))
    case .interrupted: return .interrupted
    case .end: return .end
    }
  }

  /// Adds a command to the history (skipping blanks and repeats) and appends it to the file.
  func remember(_ typed: String) {
    // A password typed into a connection string never reaches the history file.
    let line = ConnectionString.redacted(typed)
    guard interactive, !line.trimmingCharacters(in: .whitespaces).isEmpty, line != lastHistoryEntry else { return }
    lastHistoryEntry = line
    add_history(line)
    guard let historyPath else { return }
    if access(historyPath, F_OK) != 0 { _ = write_history(historyPath) } else { _ = append_history(1, historyPath) }
  }

  /// The last `n` history entries, oldest first.
  func history(last n: Int) -> [String] {
    guard interactive else { return [] }
    let total = Int(history_length)
    let base = Int(history_base)
    return (max(0, total - n)..<total).compactMap { i in
      history_get(Int32(base + i)).flatMap { $0.pointee.line.map { String(cString: $0) } }
    }
  }

  func close() {
    guard interactive, let historyPath else { return }
    _ = history_truncate_file(historyPath, 1000)
  }
}

// MARK: Callback-mode reading (state lives here, not in main, so C callbacks may touch it)

nonisolated(unsafe) private var callbackLine: UnsafeMutablePointer<CChar>? = nil
nonisolated(unsafe) private var callbackDone = false
/// The session completion asks; set by the REPL.
nonisolated(unsafe) var completionSession: Session? = nil
nonisolated(unsafe) private var currentMatches: [String] = []
nonisolated(unsafe) private var matchCursor = 0

private func lineHandler(_ line: UnsafeMutablePointer<CChar>?) {
  callbackLine = line
  callbackDone = true
  rl_callback_handler_remove()
}

/// A line readline returned (to be freed), Ctrl-C at a continuation prompt, or the end.
private enum RawRead {
  case line(UnsafeMutablePointer<CChar>)
  case interrupted
  case end
}

private func readWithCallbacks(_ prompt: String, abandonOnInterrupt: Bool) -> RawRead {
  callbackDone = false
  callbackLine = nil
  rl_callback_handler_install(prompt, lineHandler)
  while !callbackDone {
    var pfd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    if poll(&pfd, 1, -1) < 0 {
      guard errno == EINTR else {
        rl_callback_handler_remove()
        return .end
      }
      if sigwinchPending.exchange(false, ordering: .relaxed) { rl_resize_terminal() }
      if sigintPending.exchange(false, ordering: .relaxed) {
        interruptCount.store(0, ordering: .relaxed)
        // Ctrl-C at the prompt: drop the line (and any reverse search), show a fresh prompt.
        rl_echo_signal_char(SIGINT)
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        fputs("\n", seg_stdout())
        fflush(seg_stdout())
        if abandonOnInterrupt { return .interrupted }
        rl_callback_handler_install(prompt, lineHandler)
      }
      continue
    }
    rl_callback_read_char()
  }
  return callbackLine.map { .line($0) } ?? .end
}

private func generator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  if state == 0 { matchCursor = 0 }
  guard matchCursor < currentMatches.count else { return nil }
  defer { matchCursor += 1 }
  return strdup(currentMatches[matchCursor])
}

private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
  -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
{
  rl_attempted_completion_over = 1
  guard let session = completionSession, let text else { return nil }
  let bytes = UnsafeBufferPointer(
    start: UnsafeRawPointer(rl_line_buffer).assumingMemoryBound(to: UInt8.self), count: Int(rl_end))
  let line = String(decoding: bytes, as: UTF8.self)
  let result = session.completions(line: line, cursor: Int(end))
  if result.files {
    rl_attempted_completion_over = 0
    return rl_completion_matches(text, rl_filename_completion_function)
  }
  currentMatches = result.candidates
  // Option keys end with "=": no space after them; everything else gets one.
  rl_completion_append_character = currentMatches.count == 1 && currentMatches[0].hasSuffix("=") ? 0 : 32
  return currentMatches.isEmpty ? nil : rl_completion_matches(text, generator)
}
