/// What to offer when the user presses Tab.
public struct CompletionResult: Sendable, Equatable {
  /// Candidate words that start with the word being typed.
  public var candidates: [String]
  /// True when file names fit here (after load, export, .run, .save).
  public var files: Bool
}

/// The dot commands of the REPL, for completion and `.help`.
public enum DotCommands {
  public static let all: [(name: String, usage: String, summary: String)] = [
    (".help", ".help [pattern]", "list the dot commands, or commands matching a pattern"),
    (".timer", ".timer on|off", "print how long each command took"),
    (".maxrows", ".maxrows N", "rows show prints by default"),
    (".maxwidth", ".maxwidth N", "the width tables are fitted to"),
    (".color", ".color auto|never", "colour on a terminal, or never"),
    (".charset", ".charset auto|unicode|ascii", "box and block characters in tables and charts, or plain ASCII"),
    (".run", ".run file.seg", "run a script in this session"),
    (".save", ".save session.seg", "save this session's successful commands as a script"),
    (".history", ".history [n]", "show the last n lines of input history"),
    (".quit", ".quit", "leave seg (Ctrl-D works too)"),
  ]
}

extension Session {
  /// Completion candidates for the word that ends at `cursor` (a byte offset) in `line`.
  public func completions(line: String, cursor: Int) -> CompletionResult {
    let before = String(decoding: Array(line.utf8).prefix(cursor), as: UTF8.self)
    let separators: Set<Character> = [" ", "\t", "(", ",", "="]
    let word = String(before.reversed().prefix { !separators.contains($0) }.reversed())
    let head = String(before.dropLast(word.count))
    let words = head.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    func matching(_ options: [String]) -> CompletionResult {
      CompletionResult(candidates: options.filter { $0.hasPrefix(word) }, files: false)
    }
    guard let verb = words.first else {
      if word.hasPrefix(".") { return matching(DotCommands.all.map(\.name)) }
      return matching(CommandTable.names)
    }
    if verb.hasPrefix(".") {
      switch verb {
      case ".run", ".save": return CompletionResult(candidates: [], files: true)
      case ".timer": return matching(["on", "off"])
      case ".color": return matching(["auto", "never"])
      case ".charset": return matching(["auto", "unicode", "ascii"])
      case ".help": return matching(CommandTable.names)
      default: return CompletionResult(candidates: [], files: false)
      }
    }
    if word.hasPrefix("\"") { return CompletionResult(candidates: [], files: true) }
    guard let spec = CommandTable.spec(named: verb) else { return CompletionResult(candidates: [], files: false) }
    if verb == "help" {
      // help <command> <method or chart kind>
      guard words.count == 2 else { return matching(words.count == 1 ? CommandTable.names : []) }
      return matching(CommandTable.spec(named: words[1])?.variants?.options.map(\.word) ?? [])
    }
    // A value after key=
    if head.hasSuffix("="), let key = head.dropLast().split(whereSeparator: { $0 == " " }).last.map(String.init),
      let option = spec.option(key)
    {
      return matching(values(for: option.kind))
    }
    if head.hasSuffix(","), let key = words.last?.split(separator: "=").first.map(String.init),
      let option = spec.option(key)
    {
      return matching(values(for: option.kind))
    }
    if spec.positionals.contains(where: { $0.kind == .path }) && (words.count == 1 || words.last == "to") {
      return CompletionResult(candidates: [], files: true)
    }
    // A required word chosen from a list (cluster's method, plot's kind) comes first: offer only it.
    if words.count == 1, let first = spec.positionals.first, first.required, case .choice(let words) = first.kind {
      return matching(words)
    }
    var candidates: [String] = []
    let taken = Set(words.compactMap { $0.split(separator: "=").first.map(String.init) })
    for (index, p) in spec.positionals.enumerated() {
      // A word chosen from a list (a method, a chart kind) only where it stands.
      if case .choice = p.kind, words.count > index + 1 { continue }
      candidates += values(for: p.kind)
    }
    // After a clustering method or a chart kind, only the options that go with it.
    let first = words.count > 1 ? words[1] : ""
    candidates += spec.options(after: first).filter { !taken.contains($0.name) }.map { $0.name + "=" }
    if spec.acceptsWhere && !words.contains("where") { candidates.append("where") }
    if spec.assignmentsDoc != nil || words.contains("where") || spec.positionals.contains(where: { $0.kind == .expression }) {
      candidates += currentColumns
    }
    if spec.outputDoc != nil { candidates.append("as") }
    var seen = Set<String>()
    return matching(candidates.filter { seen.insert($0).inserted })
  }

  private func values(for kind: ValueKind) -> [String] {
    switch kind {
    case .choice(let c): c
    case .column, .expression: currentColumns
    case .frame: frameNames
    case .boolean: ["true", "false"]
    default: []
    }
  }
}
