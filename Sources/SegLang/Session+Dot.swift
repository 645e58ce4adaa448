import Foundation
import SegEngine

/// What a dot command asks of the terminal side, after the session did its part.
public enum DotAction: Sendable {
  case done
  case quit
  case history(Int?)
  /// `true` = colour when on a terminal, `false` = never.
  case color(Bool)
  case timer(Bool)
  case ran(RunOutcome)
  case failed(String)
}

extension Session {
  /// Runs a REPL control command (`.maxrows 20`, `.save s.seg`, …). Dot commands are never
  /// part of the transcript.
  public func dot(_ line: String) -> DotAction {
    let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard let name = parts.first else { return .done }
    let arg = parts.count > 1 ? parts[1...].joined(separator: " ") : nil
    func unquoted(_ s: String) -> String {
      s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }
    switch name {
    case ".quit", ".exit": return .quit
    case ".help":
      let pattern = arg ?? ""
      let dots = DotCommands.all.filter { pattern.isEmpty || $0.name.contains(pattern) }.map { ($0.usage, $0.summary) }
      let verbs = pattern.isEmpty ? [] : CommandTable.all.filter { $0.name.contains(pattern) || $0.summary.contains(pattern) }.map { ($0.name, $0.summary) }
      // As wide as the longest usage, so none is cut.
      let width = (dots + verbs).map(\.0.count).max() ?? 0
      let lines = (dots + verbs).map { "  \($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }
      emitText(lines.isEmpty ? "nothing matches \"\(pattern)\"" : (pattern.isEmpty ? "dot commands (REPL controls, never saved in scripts):\n" : "") + lines.joined(separator: "\n"))
      return .done
    case ".timer", ".color":
      let on = name == ".timer" ? ["on"] : ["auto"]
      let off = name == ".timer" ? ["off"] : ["never"]
      guard let arg, on.contains(arg) || off.contains(arg) else {
        return .failed("usage: \(name) \(on[0])|\(off[0])")
      }
      return name == ".timer" ? .timer(on.contains(arg)) : .color(on.contains(arg))
    case ".charset":
      let choices = ["auto": nil, "unicode": true, "ascii": false] as [String: Bool?]
      guard let arg, let choice = choices[arg] else { return .failed("usage: .charset auto|unicode|ascii") }
      display.unicode = choice
      emitText("charset = \(arg)")
      return .done
    case ".maxrows", ".maxwidth":
      guard let arg, let n = Int(arg), n > 0 else { return .failed("usage: \(name) N (a whole number above 0)") }
      if name == ".maxrows" {
        display.maxRows = n
      } else {
        display.width = max(20, n)
        display.widthFollowsTerminal = false
      }
      emitText("\(name.dropFirst()) = \(n)")
      return .done
    case ".run":
      guard let arg else { return .failed("usage: .run file.seg") }
      let path = env.resolve(path: unquoted(arg))
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        return .failed("cannot read \(path): no such file, or not UTF-8 text")
      }
      return .ran(run(SourceFile(name: unquoted(arg), text: text)))
    case ".save":
      guard let arg else { return .failed("usage: .save session.seg") }
      do {
        try saveTranscript(to: unquoted(arg))
        emitText("saved \(transcript.count) command\(transcript.count == 1 ? "" : "s") to \(unquoted(arg))")
        return .done
      } catch {
        return .failed((error as? EngineError)?.message ?? "\(error)")
      }
    case ".history":
      if let arg { guard let n = Int(arg), n > 0 else { return .failed("usage: .history [n]") }; return .history(n) }
      return .history(nil)
    default:
      let names = DotCommands.all.map(\.name)
      let hint = Suggestions.closest(to: name, in: names).map { "; did you mean \($0)?" } ?? "; .help lists them"
      return .failed("unknown dot command \(name)\(hint)")
    }
  }
}
