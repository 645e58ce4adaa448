import Foundation
import SegEngine

/// Writing results out.
extension CommandTable {
  static let export = CommandSpec(
    "export", family: .output, summary: "write a frame to a CSV, JSON or Parquet file, or a table of an SQLite or PostgreSQL database",
    explanation: """
      Writes the current frame (or the columns and rows you pick) to a file. The format
      follows the file name (.json gives JSON, .parquet Parquet, anything else CSV) unless
      format= says otherwise. The file is written to a temporary name first and then moved
      into place, so a failed export never leaves a half-written file. split=offer writes one file per
      value of that column into the folder given (campaigns/early_access.csv, …), all of
      them or none; a character a file name cannot hold is written %XX (a/b gives a%2Fb.csv),
      so every value has a file of its own. Named segments bring their name column along.
      Personal data (columns with the role pii) is left out unless include_pii=true, and a
      file that holds it can be read by its owner only. encrypt=true encrypts the files
      with AES-256-GCM under the key in the environment variable key_env= names; load
      reads them back with the same key.
      export to sqlite "shop.db" table=segments writes a database table instead (postgres
      with a connection string), in one transaction: all rows or none. mode=replace
      overwrites the table, mode=append adds to it; by default an existing table is left
      alone and the export refused.
      """,
    positionals: [
      PositionalSpec("to", .choice(["to"]), required: false, "optional word: export to \"file\""),
      PositionalSpec("destination", .choice(DatabaseKind.allCases.map(\.rawValue)), required: false, "sqlite or postgres: write a database table"),
      PositionalSpec("file", .path, "the file to write, or the database"),
    ],
    options: [
      OptionSpec("columns", .column, list: true, default: .described("all columns"), "the columns to write"),
      OptionSpec("format", .choice(["csv", "json", "parquet"]), default: .described("from the file name"), "the file format"),
      OptionSpec("compression", .choice(ParquetWriter.Compression.allCases.map(\.rawValue)), default: "snappy", "Parquet: how pages are compressed"),
      OptionSpec("split", .column, default: .described("none: one file"), "one file per value of this column, in the folder given"),
      OptionSpec("delimiter", .text, default: .described("\",\" (\";\" with decimal=\",\")"), "the CSV separator: \",\" \";\" \"\\t\" or \"|\""),
      OptionSpec("decimal", .choice([".", ","]), default: "\".\"", "the decimal mark of CSV numbers (\",\" for spreadsheets in most of Europe)"),
      OptionSpec("table", .text, default: .described("required for a database"), "database: the table to write"),
      OptionSpec("mode", .choice(SQLWriteMode.allCases.map(\.rawValue)), default: "create", "database: create (refuse an existing table), replace or append"),
      OptionSpec("include_pii", .boolean, default: "false", "write personal data (columns with the role pii) too"),
      fromOption,
    ] + encryptionOptions,
    acceptsWhere: true,
    example: "sample customers n=20 seed=1\nexport to \"/tmp/seg_help_export.csv\" columns=customer_id,age\n"
  ) { inv in
    guard let raw = inv.positionalText("file") else { return }
    let source = try inv.clusterInput() != nil ? try pulledForExport(inv, raw) : inv.whereRows(inv.inputFrame().frame)
    guard let source else { return }
    var frame = source
    let split = inv.names("split").first
    var names = try frame.resolveColumns(inv.names("columns"))
    if !names.isEmpty {
      // A named segment column brings its names along.
      for (i, name) in names.enumerated().reversed() where inv.env.catalog.segmentNames[name] != nil && frame.index(of: name + "_name") != nil && !names.contains(name + "_name") {
        names.insert(name + "_name", at: i + 1)
      }
      frame = try frame.selecting(names)
    }
    frame = try personalDataKept(inv, frame, split: split)
    if let minimum = inv.env.minGroup, let small = frame.rowsInSmallGroups(below: minimum), small.rows > 0 {
      inv.warning("\(plural(small.rows, "row")) share their \(small.columns.joined(separator: ", ")) with fewer than \(minimum - 1) others (k-anonymity below privacy min_group=\(minimum)); coarsen or drop those columns before sharing the file")
    }
    if let kind = inv.positionalText("destination").flatMap(DatabaseKind.init(rawValue:)) {
      try refuse(inv, ["encrypt", "key_env"], unless: "files", hint: "a database protects its tables itself")
      return try exportDatabase(inv, kind, raw, frame)
    }
    try refuse(inv, ["table", "mode"], unless: "a database", hint: "write a table with export to sqlite \"file.db\" table=name")
    let format = inv.text("format") ?? (raw.lowercased().hasSuffix(".json") ? "json" : raw.lowercased().hasSuffix(".parquet") ? "parquet" : "csv")
    let dialect = try csvDialect(inv, format: format)
    if format != "parquet" { try refuse(inv, ["compression"], unless: "Parquet files", hint: "\(format.uppercased()) is written uncompressed") }
    let compression = inv.choice("compression", as: ParquetWriter.Compression.self) ?? .snappy
    let encode = { (f: DataFrame) throws -> Data in
      switch format {
      case "json": Data(JSONWriter.encode(f))
      case "parquet": Data(try ParquetWriter.encode(f, compression: compression, createdBy: "seg version \(SegVersion.current)"))
      default: Data(CSVWriter.encode(f, dialect: dialect))
      }
    }
    let personal = !frame.personalColumns.isEmpty
    guard let split else {
      try inv.writeFiles([(inv.path(raw), try encode(frame))], personal: personal)
      inv.message("wrote \(shape(frame)) to \(raw)\(inv.encryptedNote)")
      return
    }
    // Grouped on the rows `where` kept, before columns= dropped the split column.
    var byValue = try source.partitioned(by: split)
    let keptColumns = frame.columnNames
    byValue.groups = try byValue.groups.map { ($0.value, try $0.rows.selecting(keptColumns)) }
    let folder = inv.path(raw)
    try makeFolder(folder, shown: raw)
    let files = try byValue.groups.map { (path: folder + "/" + fileName($0.value) + "." + format, data: try encode($0.rows)) }
    try inv.writeFiles(files, personal: personal)
    inv.message("wrote \(plural(files.count, "file"))\(inv.encryptedNote) to \(raw) by \(split): " + byValue.groups.map { "\(fileName($0.value)).\(format) (\(grouped($0.rows.rowCount)))" }.joined(separator: ", ")
      + (byValue.missing > 0 ? "; \(plural(byValue.missing, "row")) with no \(split) not written" : ""))
  }

