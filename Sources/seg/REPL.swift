@preconcurrency import Glibc
@preconcurrency import Foundation
import SegEngine
import SegLang

/// The interactive loop: numbered cells, continuation lines, dot commands; errors never
/// end the session.
struct REPL {
  let editor: LineEditor
  let session: Session
  let printer: OutputPrinter
  var timer = false

  mutating func run() -> Int32 {
    var cell = 1
    if editor.interactive {
      print("seg \(SegVersion.current) — type help for commands, .help for session controls, Ctrl-D to leave")
    }
    reading: while true {
      let prompt = editor.interactive ? "seg[\(cell)]> " : ""
      guard case .line(var text) = editor.readLine(prompt: prompt) else { break }
      // A pasted block arrives as one string; and an open quote or \ asks for more lines.
      continuing: while Session.isIncomplete(text) {
        switch editor.readLine(prompt: editor.interactive ? "   ...> " : "", abandonOnInterrupt: true) {
        case .line(let more): text += "\n" + more
        case .interrupted: continue reading  // Ctrl-C drops the unfinished command
        case .end: break continuing
        }
      }
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { continue }
      editor.remember(session.recordable(text))
      if trimmed.hasPrefix(".") && !trimmed.hasPrefix("..") {
        if handleDot(trimmed) { break }
        continue
      }
      // The terminal may have been resized since the last command.
      if editor.interactive && session.display.widthFollowsTerminal {
        var display = session.display
        display.width = Terminal.width
        session.display = display
      }
      run(SourceFile(name: "seg[\(cell)]", text: text))
      cell += 1
    }
    editor.close()
    if editor.interactive { print("") }
    return 0
  }

  private func run(_ source: SourceFile) {
    let start = DispatchTime.now()
    activeToken = session.cancellation
    interruptCount.store(0, ordering: .relaxed)
    _ = session.run(source)  // diagnostics reach the printer as they happen
    activeToken = nil
    sigintPending.store(false, ordering: .relaxed)
    if timer {
      let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
      print("(\(String(format: "%.1f", ms)) ms)")
    }
  }

  /// Returns true when the REPL should end.
  private mutating func handleDot(_ line: String) -> Bool {
    switch session.dot(line) {
    case .done: break
    case .quit: return true
    case .history(let n):
      let entries = editor.history(last: n ?? 20)
      for (i, e) in entries.enumerated() { print("\(String(i + 1).leftPadded(4))  \(e)") }
    case .color(let on): printer.color = on && Terminal.colorAllowed(STDOUT_FILENO)
    case .timer(let on): timer = on
    case .ran: break  // the script's diagnostics were printed as they happened
    case .failed(let message): Terminal.writeError("error: \(message)")
    }
    return false
  }
}

extension String {
  func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
