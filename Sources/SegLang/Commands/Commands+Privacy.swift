import Foundation
import SegEngine

/// Personal data: column roles, masked output, keyed pseudonyms.
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
    guard let key = inv.env.environmentVariable(variable), !key.isEmpty else {
      throw Diagnostic(message: "pseudonymise needs a key in the environment variable \(variable)", range: inv.arguments.options["key_env"]?.range ?? inv.command.verbRange,
        label: "it is not set", help: "set one before starting seg: export \(variable)=$(openssl rand -hex 32); keep it secret and keep it: the same key gives the same pseudonyms")
    }
    let pseudonyms: Pseudonymizer
    do { pseudonyms = try Pseudonymizer(key: Array(key.utf8), length: inv.int("length") ?? 64) } catch EngineError.invalidParameter(_, _, let reason) {
      throw Diagnostic(message: "the key in \(variable) \(reason)", range: inv.arguments.options["key_env"]?.range ?? inv.command.verbRange)
    }
    var out = frame
    for name in names { try out.setColumn(pseudonyms.pseudonymise(try frame.column(name))) }
    inv.env.catalog.setRoles(names.map { ($0, .pseudonym) })
    inv.storeResult(out, replacing: frameName)
    inv.message("pseudonymised \(names.joined(separator: ", ")) in \(inv.outputName ?? frameName) (HMAC-SHA256 with the key in \(variable), \(pseudonyms.length) hex digits)")
  }
}

extension Invocation {
  /// Text columns made from personal columns (`derive domain = …(email)`, `first(email)`)
  /// are personal too; numbers and flags computed from them are not.
  func markPersonal(_ made: [(name: String, expression: ColumnExpr)], in frame: DataFrame) {
    let personal = made.filter { m in
      frame.index(of: m.name).map { frame.columns[$0].type == .string } == true
        && m.expression.columnNames.contains { env.catalog.roles[$0] == .pii }
    }
    if !personal.isEmpty { env.catalog.setRoles(personal.map { ($0.name, .pii) }) }
  }

