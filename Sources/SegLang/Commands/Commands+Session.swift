import SegEngine

/// Variables and help.
extension CommandTable {
  static let letCommand = CommandSpec(
    "let", family: .session, summary: "set a variable for later commands ($name)",
    explanation: """
      Stores a value under a name; later commands use it as $name: `let k = 5` then
      `show n=$k`. `seg run file.seg --set k=6` sets a variable from outside, and a `let`
      in the script does not override it, so one script can run with different settings.
      """,
    assignments: "<name> = <value>…", example: "let rows = 3\nsample customers n=20 seed=1\nhead n=$rows\n"
  ) { inv in
    guard !inv.arguments.assignments.isEmpty else {
      throw Diagnostic(message: "let needs name = value", range: inv.command.verbRange, label: "for example: let k = 5")
    }
    for a in inv.arguments.assignments {
      if inv.env.fixedVariables.contains(a.key) {
        inv.message("$\(a.key) stays \(ValueFormatter.plain(inv.env.variables[a.key] ?? .missing)) (set from the command line)")
        continue
      }
      let value = try constantValue(a.value)
      inv.env.variables[a.key] = value
      inv.message("$\(a.key) = \(ValueFormatter.plain(value))")
    }
  }

  /// Evaluates a constant expression (no columns) to a value.
  static func constantValue(_ e: Expression) throws -> Scalar {
    if case .name(let n) = e.kind { return .string(n) }
    let empty = try DataFrame(columns: [.ints("_", [0])])
    do {
      return try empty.evaluate(try Lowering.lower(e), context: EvaluationContext(today: 0)).value(at: 0)
    } catch EngineError.columnNotFound(let name, _) {
      throw Diagnostic(message: "a variable holds a value, not a column (\(name))", range: e.range, label: "use a number, \"text\" or a date")
    }
  }

  static let help = CommandSpec(
    "help", family: .session, summary: "list the commands, or explain one",
    explanation: "`help` lists the commands by family; `help all` says what each does; `help <command>` explains one, with its options, their defaults and an example.",
    positionals: [
      PositionalSpec("command", .anyValue, required: false, "the command to explain"),
      PositionalSpec("variant", .anyValue, required: false, "a method or chart kind of that command (help cluster kmeans)"),
    ],
    example: "help filter\nhelp cluster dbscan\n"
  ) { inv in
    if let word = inv.positionals("command").first, word.bareName != "all" {
      guard let name = word.bareName, let spec = CommandTable.spec(named: name) else {
        let text = word.bareName ?? ""
        throw Diagnostic(message: "no command called \(text)", range: word.range,
          label: Suggestions.label(for: text, in: CommandTable.names, what: "commands"), help: "type help to list the commands")
      }
      var variant: String? = nil
      if let given = inv.positionals("variant").first {
        let words = spec.variants?.options.map(\.word) ?? []
        guard let text = given.bareName, words.contains(text) else {
          throw Diagnostic(message: words.isEmpty ? "\(name) has no methods or kinds to choose" : "\(name) has no \(spec.variants!.slot) \(given.bareName ?? "")",
            range: given.range, label: words.isEmpty ? "write help \(name)" : Suggestions.label(for: given.bareName ?? "", in: words, what: "choose from"))
        }
        variant = text
      }
      inv.output(.text(HelpText.page(for: spec, variant: variant)))
    } else if inv.positionals("command").first?.bareName == "all" {
      inv.output(.text(HelpText.all()))
    } else {
      inv.output(.text(HelpText.overview(width: inv.env.display.width)))
    }
  }
}