  /// The frame an export writes: personal columns left out (with a warning) unless
  /// include_pii=true; naming one in columns= or split= without it is an error.
  /// The rows of a frame on Spark an export writes: pulled to seg for a plain path (up to
  /// 10,000,000 rows, then written as any frame is), or nil when the path names the cluster's
  /// storage (`s3://…`, `hdfs://…`, `file:///…`) and Spark wrote them there itself.
  static func pulledForExport(_ inv: Invocation, _ raw: String) throws -> DataFrame? {
    guard let (name, remote) = inv.clusterInput() else { return nil }
    var plan = try inv.clusterPlan(.scan(name))
    if let condition = inv.arguments.condition { plan = .filter(plan, try inv.planExpression(condition)) }
    let cluster = try inv.cluster()
    guard raw.contains("://") else {
      return inv.env.catalog.stamped(try inv.pullWhole(plan, of: name, why: " for a file here", at: inv.command.range,
        help: "let Spark write it: export to \"file:///path/out.parquet\" (or s3://…, hdfs://…)"))
    }
    try refuse(inv, ["split", "delimiter", "decimal", "compression", "encrypt", "key_env", "table", "mode"], unless: "files seg writes itself",
      hint: "Spark writes CSV with a header row, Parquet or JSON, as a folder of parts")
    if inv.positionalText("destination") != nil {
      throw Diagnostic(message: "a frame on Spark is written to files", range: inv.command.range, help: "collect it first to write a database table")
    }
    // The columns asked for, less personal data unless include_pii=true, checked on an empty
    // frame with the session's roles.
    let wanted = try inv.names("columns").isEmpty ? remote.columns : remote.resolveColumns(inv.names("columns"))
    let empty = inv.env.catalog.stamped(try cluster.collect(.project(plan, wanted), limit: 0))
    let kept = try personalDataKept(inv, empty, split: nil).columnNames
    let lower = raw.lowercased()
    let format: FileFormat = inv.text("format").flatMap(FileFormat.init(rawValue:))
      ?? (lower.hasSuffix(".json") ? .json : lower.hasSuffix(".parquet") ? .parquet : .csv)
    try cluster.write(.project(plan, kept), to: raw, format: format)
    inv.message("Spark wrote \(name) to \(raw) (\(format.rawValue), \(plural(kept.count, "column")))")
    return nil
  }

