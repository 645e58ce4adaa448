import SegEngine

/// Help pages, written from the command table.
enum HelpText {
  /// The commands by family on a screen: their names only.
  static func overview(width: Int = 100) -> String {
    var lines = ["seg commands by family:", ""]
    for family in CommandFamily.allCases {
      let names = CommandTable.all.filter { $0.family == family }.map(\.name)
      guard !names.isEmpty else { continue }
      let label = "  " + "\(family.rawValue):".padding(toLength: 11, withPad: " ", startingAt: 0)
      lines += WordWrap.lines(names.joined(separator: " "), width: width, first: label, rest: String(repeating: " ", count: label.count))
    }
    lines += ["", "help <command> explains one (help cluster kmeans: one method); help all says what each does;",
      ".help lists the dot commands. A command is: verb <values> [where <condition>] [key=value …] [as <name>]"]
    return lines.joined(separator: "\n")
  }

  /// Every command with what it does, by family (`help all`).
  static func all() -> String {
    var lines = ["seg commands (help <command> explains one; .help lists the dot commands):", ""]
    for family in CommandFamily.allCases {
      let specs = CommandTable.all.filter { $0.family == family }
      guard !specs.isEmpty else { continue }
      lines.append("\(family.rawValue):")
      let width = specs.map(\.name.count).max() ?? 0
      for s in specs { lines.append("  \(s.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(s.summary)") }
      lines.append("")
    }
    lines.append("A command is: verb <values> [where <condition>] [key=value …] [as <name>]")
    return lines.joined(separator: "\n")
  }

  /// The page of a command; with `variant` (`help cluster kmeans`), only the options of that
  /// method or chart kind, with its own defaults.
  static func page(for s: CommandSpec, variant: String? = nil) -> String {
    var lines = ["\(s.name)\(variant.map { " " + $0 } ?? "") — \(s.summary)", ""]
    lines += WordWrap.lines(s.usage(for: variant), width: 100, first: "usage: ", rest: "       ") + [""]
    lines += s.explanation.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var items: [(String, String)] = s.positionals.filter { $0.name != s.variants?.slot || variant == nil }.map { ("<\($0.name)>", $0.doc) }
    if s.acceptsWhere { items.append(("where <condition>", "only the rows where the condition holds")) }
    for o in variant.map(s.options(after:)) ?? s.options {
      // On the whole command's page, an option of some methods or kinds only names them.
      let owners = variant == nil ? s.variants?.owners(of: o.name) ?? [] : []
      let scope = owners.isEmpty || owners.count == s.variants?.options.count ? "" : owners.joined(separator: ", ") + ": "
      items.append(("\(o.name)=\(o.list ? "\(o.kind.placeholder),…" : o.kind.placeholder)", scope + o.doc + (o.defaultText.map { " (default: \($0))" } ?? " (required)")))
    }
    if let out = s.outputDoc { items.append((s.secondOutputDoc == nil ? "as <name>" : "as <name> <name>", out + (s.secondOutputDoc.map { "; the second, \($0)" } ?? ""))) }
    if !items.isEmpty {
      lines.append("")
      let width = min(28, items.map(\.0.count).max() ?? 0)
      for (k, v) in items {
        lines.append(k.count > width ? "  \(k)\n  \(String(repeating: " ", count: width))  \(v)" : "  \(k.padding(toLength: width, withPad: " ", startingAt: 0))  \(v)")
      }
    }
    if let variants = s.variants, variant == nil {
      lines += ["", "help \(s.name) <\(variants.slot)> lists the options of one \(variants.slot) with its defaults."]
    }
    lines.append("")
    lines.append("example:")
    lines += s.example.split(separator: "\n").map { "  " + $0 }
    return lines.joined(separator: "\n")
  }
}
