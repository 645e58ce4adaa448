import Foundation
import SegEngine

/// Personal data: column roles, revealing at the prompt, keyed pseudonyms, the small-group
/// threshold and the purpose of the processing.
extension CommandTable {
  static let roles = CommandSpec(
    "roles", family: .privacy, summary: "say which columns are personal data, the customer key, consent",
    explanation: """
      Gives columns a privacy role, for every frame of the session: pii (personal data:
      masked in every table, chart, report and error, left out of exports unless
      include_pii=true), id (the customer key), quasi (identifying in combination, like age
      or postcode), consent (yes/no: only customers who said yes get an action from apply
      rules), objection (yes/no: customers who said yes never get one), pseudonym; none
      clears a role. load flags columns that look like personal data by name or value as
      pii by itself and says so. roles alone lists the current frame's roles.
      """,
    options: [fromOption], assignments: "<column>=<role>…",
    example: "sample customers n=20 seed=1 pii=true\nroles email_opt_in=consent customer_id=id\nroles\n"
  ) { inv in
    let (frameName, frame) = try inv.inputFrame()
    let choices = ColumnRole.allCases.map(\.rawValue) + ["none"]
    let changes = try inv.arguments.assignments.map { a throws -> (column: String, role: ColumnRole?) in
      guard frame.index(of: a.key) != nil else {
        throw Diagnostic(message: "\(frameName) has no column \(a.key)", range: a.keyRange,
          label: Suggestions.label(for: a.key, in: frame.columnNames, what: "columns"))
      }
      guard let word = a.value.bareName, choices.contains(word) else {
        throw Diagnostic(message: "a role is one of \(choices.joined(separator: ", "))", range: a.value.range, label: "not a role")
      }
      let role = ColumnRole(rawValue: word)
      if role == .consent || role == .objection {
        do { _ = try MarketingPermission.answers(frame.column(a.key)) } catch let e as EngineError { throw Diagnostic(message: e.message, range: a.value.range) }
      }
      return (a.key, role)
    }
    inv.env.catalog.setRoles(changes)
    if !changes.isEmpty {
      inv.message(changes.map { "\($0.column): \($0.role?.rawValue ?? "no role")" }.joined(separator: ", "))
      return
    }
    let current = try inv.env.catalog.frame(named: frameName)
    let rows = current.columnNames.compactMap { name in current.roles[name].map { [name, $0.rawValue, $0.meaning] } }
    if rows.isEmpty {
      inv.message("no column of \(frameName) has a role; for example: roles email=pii customer_id=id")
    } else {
      inv.output(.table(Table(title: "roles in \(frameName)", headers: ["column", "role", "meaning"], rows: rows)))
    }
  }

  static let reveal = CommandSpec(
    "reveal", family: .privacy, summary: "show rows with personal data unmasked, at the prompt only",
    explanation: """
      Like show, but personal data (columns with the role pii) is not masked. Only at the
      prompt, for the person at the screen: reveal is never recorded in the notebook, the
      report or .save, and a script cannot run it.
      """,
    positionals: [PositionalSpec("columns", .column, required: false, repeating: true, "columns to show (default: all)")],
    options: [OptionSpec("n", .integer(min: 1), default: .described(".maxrows (10)"), "how many rows to print"), fromOption],
    acceptsWhere: true, example: "sample customers n=20 seed=1 pii=true\nreveal email n=3\n"
  ) { inv in
    guard inv.env.isInteractive else {
      throw Diagnostic(message: "reveal works only at the prompt", range: inv.command.verbRange,
        label: "a script's output is kept", help: "use show; it masks personal data")
    }
    try showRows(inv, revealing: true)
  }

