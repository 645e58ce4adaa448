import Foundation
import SegEngine

/// Getting data in and looking at it.
extension CommandTable {
  static let fromOption = OptionSpec("from", .frame, default: .described("the current frame"), "the frame to read")

  static let load = CommandSpec(
    "load", family: .data, summary: "read a CSV, JSON, NDJSON or Parquet file, or a table of an SQLite or PostgreSQL database, into a frame",
    explanation: """
      Reads a table of data. From a file, seg tells CSV, JSON (an array of records, or NDJSON
      with one record per line) and Parquet apart by their content; for CSV it works out the
      separator (comma, semicolon, tab or |) and the type of every column (whole numbers,
      decimals, true/false, dates, text) by itself. Empty cells and NA, N/A, null and NaN count as
      missing. load sqlite "shop.db" table=orders reads a table of an SQLite database, and
      load postgres "postgresql://user@host/db" table=orders one of PostgreSQL (the password
      comes from PGPASSWORD or ~/.pgpass, or seg asks at the prompt; never write it in the
      script); query="SELECT …" reads a query instead. columns= and where keep only those
      columns and rows; from a database they become part of the SQL, so nothing else leaves
      it, and explain=true shows the SQL sent. The new frame is named after the file or
      table unless you say `as name`, and becomes the current frame.
      A file export or save model encrypted (encrypt=true) is read with the key in the
      environment variable key_env= names (SEG_ENCRYPTION_KEY by default).
      load model "file.json" as m reads a segmentation saved with save model instead;
      assign m then labels the current frame's customers with it. After connect spark,
      load spark table=sales reads a table of the cluster's catalog and load spark
      query="SELECT …" the rows of a query the cluster runs.
      """,
    positionals: [
      PositionalSpec("source", .choice(["model", "spark"] + DatabaseKind.allCases.map(\.rawValue)), required: false,
        "sqlite or postgres: read from a database; spark: a table or query of the connected cluster; model: read a saved model"),
      PositionalSpec("file", .path, required: false, "the file (relative to the script's folder), or the database's connection string (none for spark)"),
    ],
    options: [
      OptionSpec("delimiter", .text, default: .described("auto"), "CSV: the separator: \",\" \";\" \"\\t\" or \"|\""),
      OptionSpec("header", .boolean, default: "true", "CSV: whether the first row holds the column names"),
      OptionSpec("na", .text, list: true, default: .described("\"\",NA,N/A,null,NaN unquoted"), "CSV: cells that mean missing, quoted or not"),
      OptionSpec("decimal", .choice([".", ","]), default: "\".\"", "CSV: the decimal mark of numbers"),
      OptionSpec("encoding", .choice(TextEncoding.allCases.map(\.rawValue)), default: "utf8", "CSV: the text encoding"),
      OptionSpec("date_format", .text, default: .described("ISO 8601"), "CSV: another date layout, like \"%d/%m/%Y %H:%M\""),
      OptionSpec("on_bad_rows", .choice(BadRowPolicy.allCases.map(\.rawValue)), default: "error", "CSV: skip rows with the wrong number of fields, or stop"),
      OptionSpec("table", .text, default: .described("required, or query="), "database: the table to read"),
      OptionSpec("query", .text, default: .described("required, or table="), "database: an SQL query to read instead of a table"),
      OptionSpec("columns", .text, list: true, default: .described("all columns"), "the columns to keep (from a database, the only ones read)"),
      OptionSpec("explain", .boolean, default: "false", "database: show the SQL sent"),
      decryptionOption,
    ],
    acceptsWhere: true,
    output: "the new frame", example: "sample customers n=50 seed=1\nexport to \"/tmp/seg_help_customers.csv\"\nload \"/tmp/seg_help_customers.csv\" as copy\n"
  ) { inv in
    let source = inv.positionalText("source")
    if source == "spark" { return try loadSparkTable(inv) }
    guard let raw = inv.positionalText("file") else {
      throw Diagnostic(message: "load needs a file", range: SourceRange(inv.command.range.end, inv.command.range.end + 1),
        label: "add \"path\"", help: "usage: load [model|spark|sqlite|postgres] \"path\" [options]")
    }
    if source == "model" {
      try refuse(inv, csvOptions + databaseOptions + ["columns"], unless: "data, not a model", hint: "load model \"file.json\" as m takes only as and key_env=")
      if let c = inv.arguments.condition { throw Diagnostic(message: "where is for data, not a model", range: c.range, label: "remove it") }
      return try loadModel(inv, raw)
    }
    if let kind = source.flatMap(DatabaseKind.init(rawValue:)) {
      try refuse(inv, ["key_env"], unless: "an encrypted file", hint: "a database protects its tables itself")
      return try loadDatabase(inv, kind, raw)
    }
    try refuse(inv, databaseOptions, unless: "a database", hint: "these are for load sqlite and load postgres")
    if inv.env.catalog.cluster != nil { return try loadOnCluster(inv, raw) }
    var options = CSVReadOptions()
    options.delimiter = try delimiter(inv)
    options.header = inv.bool("header") ?? true
    if inv.arguments.options["na"] != nil {
      options.naTokens = inv.names("na")
      options.quotedMissing = true  // named tokens are meant wherever they appear
    }
    options.decimalComma = inv.text("decimal") == ","
    options.encoding = inv.choice("encoding", as: TextEncoding.self) ?? .utf8
    if inv.arguments.options["date_format"] != nil { options.dateFormat = inv.text("date_format") }
    options.onBadRows = inv.choice("on_bad_rows", as: BadRowPolicy.self) ?? .error
    let key = try inv.decryptionKey(for: inv.path(raw))
    if key == nil { try refuse(inv, ["key_env"], unless: "an encrypted file", hint: "\(raw) is not encrypted") }
    let result = try DataFile.read(path: inv.path(raw), csv: options, key: key)
    if result.format != .csv { try refuse(inv, csvOptions, unless: "CSV", hint: "\(result.format.described) needs none of them") }
    inv.env.recorder.noteInput(raw, path: inv.path(raw))
    let name = inv.outputName ?? FrameNames.fromFile(raw)
    var frame = result.frame
    if inv.arguments.options["columns"] != nil { frame = try frame.selecting(try frame.resolveColumns(inv.names("columns"))) }
    frame = try inv.whereRows(frame)
    inv.storeArrived(frame, as: name)
    for note in result.notes { inv.warning(note) }
    if !result.skippedRows.isEmpty {
      let shown = result.skippedRows.prefix(5).map(String.init).joined(separator: ", ")
      inv.warning("skipped \(plural(result.skippedRows.count, "bad row")) (file rows \(shown)\(result.skippedRows.count > 5 ? ", …" : ""))")
    }
    inv.message("loaded \(name): \(shape(frame))")
  }

