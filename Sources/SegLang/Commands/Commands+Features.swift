import SegEngine

/// Customer features built from transactions.
extension CommandTable {
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
      """,
    positionals: [
      PositionalSpec("rules", .choice(["rules"]), required: false, "rules: show or replace the segment table"),
      PositionalSpec("file", .path, required: false, "with rules: a CSV rule table to use"),
    ],
    options: [
      OptionSpec("from", .frame, default: .described("the current frame"), "the transactions"),
      OptionSpec("customer", .column, default: .required, "the customer key column"),
      OptionSpec("date", .column, default: .required, "the purchase date or time"),
      OptionSpec("amount", .expression, default: .required, "the value of a row, e.g. quantity*unit_price"),
      OptionSpec("invoice", .column, default: .described("none: every row is a purchase"), "the purchase (invoice) key"),
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
    for required in ["customer", "date", "amount"] where inv.arguments.options[required] == nil {
      throw Diagnostic(message: "rfm needs \(required)=", range: inv.command.verbRange, help: "usage: \(inv.spec.usage)")
    }
    let (_, input) = try inv.inputFrame()
    let tx = try inv.whereRows(input)
    var options = RFM.Options(customer: inv.names("customer").first ?? "", date: inv.names("date").first ?? "")
    options.invoice = inv.names("invoice").first
    options.monetary = inv.choice("monetary", as: RFM.Monetary.self) ?? .sum
    options.bins = inv.int("bins") ?? 5
    if let asof = inv.arguments.options["asof"] { options.asOf = try asOf(asof.value) }
    let amount = try inv.evaluate(try requireAmount(inv), on: tx)
    let out = try RFM.compute(tx, amount: amount, options: options, rules: inv.env.rfmRules)
    let name = inv.outputName ?? "rfm"
    inv.env.store(out, as: name)
    if options.bins != 5 && inv.env.rfmRules == RFMRule.defaults {
      inv.warning("the default segment table is written for scores 1–5; with bins=\(options.bins) load a table made for it (rfm rules \"file.csv\")")
    }
    inv.message("made \(name): \(plural(out.rowCount, "customer")) from \(plural(tx.rowCount, "transaction")) (now current)")
  }

  /// The amount expression (checked present above).
  private static func requireAmount(_ inv: Invocation) throws -> Expression {
    guard let e = inv.arguments.options["amount"]?.value else {
      throw Diagnostic(message: "rfm needs amount=", range: inv.command.verbRange)
    }
    return e
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
      inv.env.rfmRules = try RFMRule.rules(from: frame)
      inv.message("rfm now names segments with \(plural(inv.env.rfmRules.count, "rule")) from \(file)")
    }
    inv.output(.table(Table.preview(try RFMRule.table(inv.env.rfmRules), limit: 100, title: "RFM segments, first match wins (others: Other)")))
  }
}