  static let pseudonymise = CommandSpec(
    "pseudonymise", family: .privacy, summary: "replace ids or personal data by keyed pseudonyms (HMAC-SHA256)",
    explanation: """
      Replaces each value of the columns by its HMAC-SHA256 under a secret key, in hex
      (length= keeps the first digits). The same key gives the same pseudonym on every
      machine, so frames pseudonymised apart still join on them; without the key nobody can
      recompute one from a guessed id, as they could from a plain hash. The key is the text
      of the environment variable key_env= names (at least 16 bytes: openssl rand -hex 32
      makes one); seg refuses to run without it and never prints it. The columns get the
      role pseudonym.
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the columns to pseudonymise")],
    options: [
      OptionSpec("key_env", .text, default: "SEG_PSEUDONYM_KEY", "the environment variable holding the key"),
      OptionSpec("length", .integer(min: 16, max: 64), default: "64", "hex digits kept of each pseudonym"),
      fromOption,
    ],
    output: "a new frame (default: replace the input frame)",
    example: "sample customers n=20 seed=1\npseudonymise customer_id length=16\nshow customer_id n=3\n"
  ) { inv in
    let (frameName, frame) = try inv.inputFrame()
    let names = try frame.resolveColumns(inv.positionalWords("columns"))
    let variable = inv.text("key_env") ?? "SEG_PSEUDONYM_KEY"
    let pseudonyms = try inv.keyFromEnvironment(default: "SEG_PSEUDONYM_KEY", needing: "pseudonymise needs", at: nil,
      help: { "set one before starting seg: export \($0)=$(openssl rand -hex 32); keep it secret and keep it: the same key gives the same pseudonyms" }
    ) { try Pseudonymizer(key: Array($0.utf8), length: inv.int("length") ?? 64) }
    var out = frame
    for name in names { try out.setColumn(pseudonyms.pseudonymise(try frame.column(name))) }
    inv.env.catalog.setRoles(names.map { ($0, .pseudonym) })
    inv.storeResult(out, replacing: frameName)
    inv.message("pseudonymised \(names.joined(separator: ", ")) in \(inv.outputName ?? frameName) (HMAC-SHA256 with the key in \(variable), \(pseudonyms.length) hex digits)")
  }
}

extension CommandTable {
  static let privacy = CommandSpec(
    "privacy", family: .privacy, summary: "set the smallest group published; list what is protected",
    explanation: """
      privacy min_group=10 keeps statistics of small groups out of every output: crosstab
      cells and aggregate groups of fewer rows are suppressed, and profile leaves out
      categories with fewer customers in a segment and warns of segments below it
      (k-anonymity of published segment statistics); an export warns how many of its rows
      share their quasi columns (roles … =quasi) with too few others. privacy alone lists the threshold,
      the columns with roles and the purposes stated.
      """,
    options: [OptionSpec("min_group", .integer(min: 1, max: 1_000_000), default: .described("none"), "the fewest customers a published group or cell may have")],
    example: "sample customers n=300 seed=1\nprivacy min_group=10\ncrosstab region channel\n"
  ) { inv in
    if inv.arguments.options["min_group"] != nil {
      inv.env.minGroup = inv.int("min_group")
      inv.message("groups and cells of fewer than \(plural(inv.env.minGroup ?? 0, "customer")) are suppressed from now on")
      return
    }
    let record = inv.env.processingRecord ?? ProcessingRecord(purposes: [], roles: [:], minGroup: nil)
    for table in record.tables { inv.output(.table(table)) }
  }

  static let purpose = CommandSpec(
    "purpose", family: .privacy, summary: "state why personal data is processed, for the record in the report",
    explanation: """
      Records a purpose of the processing and its legal basis (GDPR Art. 6: consent,
      contract, legal_obligation, vital_interests, public_task, legitimate_interest), and
      how long the data is kept; report writes them with the personal columns, roles,
      consent filter and small-group threshold as the record of processing (GDPR Art. 30).
      """,
    positionals: [PositionalSpec("text", .text, "the purpose, in words")],
    options: [
      OptionSpec("basis", .choice(ProcessingRecord.Basis.allCases.map(\.rawValue)), default: .described("required"), "the legal basis"),
      OptionSpec("retention", .text, default: .described("not stated"), "how long the data is kept, in words"),
    ],
    example: "purpose \"win back lapsed customers\" basis=legitimate_interest retention=\"13 months\"\n"
  ) { inv in
    guard let basis = inv.choice("basis", as: ProcessingRecord.Basis.self) else {
      throw Diagnostic(message: "purpose needs basis=", range: inv.command.verbRange,
        label: "one of " + ProcessingRecord.Basis.allCases.map(\.rawValue).joined(separator: ", "))
    }
    let text = inv.positionalText("text") ?? ""
    inv.env.purposes.append(.init(text: text, basis: basis, retention: inv.text("retention")))
    inv.message("purpose recorded: \(text) (\(basis.rawValue.replacingOccurrences(of: "_", with: " ")))")
  }
}
