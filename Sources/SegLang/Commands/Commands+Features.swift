import SegEngine

/// Customer features built from transactions.
extension CommandTable {
  /// The options every transaction-based feature takes.
  static let transactionOptions = [
    OptionSpec("from", .frame, default: .described("the current frame"), "the transactions"),
    OptionSpec("customer", .column, default: .required, "the customer key column"),
    OptionSpec("date", .column, default: .required, "the purchase date or time"),
    OptionSpec("amount", .expression, default: .required, "the value of a row, e.g. quantity*unit_price"),
    OptionSpec("invoice", .column, default: .described("none: every row is a purchase"), "the purchase (invoice) key"),
  ]

  static let rfm = CommandSpec(
    "rfm", family: .features, summary: "recency, frequency, monetary value and RFM segments per customer",
    explanation: """
      Summarises each customer's purchases: recency (days since the last purchase, counted
      from asof=), frequency (distinct invoices, or rows without invoice=), and monetary
      value (the sum of amount=, or with monetary=mean the average purchase). Each gets a
      score from 1 to 5 by quantiles (bins=): recent, frequent, big spenders score 5; ties are
      ranked in customer order, as pandas' qcut of rank(method="first"). The scores name a
      segment (Champions, Loyal, At risk, …) from an ordered rule table: `rfm rules` prints
      it, `rfm rules "file.csv"` replaces it. Filter returns and cancellations with `where`.
      Customer keys may be numbers or text; a file column that mixes both loads as text, and
      every distinct text is one customer.
      """,
    positionals: [
      PositionalSpec("rules", .choice(["rules"]), required: false, "rules: show or replace the segment table"),
      PositionalSpec("file", .path, required: false, "with rules: a CSV rule table to use"),
    ],
    options: transactionOptions + [
      OptionSpec("asof", .expression, default: "max+1d", "the day recency counts from: a date, or max+Nd"),
      OptionSpec("monetary", .choice(RFM.Monetary.allCases.map(\.rawValue)), default: "sum", "total or average spend"),
      OptionSpec("bins", .integer(min: 2), default: "5", "how many score levels"),
    ],
    acceptsWhere: true, output: "the new frame (default: rfm)",
    example: """
      sample customers n=200 seed=7
      sample transactions seed=7 as tx
      rfm from=tx customer=customer_id date=invoice_date invoice=invoice_id amount=quantity*unit_price where quantity > 0 as rfm
      aggregate customers=count() by=segment
      """
  ) { inv in
    if inv.positionalText("rules") != nil {
      try rfmRules(inv)
      return
    }
    if let file = inv.positionals("file").first {
      throw Diagnostic(message: "a file here belongs to rfm rules", range: file.range, label: "write rfm rules \"file.csv\"")
    }
    var options = RFM.Options(customer: inv.names("customer").first ?? "", date: inv.names("date").first ?? "")
    options.invoice = inv.names("invoice").first
    options.monetary = inv.choice("monetary", as: RFM.Monetary.self) ?? .sum
    options.bins = inv.int("bins") ?? 5
    if let asof = inv.arguments.options["asof"] { options.asOf = try asOf(asof.value) }
    if let (name, remote) = inv.clusterInput() {
      _ = try remote.resolveColumns(inv.names("customer") + inv.names("date") + inv.names("invoice"))
      guard let amount = inv.arguments.options["amount"]?.value else { throw Diagnostic(message: "rfm needs amount=", range: inv.command.verbRange) }
      let step = RFMStep(options: options, amount: try inv.planExpression(amount), rules: inv.env.catalog.rfmRules)
      let target = inv.outputName ?? "rfm"
      try inv.storeOnCluster(.rfm(try inv.source().plan, step), as: target)
      return inv.message("made \(target) on Spark: one row per customer (now current)")
    }
    let (tx, amount) = try transactions(inv)
    let (out, read) = try RFM.compute(tx, amount: amount, options: options, rules: inv.env.catalog.rfmRules)
    let name = inv.outputName ?? "rfm"
    inv.env.catalog.store(out, as: name)
    if options.bins != 5 && inv.env.catalog.rfmRules == RFMRule.defaults {
      inv.warning("the default segment table is written for scores 1–5; with bins=\(options.bins) load a table made for it (rfm rules \"file.csv\")")
    }
    inv.message("made \(name): \(plural(out.rowCount, "customer")) from \(plural(read.used, "transaction"))\(read.leftOutNote.map { " (\($0))" } ?? "") (now current)")
  }