  /// `load "path"` after connect: the cluster reads the file (CSV with a header row and
  /// inferred types, Parquet or JSON by the name's ending); columns= and where become steps.
  static func loadOnCluster(_ inv: Invocation, _ raw: String) throws {
    try refuse(inv, csvOptions + ["key_env"], unless: "a file seg reads itself", hint: "on Spark, CSV files are read with a header row and inferred types")
    let lower = raw.lowercased()
    let format: FileFormat = lower.hasSuffix(".parquet") ? .parquet : lower.hasSuffix(".json") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") ? .json : .csv
    // A path without a scheme is the cluster's file system; relative ones start where seg's do.
    let resolved = inv.path(raw)
    let path = raw.contains("://") || resolved.hasPrefix("/") ? resolved : FileManager.default.currentDirectoryPath + "/" + resolved
    try storeLoadedOnCluster(inv, try inv.cluster().read(.file(path: path, format: format)), as: inv.outputName ?? FrameNames.fromFile(raw))
  }

  /// `load spark table=… | query=…`: a table of the connected cluster's catalog, or a query it runs.
  static func loadSparkTable(_ inv: Invocation) throws {
    if let file = inv.positionals("file").first {
      throw Diagnostic(message: "load spark reads a table or query of the connected cluster, not a file", range: file.range,
        label: "load spark table=<name>, or drop spark to read the file on the cluster")
    }
    try refuse(inv, csvOptions + ["key_env", "explain"], unless: "a file or database", hint: "load spark takes table= or query=, columns=, where and as")
    let table = inv.text("table"), query = inv.text("query")
    guard (table == nil) != (query == nil) else {
      throw Diagnostic(message: "load spark needs table= or query= (one of them)", range: inv.command.verbRange, help: "load spark table=sales as s")
    }
    try storeLoadedOnCluster(inv, try inv.cluster().read(table.map { .table($0) } ?? .query(query ?? "")),
      as: inv.outputName ?? table.map(FrameNames.fromFile) ?? "query")
  }

