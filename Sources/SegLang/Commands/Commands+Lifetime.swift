import Foundation
import SegEngine

/// Predictive lifetime value: buy-till-you-die models fitted to transactions.
extension CommandTable {
  static let lifetime = CommandSpec(
    "lifetime", family: .features, summary: "fit BG/NBD, Pareto/NBD or MBG/NBD (with Gamma-Gamma spend) and score every customer",
    explanation: """
      Summarises each customer's transactions as the buy-till-you-die models read them
      (lifetimes' summary_data_from_transaction_data): purchases in the same period
      (freq=day or week) merge into one; frequency counts the repeat purchases, recency and T
      run from the first purchase to the last one and to the end of the data, in unit= (by
      default the period; freq=day unit=week gives the papers' weeks). Then it fits model= by
      maximum likelihood — bgnbd (Fader, Hardie and Lee 2005), paretonbd (Schmittlein et al.
      1987), mbgnbd (Batislam et al. 2007) — prints the parameters with standard errors
      (from the likelihood's curvature) and 95% intervals on the log scale, and
      adds per customer p_alive (the probability the customer still buys) and
      expected_purchases over the next months=. spend=gammagamma also fits the Gamma-Gamma
      model of the repeat purchases' mean value (amount= is needed; it refuses when frequency
      and spend are correlated beyond max_correlation=) and adds expected_spend and clv: the
      expected spend × margin= of each month's expected purchases, discounted by discount= a
      month (lifetimes' customer_lifetime_value; a month is 30 days or 4.345 weeks).
      calibration_end= fits on the purchases up to that day and compares the rest (the
      holdout) with what the model expected, by calibration frequency. The result is a frame
      and a model of the same name: save model writes it, predict scores other summaries
      with it, and plot holdout, alive and tracking check it. summary=true fits on a frame
      that is a summary already (columns frequency, recency, T and, for spend,
      monetary_value, in unit=), such as lifetimes' summary tables.
      """,
    options: [
      OptionSpec("model", .choice(PurchaseModelKind.allCases.map(\.rawValue)), default: "bgnbd", "the purchase model"),
      OptionSpec("from", .frame, default: .described("the current frame"), "the transactions"),
      OptionSpec("summary", .boolean, default: "false", "from= is a summary already: frequency, recency, T (and monetary_value)"),
      OptionSpec("customer", .column, default: .described("required for transactions"), "the customer key column"),
      OptionSpec("date", .column, default: .described("required for transactions"), "the purchase date or time"),
      OptionSpec("amount", .expression, default: .described("none: no spend model"), "the value of a row, e.g. quantity*unit_price"),
      OptionSpec("freq", .choice(PurchaseSummary.Period.allCases.map(\.rawValue)), default: "day", "the period purchases merge in"),
      OptionSpec("unit", .choice(PurchaseSummary.Period.allCases.map(\.rawValue)), default: .described("freq"), "the unit recency and T count in"),
      OptionSpec("calibration_end", .expression, default: .described("none: fit on everything"), "the last day fitted on; later purchases are the holdout"),
      OptionSpec("spend", .choice(["none", "gammagamma"]), default: "none", "also model spend per purchase (needs amount=)"),
      OptionSpec("months", .integer(min: 1, max: 1_200), default: .literal(String(LifetimeModel.ValueTerms().months)), "the horizon of expected purchases and clv"),
      OptionSpec("discount", .fraction, default: .literal(ValueFormatter.number(LifetimeModel.ValueTerms().discount * 100) + "%"), "clv's discount rate per month (with spend=)"),
      OptionSpec("margin", .fraction, default: "100%", "the share of spend that is profit (with spend=)"),
      OptionSpec("max_correlation", .fraction, default: .literal(ValueFormatter.number(LifetimeModel.Options(kind: .bgnbd).maxCorrelation)),
        "refuse Gamma-Gamma when |corr(frequency, spend)| is above this (with spend=)"),
    ],
    acceptsWhere: true, output: "the scored frame and the model (default: ltv)",
    example: """
      sample customers n=1000 seed=7
      sample transactions seed=7 as tx
      lifetime model=bgnbd from=tx customer=customer_id date=invoice_date amount=quantity*unit_price spend=gammagamma freq=week calibration_end=2024-06-30 where quantity > 0 as ltv
      sort clv desc
      show customer_id frequency recency T p_alive expected_purchases clv n=5
      """
  ) { inv in
    let spend = inv.text("spend") == "gammagamma"
    if !spend, let given = ["discount", "margin", "max_correlation"].first(where: { inv.arguments.options[$0] != nil }) {
      throw Diagnostic(message: "\(given)= values spend, and this fit has no spend model", range: inv.arguments.options[given]!.value.range,
        label: "add spend=gammagamma (with amount=), or leave \(given)= out")
    }
    var options = LifetimeModel.Options(kind: inv.choice("model", as: PurchaseModelKind.self) ?? .bgnbd)
    options.spend = spend
    options.maxCorrelation = inv.number("max_correlation") ?? options.maxCorrelation
    options.terms.months = inv.int("months") ?? options.terms.months
    options.terms.discount = inv.number("discount") ?? options.terms.discount
    options.terms.margin = inv.number("margin") ?? options.terms.margin
    let fit = try (inv.bool("summary") ?? false) ? fitSummary(inv, options) : fitTransactions(inv, options)
    let name = inv.outputName ?? "ltv"
    inv.env.catalog.store(fit.frame, as: name)
    inv.env.catalog.lifetimeModels[name] = (fit.model, fit.summary)
    inv.env.catalog.lastLifetime = name
    let model = fit.model
    var from = ""
    if let s = fit.summary {
      let leftOut = [s.read.leftOutNote, s.holdoutOnly > 0 ? "\(plural(s.holdoutOnly, "customer")) first buying after the calibration left out" : nil].compactMap { $0 }
      from = " from \(plural(s.read.used, "transaction"))" + (leftOut.isEmpty ? "" : " (\(leftOut.joined(separator: "; ")))")
    }
    inv.message("fitted \(name): \(model.kind.title) on \(plural(model.customers, "customer")) (\(grouped(fit.withoutRepeat)) without a repeat purchase)\(from)"
      + "; log-likelihood \(ValueFormatter.number(model.logLikelihood, significant: 8)) (now current)")
    inv.output(.table(parameterTable(model.parameters, title: "\(model.kind.title) parameters, time in \(model.unit.rawValue)s")))
    if let gg = model.spend {
      inv.output(.table(parameterTable(gg.parameters,
        title: "Gamma-Gamma spend parameters: \(plural(gg.customers, "repeat buyer")), frequency-spend correlation \(ValueFormatter.number(gg.correlation, significant: 3))")))
    }
    let missing = (model.parameters + (model.spend?.parameters ?? [])).filter { $0.standardError == nil }.map(\.name)
    if !missing.isEmpty {
      inv.warning("the likelihood is flat around \(missing.joined(separator: ", ")), so \(missing.count == 1 ? "it has" : "they have") no standard error; the data barely determine \(missing.count == 1 ? "it" : "them")")
    }
    if let check = fit.holdoutCheck, let s = fit.summary, let holdout = s.holdout {
      inv.output(.table(Table(
        title: "holdout check: mean purchases in the \(ValueFormatter.number(holdout.duration)) \(model.unit.rawValue)s after \(CivilDate.format(days: s.observationEnd)), by repeat purchases before",
        headers: ["repeat purchases", "customers", "actual", "expected"],
        rows: check.map { [$0.label, grouped($0.customers), figure($0.actual), figure($0.expected)] },
        numeric: [false, true, true, true])))
    }
  }

