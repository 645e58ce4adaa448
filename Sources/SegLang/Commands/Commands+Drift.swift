import Foundation
import SegEngine

/// Has the data moved since the baseline: drift per column, with a verdict.
extension CommandTable {
  static let drift = CommandSpec(
    "drift", family: .monitor, summary: "how far each column moved from a baseline frame",
    explanation: """
      Compares the current frame (or from=) with an earlier one, column by column: drift
      last_month age income region. Numbers are binned at the baseline's deciles (bins=;
      edges where many rows tie are merged, so a column that is mostly one value keeps that
      value in a bin of its own), categories are compared category by category, with the
      ones the baseline never had counted together as "(unseen)", and missing values have
      a bin of their own. method=psi (the population stability index; an empty bin counts
      as a 0.0001 share) and js (Jensen–Shannon distance) measure how much moved; ks
      (Kolmogorov–Smirnov, numbers only) and chi2 test whether anything moved, which with
      many rows even a tiny shift does. Each column gets a verdict and the whole frame the
      worst one. Without columns, every column both frames have but the customer key and
      dates. as <name> keeps the table as a frame, to export for a nightly job.
      """,
    positionals: [
      PositionalSpec("baseline", .frame, "the frame to compare with"),
      PositionalSpec("columns", .column, required: false, repeating: true, "the columns to compare (default: all both frames have)"),
    ],
    options: driftOptions + [fromOption],
    output: "also keep the result as a frame (one row per column)",
    example: "sample customers n=2000 seed=1 as before\nsample customers n=2000 seed=2 as after\nderive income = income * 1.2\ndrift before age income region\n"
  ) { inv in
    let baselineName = inv.positionalText("baseline") ?? ""
    let baseline = try inv.env.catalog.frame(named: baselineName)
    let (currentName, current) = try inv.inputFrame()
    var columns = try current.resolveColumns(inv.positionalWords("columns"))
    if columns.isEmpty {
      let chosen = DriftReport.defaultColumns(baseline: baseline, current: current)
      columns = chosen.columns
      if !chosen.empty.isEmpty { inv.warning("left out \(chosen.empty.joined(separator: ", ")): no value in \(baselineName)") }
      guard !columns.isEmpty else {
        throw Diagnostic(message: "\(baselineName) and \(currentName) have no column to compare", range: inv.positionals("baseline").first?.range,
          label: "name the columns, or compare frames with the same columns")
      }
    }
    let report = try DriftReport(baseline: baseline, current: current, columns: columns,
      method: inv.choice("method", as: DriftMethod.self) ?? .psi, bins: inv.int("bins") ?? 10)
    inv.output(.table(driftTable(report, baseline: baselineName, current: currentName)))
    inv.message(driftSummary(report))
    inv.output(.chart(driftChart(report)))
    try inv.keepResult { try report.frame() }
  }

  static let driftOptions = [
    OptionSpec("method", .choice(DriftMethod.allCases.map(\.rawValue)), default: "psi", "how drift is measured"),
    OptionSpec("bins", .integer(min: 2, max: 100), default: "10", "quantile bins of the baseline for numbers"),
  ]

  static func driftTable(_ r: DriftReport, baseline: String, current: String) -> Table {
    let tested = r.method == .ks || r.method == .chi2
    let rows = r.columns.map { c -> [String] in
      var row = [c.column, ValueFormatter.number(c.statistic, significant: 3)]
      if tested { row.append(pValueText(c.pValue ?? .nan)) }
      row.append(c.verdict.rawValue)
      if let s = c.bins.largestShift {
        row.append("\(c.bins.labels[s.bin]): \(percent(s.baseline)) → \(percent(s.current))")
      } else {
        row.append("·")
      }
      return row
    }
    let headers = ["column", r.method.statisticName] + (tested ? ["p-value"] : []) + ["verdict", "largest shift"]
    return Table(title: "drift of \(current) from \(baseline) (\(plural(r.columns.count, "column")))", headers: headers, rows: rows,
      numeric: headers.map { $0 == r.method.statisticName || $0 == "p-value" })
  }

  /// A p-value to three digits; one below the smallest double as "< 1e-300".
  static func pValueText(_ p: Double) -> String {
    p.isNaN ? "·" : p < 1e-300 ? "< 1e-300" : ValueFormatter.number(p, significant: 3)
  }

  static func driftSummary(_ r: DriftReport) -> String {
    let counts = DriftVerdict.allCases.reversed().compactMap { v -> String? in
      let n = r.columns.filter { $0.verdict == v }.count
      return n == 0 ? nil : "\(n) \(v.rawValue)"
    }
    var text = "overall: \(r.verdict.rawValue) (\(counts.joined(separator: ", "))); \(r.method.thresholds)"
    if r.method == .psi { text += "; an empty bin counts as a 0.0001 share" }
    return text
  }

  /// The columns that moved most, worst first: the statistic, or for chi2 −log10 of its
  /// p-value (statistics of different degrees of freedom do not compare).
  static func driftChart(_ r: DriftReport) -> Chart {
    let score = { (c: ColumnDrift) -> Double in r.method == .chi2 ? min(-log10(max(c.pValue ?? 1, 1e-300)), 300) : c.statistic }
    let worst = r.columns.enumerated().sorted { a, b in
      score(a.element) != score(b.element) ? score(a.element) > score(b.element) : a.offset < b.offset
    }.prefix(10).map(\.element)
    let what = r.method == .chi2 ? "−log10 p (chi²)" : r.method.statisticName
    let title = "columns that moved most (\(what))"
    var marks: [Int: String] = [:]
    for (i, c) in worst.enumerated() where c.verdict != .stable { marks[i] = c.verdict.rawValue }
    return Chart(title: title, xLabel: what, body: .bars(BarChart(title: title, labels: worst.map { $0.column }, values: worst.map(score), marks: marks)),
      note: r.columns.count > 10 ? "the 10 of \(r.columns.count) columns that moved most" : nil)
  }
}