  /// A source the cluster read, with columns= and where as steps, stored as the frame `name`.
  static func storeLoadedOnCluster(_ inv: Invocation, _ read: ClusterFrame, as name: String) throws {
    var plan = read.plan
    if inv.arguments.options["columns"] != nil { plan = .project(plan, try read.resolveColumns(inv.names("columns"))) }
    if let condition = inv.arguments.condition { plan = .filter(plan, try inv.planExpression(condition)) }
    let frame = try inv.storeResolved(plan, as: name)
    inv.noteArrivedOnCluster(firstRows: try inv.cluster().collect(plan, limit: 1000))
    inv.message("loaded \(name) on Spark: \(plural(frame.columns.count, "column"))")
  }

  static let csvOptions = ["delimiter", "header", "na", "decimal", "encoding", "date_format", "on_bad_rows"]
  static let databaseOptions = ["table", "query", "explain"]

  /// Refuses the first of `options` that was given, when the source is not `what`.
  static func refuse(_ inv: Invocation, _ options: [String], unless what: String, hint: String) throws {
    guard let given = options.first(where: { inv.arguments.options[$0] != nil }) else { return }
    throw Diagnostic(message: "\(given)= is for \(what)", range: inv.arguments.options[given]!.keyRange, label: "remove it", help: hint)
  }

  /// The byte that `delimiter=` names (`tab` for a tab), or nil when the option is absent.
  static func delimiter(_ inv: Invocation) throws -> UInt8? {
    guard let d = inv.arguments.options["delimiter"] else { return nil }
    let text = inv.text("delimiter") ?? ""
    let byte = text == "tab" ? "\t" : text
    guard byte.utf8.count == 1, let first = byte.utf8.first, first != UInt8(ascii: "\""), first != 10, first != 13 else {
      throw Diagnostic(message: "delimiter= needs a single character other than a quote or a newline", range: d.value.range, label: "for example \";\" or \"\\t\"")
    }
    return first
  }