  /// The fit on transactions: customer= and date= name them, freq= and calibration_end= shape the summary.
  private static func fitTransactions(_ inv: Invocation, _ options: LifetimeModel.Options) throws -> LifetimeAnalysis {
    for required in ["customer", "date"] where inv.arguments.options[required] == nil {
      throw Diagnostic(message: "lifetime needs \(required)= (or summary=true for a frame of frequency, recency and T)", range: inv.command.verbRange)
    }
    var summary = PurchaseSummary.Options(customer: inv.names("customer").first ?? "", date: inv.names("date").first ?? "")
    summary.period = inv.choice("freq", as: PurchaseSummary.Period.self) ?? .day
    summary.unit = inv.choice("unit", as: PurchaseSummary.Period.self)
    if let end = inv.arguments.options["calibration_end"] {
      guard case .date(let day) = end.value.kind else {
        throw Diagnostic(message: "calibration_end= needs a date", range: end.value.range, label: "for example calibration_end=2011-09-30")
      }
      summary.calibrationEnd = day
    }
    if inv.clusterInput() != nil { return try LifetimeAnalysis(summary: try summaryOnCluster(inv, summary, amountRequired: options.spend), model: options) }
    let (tx, amount) = try transactions(inv, amountRequired: options.spend)
    return try LifetimeAnalysis(transactions: tx, amount: amount, summary: summary, model: options)
  }