  static func personalDataKept(_ inv: Invocation, _ frame: DataFrame, split: String?) throws -> DataFrame {
    let personal = frame.personalColumns
    guard !personal.isEmpty, inv.bool("include_pii") != true else { return frame }
    if let split, frame.roles[split] == .pii {
      throw Diagnostic(message: "\(split) is personal data: its values would become file names", range: inv.range(of: "split"),
        label: "split by another column", help: "pseudonymise it first, or add include_pii=true if the files may hold it")
    }
    if let asked = personal.first(where: { inv.names("columns").contains($0) }) {
      throw Diagnostic(message: "\(asked) is personal data", range: inv.range(of: "columns"),
        label: "add include_pii=true to write it", help: "roles \(asked)=none if it is not personal")
    }
    inv.warning("left out \(personal.joined(separator: ", ")) (personal data); include_pii=true writes \(personal.count == 1 ? "it" : "them")")
    return try frame.dropping(personal)
  }

  /// The separator and decimal mark `delimiter=` and `decimal=` ask for; both are for CSV
  /// only, and a comma cannot be both (a decimal comma brings `;` unless told otherwise).
  static func csvDialect(_ inv: Invocation, format: String) throws -> CSVWriter.Dialect {
    let decimalComma = inv.text("decimal") == ","
    let delimiter = try CommandTable.delimiter(inv)
    if format != "csv", let option = ["delimiter", "decimal"].first(where: { inv.arguments.options[$0] != nil }) {
      throw Diagnostic(message: "\(option)= is for CSV files, not \(format)", range: inv.arguments.options[option]!.keyRange, label: "leave it out, or write CSV")
    }
    if decimalComma && delimiter == UInt8(ascii: ",") {
      throw Diagnostic(message: "a comma cannot separate fields and decimals at once", range: inv.arguments.options["delimiter"]!.value.range, label: "use delimiter=\";\" with decimal=\",\"")
    }
    return CSVWriter.Dialect(delimiter: delimiter ?? UInt8(ascii: decimalComma ? ";" : ","), decimalComma: decimalComma)
  }

  /// Creates the folder `path`, with its parents, when it does not exist.
  static func makeFolder(_ path: String, shown: String) throws {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
      guard isDir.boolValue else { throw EngineError.io(path: shown, reason: "is a file; split= writes into a folder") }
      return
    }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw EngineError.io(path: shown, reason: "cannot make this folder (a file in the way, or no permission)")
    }
  }

  /// A column value as a file name that is safe, unique and reversible: a character a file
  /// name cannot hold (path separators, `:*?"<>|`, controls, a leading dot) and `%` itself
  /// are written %XX, as in URLs (`a/b` → `a%2Fb`, `a_b` stays); the empty value is `%`.
  static func fileName(_ value: String) -> String {
    guard !value.isEmpty else { return "%" }
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    for (i, byte) in value.utf8.enumerated() {
      if byte < 0x20 || byte == 0x7F || "/\\:*?\"<>|%".utf8.contains(byte) || (i == 0 && byte == UInt8(ascii: ".")) {
        out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
      } else {
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