  static let sample = CommandSpec(
    "sample", family: .data, summary: "make built-in demo data (customers, transactions, a campaign's outcome)",
    explanation: """
      Makes realistic practice data without any file: a shop's customers (age, gender,
      region, channel, income, sign-up date, loyalty, visits, satisfaction — with some
      missing values and outliers, as real data has — and whether they responded to the last
      campaign, which depends on email opt-in, visits, loyalty and age, something real to
      predict) and their purchases; pii=true adds a fake full name, e-mail and phone number
      to practise keeping personal data safe. The same seed
      always gives the same data on every computer. Transactions belong to the customers
      made by the last `sample customers`, so the two tables join on customer_id.
      sample outcome actions=offer adds to sample customers whether each one converted
      after the campaign apply rules made (column converted, or as <name>): a 5 % base
      chance, 3 points more for loyalty members and 2 for an e-mail opt-in, and for
      customers the campaign reached a true uplift of 6 points online, 4 for both
      channels and 1 in store, which uplift … by=channel recovers.
      """,
    positionals: [PositionalSpec("dataset", .choice(SampleData.names), "customers, transactions or outcome")],
    options: [
      OptionSpec("n", .integer(min: 1), default: "1000", "how many customers to make"),
      OptionSpec("pii", .boolean, default: "false", "for customers: add a fake name, e-mail and phone (to practise privacy)"),
      OptionSpec("customers", .integer(min: 1), default: .described("the last sample customers n, else 1000"), "for transactions: whose purchases"),
      OptionSpec("actions", .column, default: .described("required for outcome"), "for outcome: the action column apply rules wrote"),
      OptionSpec("seed", .integer(min: 0), default: "42", "the random seed; the same seed gives the same data"),
      fromOption,
    ],
    output: "the new frame (default: the dataset's name; for outcome, the column, default converted)",
    example: "sample customers n=200 seed=7\nsample transactions seed=7 as tx\n"
  ) { inv in
    let dataset = inv.positionalText("dataset") ?? "customers"
    let seed = UInt64(inv.int("seed") ?? 42)
    for (option, belongs) in [("n", "customers"), ("pii", "customers"), ("customers", "transactions"), ("actions", "outcome"), ("from", "outcome")]
    where inv.arguments.options[option] != nil && dataset != belongs {
      throw Diagnostic(message: "\(option)= is for sample \(belongs)", range: inv.range(of: option), label: "sample \(dataset) does not take it")
    }
    if dataset == "outcome" {
      try sampleOutcome(inv, seed: seed)
      return
    }
    let frame: DataFrame
    if dataset == "customers" {
      let n = inv.int("n") ?? 1000
      frame = try SampleData.customers(count: n, seed: seed, personalData: inv.bool("pii") ?? false)
      inv.env.catalog.sampledCustomers = n
    } else {
      let customers = inv.arguments.options["customers"] != nil ? (inv.int("customers") ?? 1000) : (inv.env.catalog.sampledCustomers ?? 1000)
      frame = try SampleData.transactions(customers: customers, seed: seed)
    }
    let name = inv.outputName ?? dataset
    inv.storeArrived(frame, as: name)
    inv.message("made \(name): \(shape(frame)) (seed \(seed))")
  }

  /// `sample outcome`: the campaign's seeded result as a column of the frame.
  static func sampleOutcome(_ inv: Invocation, seed: UInt64) throws {
    guard let actions = inv.names("actions").first else {
      throw Diagnostic(message: "sample outcome needs actions=", range: nil, label: "name the action column apply rules wrote: actions=offer")
    }
    let (frameName, frame) = try inv.inputFrame()
    var outcome = try SampleData.campaignOutcome(frame, actionColumn: try frame.resolveColumns([actions]).first ?? actions, seed: seed)
    outcome.name = inv.outputName ?? "converted"
    var changed = frame
    try changed.setColumn(outcome)
    inv.env.catalog.store(changed, as: frameName)
    let hits = (0..<outcome.count).filter { outcome.value(at: $0) == .bool(true) }.count
    inv.message("added \(outcome.name) to \(frameName): \(plural(hits, "customer")) of \(grouped(frame.rowCount)) converted (seed \(seed))")
  }

  static let use = CommandSpec(
    "use", family: .data, summary: "make another frame the current one",
    explanation: "Commands work on the current frame. `use name` switches to another frame you loaded or made.",
    positionals: [PositionalSpec("frame", .frame, "the frame to switch to")],
    example: "sample customers n=20 seed=1\nsample transactions seed=1 as tx\nuse customers\n"
  ) { inv in
    guard let name = inv.positionalText("frame") else { return }
    if let remote = inv.env.catalog.clusterFrames[name] {
      inv.env.catalog.currentName = name
      return inv.message("using \(name) on Spark: \(plural(remote.columns.count, "column"))")
    }
    let frame = try inv.env.catalog.frame(named: name)
    inv.env.catalog.currentName = name
    inv.message("using \(name): \(shape(frame))")
  }