  static let clv = CommandSpec(
    "clv", family: .features, summary: "historical customer lifetime value per customer",
    explanation: """
      Estimates what each customer is worth over a horizon from their history: average
      order value × orders per year × margin × horizon. Orders per year count from the first
      purchase to asof= (the day after the last purchase by default); customers seen for
      less than 30 days count as seen for 30, so one recent order does not look like a
      habit. margin=30% turns revenue into profit. A simple, explainable estimate.
      """,
    options: transactionOptions + [
      OptionSpec("margin", .fraction, default: "100%", "the share of revenue that is profit"),
      OptionSpec("horizon", .integer(min: 1), default: "365", "days ahead to value (or write 52w, 730d)"),
      OptionSpec("asof", .expression, default: .described("the day after the last purchase"), "the end of the history"),
    ],
    acceptsWhere: true, output: "the new frame (default: clv)",
    example: """
      sample customers n=100 seed=7
      sample transactions seed=7 as tx
      clv from=tx customer=customer_id date=invoice_date invoice=invoice_id amount=quantity*unit_price margin=30% where quantity > 0
      sort clv desc
      head n=3
      """
  ) { inv in
    let (tx, amount) = try transactions(inv)
    var options = LifetimeValue.Options(customer: inv.names("customer").first ?? "", date: inv.names("date").first ?? "")
    options.invoice = inv.names("invoice").first
    options.margin = inv.number("margin") ?? 1
    options.horizonDays = horizonDays(inv.arguments.options["horizon"]?.value) ?? 365
    if let asof = inv.arguments.options["asof"] {
      guard case .date(let d) = asof.value.kind else {
        throw Diagnostic(message: "asof= needs a date", range: asof.value.range, label: "for example asof=2011-12-10")
      }
      options.asOf = d
    }
    let (out, read) = try LifetimeValue.compute(tx, amount: amount, options: options)
    let name = inv.outputName ?? "clv"
    inv.env.catalog.store(out, as: name)
    inv.message("made \(name): \(plural(out.rowCount, "customer")) from \(plural(read.used, "transaction"))\(read.leftOutNote.map { " (\($0))" } ?? ""), horizon \(options.horizonDays) days, margin \(ValueFormatter.number(options.margin * 100))% (now current)")
  }

  /// `horizon=365`, `horizon=52w`, `horizon=730d` as days.
  private static func horizonDays(_ e: Expression?) -> Int? {
    switch e?.kind {
    case .integer(let d), .duration(let d): d
    default: nil
    }
  }