  /// Stores a frame that just arrived from outside (load, sample): columns that look like
  /// personal data, and that the session has no role for, become pii, with a warning that
  /// says how to clear the role.
  func storeArrived(_ frame: DataFrame, as name: String) {
    let findings = PersonalDataDetector.scan(env.catalog.stamped(frame)).filter { !env.catalog.clearedRoles.contains($0.column) }
    var flagged = frame
    for f in findings { flagged.roles[f.column] = .pii }
    env.catalog.store(flagged, as: name)
    guard let first = findings.first else { return }
    warning("\(findings.count == 1 ? "a column looks" : "columns look") like personal data, masked from now on and left out of exports: "
      + findings.map { "\($0.column) (\($0.reason))" }.joined(separator: ", ")
      + "; if one is not, clear its role: roles \(first.column)=none")
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

extension CommandTable {
  /// encrypt= and key_env= of the commands that write files (export, save model).
  static let encryptionOptions = [
    OptionSpec("encrypt", .boolean, default: "false", "encrypt the file (AES-256-GCM) with the key in key_env="),
    OptionSpec("key_env", .text, default: "SEG_ENCRYPTION_KEY", "the environment variable holding the 64-hex-digit key"),
  ]
  /// key_env= of the commands that read files, which may be encrypted.
  static let decryptionOption = OptionSpec("key_env", .text, default: "SEG_ENCRYPTION_KEY", "for an encrypted file: the environment variable holding its key")
}

extension Invocation {
  /// The file encryption key from the environment variable key_env= names.
  func encryptionKey() throws -> EncryptedFile.Key {
    let variable = text("key_env") ?? "SEG_ENCRYPTION_KEY"
    let at = arguments.options["key_env"]?.range ?? arguments.options["encrypt"]?.range ?? command.verbRange
    guard let hex = env.environmentVariable(variable), !hex.isEmpty else {
      throw Diagnostic(message: "encrypted files need a key in the environment variable \(variable)", range: at, label: "it is not set",
        help: "set it before starting seg: export \(variable)=$(openssl rand -hex 32); keep it safe: without it the files cannot be read")
    }
    do { return try EncryptedFile.Key(hex: hex) } catch EngineError.invalidParameter(_, _, let reason) {
      throw Diagnostic(message: "the key in \(variable) \(reason)", range: at)
    }
  }

  /// The key to read the file at `path` with: nil unless it is encrypted.
  func decryptionKey(for path: String) throws -> EncryptedFile.Key? {
    EncryptedFile.isEncrypted(path: path) ? try encryptionKey() : nil
  }

  /// Writes files whole or not at all, encrypted when encrypt=true; files with personal data
  /// (and encrypted ones, which may hold it) only their owner may read.
  func writeFiles(_ files: [(path: String, data: Data)], personal: Bool) throws {
    guard bool("encrypt") == true else {
      if let given = arguments.options["key_env"] {
        throw Diagnostic(message: "key_env= is for encrypt=true", range: given.keyRange, label: "add encrypt=true, or leave it out")
      }
      return try AtomicFile.writeAll(files, personal: personal)
    }
    let key = try encryptionKey()
    try AtomicFile.writeAll(try files.map { ($0.path, try EncryptedFile.seal($0.data, key: key)) }, personal: true)
  }

  /// " (encrypted)" when encrypt=true, for messages.
  var encryptedNote: String { bool("encrypt") == true ? " (encrypted)" : "" }
}

extension CommandTable {
  static let forget = CommandSpec(
    "forget", family: .privacy, summary: "erase customers: from every frame, and from model files that hold them",
    explanation: """
      Erases the customers listed in a file (a CSV or other file load reads, with a column
      named as key=, else its first column) from every frame of the session that has the key
      column, drops clusterings fitted on them, and rewrites the model files in models= that
      hold customer-level data (DBSCAN's core samples) without them, each whole or not at
      all, encrypted again if it was. It lists every frame changed and every file rewritten.
      Centroid, mixture and tree models hold no single customer's data and are left as they are.
      """,
    options: [
      OptionSpec("ids", .path, default: .described("required"), "the file listing the customers to erase"),
      OptionSpec("key", .column, default: .described("customer_id"), "the column that names a customer, in the file and in the frames"),
      OptionSpec("models", .path, list: true, default: .described("none"), "model files to erase them from"),
      decryptionOption,
    ],
    example: "sample customers n=50 seed=1\nexport to \"/tmp/seg_help_erase.csv\" columns=customer_id where customer_id <= 3\nforget ids=\"/tmp/seg_help_erase.csv\" key=customer_id\n"
  ) { inv in
    guard let raw = inv.text("ids") else {
      throw Diagnostic(message: "forget needs ids= (the file of customers to erase)", range: inv.command.verbRange, label: "for example: forget ids=\"erase.csv\"")
    }
    let key = inv.names("key").first ?? "customer_id"
    let listed = try DataFile.read(path: inv.path(raw), key: try inv.decryptionKey(for: inv.path(raw))).frame
    guard let idColumn = listed.index(of: key).map({ listed.columns[$0] }) ?? listed.columns.first else {
      throw Diagnostic(message: "\(raw) lists no customers", range: inv.range(of: "ids"), label: "a file with a \(key) column")
    }
    let ids = Set(idColumn.plainTexts.compactMap { $0 })
    let catalog = inv.env.catalog
    var erasedRows: [DataFrame] = []
    var changed: [String] = []
    for name in catalog.frameOrder {
      let frame = try catalog.frame(named: name)
      guard frame.index(of: key) != nil else { continue }
      let (kept, erased) = try Erasure.split(frame, key: key, ids: ids)
      guard erased.rowCount > 0 else { continue }
      catalog.store(kept, as: name, makeCurrent: false)
      erasedRows.append(erased)
      changed.append("\(name) (\(plural(erased.rowCount, "row")))")
    }
    let dropped = catalog.clusterings.filter { _, c in
      c.input.index(of: key) != nil && ((try? Erasure.split(c.input.gather(c.rows), key: key, ids: ids).erased.rowCount) ?? 0) > 0
    }.keys.sorted()
    for label in dropped { catalog.clusterings[label] = nil }
    var rewritten: [String] = []
    for file in inv.names("models") {
      let path = inv.path(file)
      guard var data = FileManager.default.contents(atPath: path) else { throw EngineError.io(path: file, reason: "no such file") }
      let key = EncryptedFile.isEncrypted(data) ? try inv.encryptionKey() : nil
      if let key { data = try EncryptedFile.open(data, key: key, path: file) }
      guard case .segmentation(let model) = try ModelFile.decode(data, path: file), model.customerLevelData != nil else {
        inv.message("\(file) holds no customer-level data: left as it is")
        continue
      }
      guard let rows = erasedRows.first(where: { r in model.canLabel(r) && model.neededColumns.allSatisfy { r.index(of: $0) != nil } }) else {
        throw Diagnostic(message: "\(file) holds customers' data (\(model.customerLevelData!)), and no frame of the session has the erased customers' \(model.neededColumns.joined(separator: ", "))",
          range: inv.range(of: "models"), label: "load the data the model was fitted on, then forget again")
      }
      let (erased, removed) = try model.erasing(rows)
      var out = try ModelFile.encode(.segmentation(erased))
      if let key { out = try EncryptedFile.seal(out, key: key) }
      try AtomicFile.write(out, to: path, personal: key != nil)
      rewritten.append("\(file) (\(plural(removed, "core sample")) removed)")
    }
    inv.message("forgot \(plural(ids.count, "customer")) listed in \(raw): "
      + (changed.isEmpty ? "no frame held them" : "rows removed from " + changed.joined(separator: ", "))
      + (dropped.isEmpty ? "" : "; dropped the clustering\(dropped.count == 1 ? "" : "s") \(dropped.joined(separator: ", ")) fitted on them")
      + (rewritten.isEmpty ? "" : "; rewrote " + rewritten.joined(separator: ", ")))
  }
}