  static let frames = CommandSpec(
    "frames", family: .data, summary: "list the frames of this session",
    explanation: "Lists every frame you have loaded or made, its size, and which one is current (marked *).",
    example: "sample customers n=20 seed=1\nframes\n"
  ) { inv in
    let catalog = inv.env.catalog
    let rows = try catalog.frameOrder.map { name -> [String] in
      let current = name == catalog.currentName ? "*" : ""
      if let f = catalog.frames[name] { return [current, name, grouped(f.rowCount), String(f.columns.count)] }
      let remote = catalog.clusterFrames[name]!
      return [current, name + " (Spark)", grouped(try inv.cluster().count(remote.plan)), String(remote.columns.count)]
    }
    if rows.isEmpty {
      inv.message("no frames yet; try: sample customers")
    } else {
      inv.output(.table(Table(headers: ["", "frame", "rows", "columns"], rows: rows, numeric: [false, false, true, true])))
    }
  }

  static let show = CommandSpec(
    "show", family: .data, summary: "print rows of a frame",
    explanation: "Prints the first rows of the current frame (or of the columns and rows you pick). Use n= for more rows.",
    positionals: [PositionalSpec("columns", .column, required: false, repeating: true, "columns to show (default: all)")],
    options: [OptionSpec("n", .integer(min: 1), default: .described(".maxrows (10)"), "how many rows to print"), fromOption],
    acceptsWhere: true, example: "sample customers n=20 seed=1\nshow age income where income > 50000 n=5\n"
  ) { inv in
    try showRows(inv, revealing: false)
  }

  /// `show` and `reveal`: the rows and columns picked, personal values masked unless revealing.
  static func showRows(_ inv: Invocation, revealing: Bool) throws {
    let n = inv.arguments.options["n"] != nil ? (inv.int("n") ?? 10) : inv.env.display.maxRows
    if let (_, remote) = inv.clusterInput() {
      var plan = remote.plan
      if let condition = inv.arguments.condition { plan = .filter(plan, try inv.planExpression(condition)) }
      let names = inv.positionalWords("columns")
      if !names.isEmpty { plan = .project(plan, try remote.resolveColumns(names)) }
      return inv.output(.table(try previewOnCluster(inv, plan, limit: n, revealing: revealing)))
    }
    var frame = try inv.whereRows(inv.inputFrame().frame)
    let names = inv.positionalWords("columns")
    if !names.isEmpty { frame = try frame.selecting(try frame.resolveColumns(names)) }
    inv.output(.table(Table.preview(frame, limit: n, revealing: revealing)))
  }

  /// The first rows of a plan on the cluster as `show` prints them, with the count of the rest.
  static func previewOnCluster(_ inv: Invocation, _ plan: LogicalPlan, limit: Int, revealing: Bool = false) throws -> Table {
    let cluster = try inv.cluster()
    let rows = inv.env.catalog.stamped(try cluster.collect(plan, limit: limit))
    return Table.preview(rows, limit: limit, revealing: revealing, totalRows: try cluster.count(plan))
  }

  static let head = CommandSpec(
    "head", family: .data, summary: "print the first rows",
    explanation: "Prints the first few rows of the current frame, to see what the data looks like.",
    options: [OptionSpec("n", .integer(min: 1), default: "5", "how many rows"), fromOption],
    example: "sample customers n=20 seed=1\nhead n=3\n"
  ) { inv in
    if let (_, remote) = inv.clusterInput() { return inv.output(.table(try previewOnCluster(inv, remote.plan, limit: inv.int("n") ?? 5))) }
    inv.output(.table(Table.preview(try inv.inputFrame().frame, limit: inv.int("n") ?? 5)))
  }

