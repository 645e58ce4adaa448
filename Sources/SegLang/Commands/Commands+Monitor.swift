import SegEngine

/// A saved model against this month's customers: has its input moved, have its segments?
extension CommandTable {
  static let monitor = CommandSpec(
    "monitor", family: .monitor, summary: "check a saved model against new customers: drift, segment shares, outliers",
    explanation: """
      Compares the customers of the current frame (or from=) with those a segmentation was
      fitted on, from what save model kept of them (bins and counts, never their rows):
      the drift of each column the model reads (method=psi, js or chi2), how the share of
      missing values moved in the columns its fill steps fill (their PSI: filling hides
      them from the drift), how the segments' shares moved (their PSI), and the share of customers farther from every centre than
      99 % of the fitted ones were (1 % then; 2 % and 5 % are the moderate and major marks).
      Each part gets a verdict, the model the worst. fail_on=moderate|major makes seg run end
      with exit code 3 after the whole script ran (so exports after monitor still happen)
      when the verdict reaches it: a nightly job's alarm. as <name> keeps the drift per
      column as a frame, to export.
      """,
    positionals: [PositionalSpec("model", .frame, "the name given at load model … as")],
    options: [
      OptionSpec("method", .choice(DriftMethod.allCases.filter { $0 != .ks }.map(\.rawValue)), default: "psi", "how input drift is measured"),
      OptionSpec("fail_on", .choice(DriftVerdict.allCases.filter { $0 != .stable }.map(\.rawValue)), default: .described("never"),
        "the verdict at which seg run exits with code 3"),
      fromOption,
    ],
    output: "also keep the drift per column as a frame",
    example: segmentExampleSetup + """
      save model segment "/tmp/seg_help_monitor.json"
      sample customers n=500 seed=99 as next_month
      load model "/tmp/seg_help_monitor.json" as m
      monitor m

      """
  ) { inv in
    let (modelName, model) = try loadedSegmentation(inv)
    guard let baseline = model.baseline else {
      throw Diagnostic(category: .runtime, message: "\(modelName) was saved before seg kept what monitor compares with", range: inv.positionals("model").first?.range,
        help: "cluster and save the model again with this seg")
    }
    let (frameName, frame) = try inv.inputFrame()
    let result = try ModelMonitor(model, baseline: baseline, frame: frame, method: inv.choice("method", as: DriftMethod.self) ?? .psi)
    inv.output(.table(driftTable(result.drift, baseline: "the \(grouped(baseline.rows)) customers \(modelName) was fitted on", current: frameName)))
    inv.output(.table(Table(title: "\(model.label) shares: fitted against \(frameName)", headers: [model.label, "fitted", frameName, "change"],
      rows: result.segments.map { s in
        [Catalog.segmentLabel(s.label, names: model.segmentNames), percent(s.baseline), percent(s.current), (s.current >= s.baseline ? "+" : "") + ValueFormatter.number(100 * (s.current - s.baseline), significant: 3) + " pts"]
      }, numeric: [false, true, true, true])))
    if !result.missingness.isEmpty {
      inv.output(.table(Table(title: "missing values before the model's fills: fitted against \(frameName)", headers: ["column", "fitted", frameName, "PSI", "verdict"],
        rows: result.missingness.map { m in
          [m.column, percent(m.baseline), percent(m.current), ValueFormatter.number(m.psi, significant: 3), m.verdict.rawValue]
        }, numeric: [false, true, true, true, false])))
    }
    var lines = [
      "input: \(result.drift.verdict.rawValue) (worst column by \(result.drift.method.statisticName); \(result.drift.method.thresholds))",
      "segments: \(result.segmentVerdict.rawValue) (PSI of the shares \(ValueFormatter.number(result.segmentShift, significant: 3)))",
    ]
    if !result.missingness.isEmpty {
      lines.append("missing values: \(result.missingVerdict.rawValue) (worst PSI of the missing share \(ValueFormatter.number(result.missingness.map(\.psi).max()!, significant: 3)))")
    }
    if let far = result.farShare {
      lines.append("far from every centre: \(result.farVerdict.rawValue) (\(percent(far)) of customers; 1% at fit time)")
    }
    lines.append("model \(modelName): \(result.verdict.rawValue)")
    inv.message(lines.joined(separator: "\n"))
    inv.output(.chart(driftChart(result.drift)))
    if let failOn = inv.choice("fail_on", as: DriftVerdict.self), result.verdict >= failOn {
      let alert = "monitor \(modelName): \(result.verdict.rawValue) drift reaches fail_on=\(failOn.rawValue); seg run will exit with code 3"
      inv.env.alerts.append(alert)
      inv.warning(alert)
    }
    try inv.keepResult { try result.drift.frame() }
  }
}