  /// The purchase summary of transactions on a cluster: summed per customer and day there (an
  /// aggregation: one row per customer-day comes back, up to the pull limit), finished in seg
  /// as it summarises transactions of its own.
  private static func summaryOnCluster(_ inv: Invocation, _ options: PurchaseSummary.Options, amountRequired: Bool) throws -> PurchaseSummary {
    guard let (name, remote) = inv.clusterInput() else { throw Catalog.onCluster(inv.env.catalog.currentName ?? "", verb: "lifetime") }
    var options = options
    let resolved = try remote.resolveColumns([options.customer, options.date])
    (options.customer, options.date) = (resolved[0], resolved[1])
    let dateType = remote.types[remote.columns.firstIndex(of: options.date)!]
    guard dateType == .date || dateType == .datetime else {
      throw Diagnostic(message: "column \"\(options.date)\" is \(dateType.rawValue); lifetime needs dates", range: inv.range(of: "date"),
        label: "load the data with the dates typed (Spark reads ISO dates in CSV as dates)")
    }
    let amountExpression = inv.arguments.options["amount"]?.value
    if amountRequired && amountExpression == nil { throw Diagnostic(message: "lifetime needs amount=", range: inv.command.verbRange) }
    let amount = try amountExpression.map { try inv.planExpression($0) }
    let (day, value) = ("__seg_day", "__seg_amount")
    let source = try inv.clusterPlan(try inv.source().plan)
    let present = { (e: ColumnExpr) in ColumnExpr.isMissing(e, negated: true) }
    let withCustomer = LogicalPlan.filter(source, present(.column(options.customer)))
    let usable = LogicalPlan.filter(
      .derive(withCustomer, [DerivedColumn(day, .call("days_between", [.literal(.date(0)), .column(options.date)])), DerivedColumn(value, amount ?? .literal(.double(0)))], where: nil),
      .binary(.and, present(.column(day)), present(.column(value))))
    let days = LogicalPlan.aggregate(usable, by: [options.customer, day], [AggregateExpression("spent", .sum, .column(value)), AggregateExpression("lines", .count, nil)])
    let pulled = try inv.pullWhole(days, of: "\(name)'s customer-days", why: "", at: inv.command.verbRange, help: inv.sampleFirst(name))
    let lines = try pulled.column("lines")
    let used = (0..<lines.count).reduce(0) { total, i in if case .int(let n) = lines.value(at: i) { total + n } else { total } }
    let (all, customers) = (try inv.cluster().count(source), try inv.cluster().count(withCustomer))
    let read = TransactionsRead(used: used, withoutCustomer: all - customers, incomplete: customers - used)
    return try PurchaseSummary(customerDays: pulled, day: day, amount: amount == nil ? nil : "spent", lines: "lines", read: read, options: options)
  }

  /// The fit on a summary frame (lifetimes' frequency, recency, T, monetary_value), in unit=.
  private static func fitSummary(_ inv: Invocation, _ options: LifetimeModel.Options) throws -> LifetimeAnalysis {
    for option in ["customer", "date", "amount", "freq", "calibration_end"] {
      if let given = inv.arguments.options[option] {
        throw Diagnostic(message: "\(option)= shapes a summary from transactions, and summary=true reads one made already", range: given.value.range,
          label: "leave \(option)= out, or summary=true out to summarise transactions")
      }
    }
    let (_, input) = try inv.inputFrame()
    let frame = try inv.whereMask(input).map { try input.filtering($0) } ?? input
    return try LifetimeAnalysis(summaryFrame: frame, unit: inv.choice("unit", as: PurchaseSummary.Period.self) ?? .day, model: options)
  }

  /// Estimates, standard errors and 95% intervals, taken on the log scale the fit works on
  /// (θ·e^(±1.96·se/θ)), so a positive parameter's interval stays positive.
  private static func parameterTable(_ parameters: [LifetimeModel.FittedParameter], title: String) -> Table {
    Table(title: title, headers: ["parameter", "estimate", "std. error", "95% interval"],
      rows: parameters.map { p in
        [p.name, figure(p.value), p.standardError.map(figure) ?? "n/a",
         p.standardError.map { "\(figure(p.value * exp(-1.96 * $0 / p.value))) to \(figure(p.value * exp(1.96 * $0 / p.value)))" } ?? "n/a"]
      }, numeric: [false, true, true, false])
  }
}