  static let describe = CommandSpec(
    "describe", family: .data, summary: "summary statistics of each column",
    explanation: """
      One line per column: how many values are present and missing, the mean, standard
      deviation (sample, n-1), minimum, quartiles (25%, median, 75%) and maximum of numbers,
      and for every column the number of distinct values and the most frequent one (top).
      """,
    positionals: [PositionalSpec("columns", .column, required: false, repeating: true, "columns to describe (default: all)")],
    options: [fromOption], acceptsWhere: true, example: "sample customers n=200 seed=1\ndescribe age income region\n"
  ) { inv in
    let summaries: [ColumnSummary], shown: (Scalar, String) -> Scalar
    if let (_, remote) = inv.clusterInput() {
      summaries = try inv.cluster().describe(try inv.clusterPlan(try inv.source().plan), 
        columns: inv.positionalWords("columns").isEmpty ? remote.columns : try remote.resolveColumns(inv.positionalWords("columns")))
      // The session's privacy roles hold on Spark too: a personal column's values are masked.
      let roles = inv.env.catalog.roles
      shown = { value, name in roles[name] == .pii ? PersonalDataMask.mask(value) : value }
    } else {
      let frame = try inv.whereRows(inv.inputFrame().frame)
      summaries = try frame.describe(try frame.resolveColumns(inv.positionalWords("columns")))
      shown = frame.shown
    }
    let num: (Double?) -> String = { $0.map { ValueFormatter.number($0) } ?? "" }
    let rows = summaries.map { s -> [String] in
      let edge: (Scalar) -> String = { $0.isMissing ? "" : ValueFormatter.display(shown($0, s.name)) }
      // A mean that is rounding noise next to the spread (a z-scored column's 2e-16) is 0.
      let mean = s.mean.map { abs($0) < 1e-9 * (s.std ?? 0) ? 0 : $0 }
      return [
        s.name, s.type.rawValue, grouped(s.count), grouped(s.missing), grouped(s.unique),
        s.top.isMissing ? "" : "\(ValueFormatter.display(shown(s.top, s.name))) (\(grouped(s.topCount)))",
        num(mean), num(s.std), edge(s.min), num(s.q25), num(s.median), num(s.q75), edge(s.max),
      ]
    }
    // What every column has comes first, so a narrow terminal cuts the quartiles, not top.
    inv.output(.table(Table(
      headers: ["column", "type", "count", "missing", "unique", "top", "mean", "std", "min", "25%", "50%", "75%", "max"],
      rows: rows, numeric: [false, false, true, true, true, false] + Array(repeating: true, count: 7))))
  }

  static let columns = CommandSpec(
    "columns", family: .data, summary: "list the columns with their types",
    explanation: "Lists each column of the current frame with its type, how many values are missing, and a few example values.",
    options: [fromOption], example: "sample transactions customers=20 seed=1\ncolumns\n"
  ) { inv in
    let frame = try inv.inputFrame().frame
    let rows = frame.columns.map { c -> [String] in
      var examples: [String] = []
      var i = 0
      while examples.count < 3 && i < c.count {
        let v = c.value(at: i)
        let text = ValueFormatter.display(frame.shown(v, of: c.name))
        if !v.isMissing && !examples.contains(text) { examples.append(text) }
        i += 1
      }
      return [c.name, c.type.rawValue, grouped(c.missingCount), examples.joined(separator: ", ")]
    }
    inv.output(.table(Table(headers: ["column", "type", "missing", "examples"], rows: rows, numeric: [false, false, true, false])))
  }
}

/// "440 rows × 8 columns".
func shape(_ f: DataFrame) -> String { "\(plural(f.rowCount, "row")) × \(plural(f.columns.count, "column"))" }

/// Frame names derived from file names.
enum FrameNames {
  /// `data/Online Retail.csv.gz` → `Online_Retail`.
  static func fromFile(_ path: String) -> String {
    var base = (path as NSString).lastPathComponent
    for ext in [".gz", ".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl", ".parquet"] where base.lowercased().hasSuffix(ext) { base = String(base.dropLast(ext.count)) }
    let cleaned = String(base.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    guard let first = cleaned.first, first.isLetter || first == "_" else { return "data" + cleaned }
    return cleaned
  }
}