  static let datefeatures = CommandSpec(
    "datefeatures", family: .features, summary: "calendar parts and ages of date columns",
    explanation: """
      Adds columns from dates: year, quarter, month, weekday (Monday = 1), days_since (whole
      days until asof=) and tenure_months (whole months until asof=), named like
      signup_date_month. asof= defaults to today (fixed per session; SEG_TODAY fixes it for
      reproducible jobs). With `where`, only those rows get values (the others are missing).
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the date columns")],
    options: [
      OptionSpec("parts", .choice(DateFeatures.Part.allCases.map(\.rawValue)), list: true, default: .described("all"), "which parts to add"),
      OptionSpec("asof", .expression, default: .described("today"), "the day ages count to"),
      fromOption,
    ],
    acceptsWhere: true,
    example: "sample customers n=50 seed=1\ndatefeatures signup_date parts=year,tenure_months asof=2025-01-01\nshow signup_date signup_date_year signup_date_tenure_months n=3\n"
  ) { inv in
    let (name, input) = try inv.inputFrame()
    var frame = input
    let parts = inv.names("parts").compactMap(DateFeatures.Part.init(rawValue:))
    var asOf = inv.env.today
    if let e = inv.arguments.options["asof"] {
      guard case .date(let d) = e.value.kind else {
        throw Diagnostic(message: "asof= needs a date", range: e.value.range, label: "for example asof=2025-01-01")
      }
      asOf = d
    }
    let rows = try inv.whereFlags(frame)
    var added: [String] = []
    for columnName in try frame.resolveColumns(inv.positionalWords("columns")) {
      for c in try DateFeatures.columns(try frame.column(columnName), parts: parts.isEmpty ? DateFeatures.Part.allCases : parts, asOf: asOf) {
        try frame.setColumn(try rows.map { try c.merged(taking: $0, otherwise: nil) } ?? c)
        added.append(c.name)
      }
    }
    inv.env.catalog.store(frame, as: name)
    inv.message("added " + added.joined(separator: ", "))
  }

  /// customer=, date= and amount= are required unless the command does something else.
  /// The transactions a feature reads — only the key, date and invoice columns, of the rows
  /// `where` keeps — and the amount of each.
  private static func transactions(_ inv: Invocation) throws -> (DataFrame, Column) {
    let (tx, amount) = try transactions(inv, amountRequired: true)
    return (tx, amount!)
  }

  /// The transactions as above; without amount= (where it is optional) the amount is nil.
  static func transactions(_ inv: Invocation, amountRequired: Bool) throws -> (DataFrame, Column?) {
    let input = try inv.inputFrame().frame
    let amountExpression = inv.arguments.options["amount"]?.value
    if amountRequired && amountExpression == nil {
      throw Diagnostic(message: "\(inv.spec.name) needs amount=", range: inv.command.verbRange)
    }
    let keys = try input.resolveColumns(inv.names("customer") + inv.names("date") + inv.names("invoice"))
    var tx = try input.selecting(keys)
    var amountName: String?
    if let amountExpression {
      var amount = try inv.evaluate(amountExpression, on: input)
      amount.name = keys.contains("amount") ? "amount_value" : "amount"
      amountName = amount.name
      try tx.setColumn(amount)
    }
    if let mask = try inv.whereMask(input) { tx = try tx.filtering(mask) }
    return (tx, try amountName.map { try tx.column($0) })
  }

  /// `asof=2011-12-10`, `asof=max`, `asof=max+1d`.
  private static func asOf(_ e: Expression) throws -> RFM.AsOf {
    switch e.kind {
    case .date(let d): return .date(d)
    case .name("max"): return .afterLast(days: 0)
    case .binary(let op, let lhs, let rhs) where (op == "+" || op == "-") && lhs.bareName == "max":
      switch rhs.kind {
      case .duration(let d), .integer(let d): return .afterLast(days: op == "+" ? d : -d)
      default: break
      }
    default: break
    }
    throw Diagnostic(message: "asof= needs a date or max+Nd", range: e.range, label: "for example asof=2011-12-10 or asof=max+1d")
  }

  /// `rfm rules` prints the table; `rfm rules "file.csv"` loads a new one.
  private static func rfmRules(_ inv: Invocation) throws {
    if let file = inv.positionalText("file") {
      let frame = try CSVReader.read(path: inv.path(file)).frame
      inv.env.recorder.noteInput(file, path: inv.path(file))
      inv.env.catalog.rfmRules = try RFMRule.rules(from: frame)
      inv.message("rfm now names segments with \(plural(inv.env.catalog.rfmRules.count, "rule")) from \(file)")
    }
    inv.output(.table(Table.preview(try RFMRule.table(inv.env.catalog.rfmRules), limit: 100, title: "RFM segments, first match wins (others: Other)")))
  }
}
