import SegEngine

/// The lifetime model checks as charts.
extension PlotData {
  static func lifetime(_ inv: Invocation, kind: PlotKind) throws -> Chart {
    let given = inv.positionals("columns").first
    guard let name = given.map({ inv.text(of: $0.range) }) ?? inv.env.catalog.lastLifetime else {
      throw Diagnostic(category: .runtime, message: "plot \(kind.rawValue) draws a lifetime model, and this session has fitted none",
        range: inv.positionals("kind").first?.range, help: "fit one first, for example: lifetime from=tx customer=customer_id date=invoice_date as ltv")
    }
    guard let (model, fitted) = inv.env.catalog.lifetimeModels[name] else {
      let known = inv.env.catalog.lifetimeModels.keys.sorted()
      throw Diagnostic(category: .runtime, message: "no lifetime model called \(name)", range: given?.range,
        label: Suggestions.label(for: name, in: known, what: "lifetime models"),
        help: known.isEmpty ? "fit one with lifetime … as \(name)" : "the lifetime models are: \(known.joined(separator: ", "))")
    }
    guard let summary = fitted else {
      throw Diagnostic(category: .runtime, message: "\(name) was loaded from a file, and its checks need the purchases it was fitted on",
        range: given?.range ?? inv.positionals("kind").first?.range, help: "fit it again with lifetime … as \(name), then plot")
    }
    let unit = model.unit.rawValue
    switch kind {
    case .holdout:
      let groups = try model.holdoutCheck(summary)
      let x = groups.indices.map(Double.init)
      let top = max(1, (groups.map(\.actual) + groups.map(\.expected)).max() ?? 1)
      return Chart(title: "\(name): holdout purchases, actual and expected, by repeat purchases before \(CivilDate.format(days: summary.observationEnd))",
        xLabel: "repeat purchases before (the last point: \(groups.last?.label ?? "7+"))", yLabel: "mean purchases in the holdout",
        body: .curves(CurvePlot(names: ["actual", "expected by \(model.kind.title)"], x: [x, x], y: [groups.map(\.actual), groups.map(\.expected)],
          reference: nil, dots: true, xRange: 0...max(1, Double(groups.count - 1)), yRange: 0...top)),
        note: "close curves mean the model predicts each group's future purchases")
    case .alive:
      let age = summary.age.max() ?? 0
      let most = min(12, Int(summary.frequency.max() ?? 0))
      let m = model.aliveMatrix(maxFrequency: most, age: age, columns: 8)
      return Chart(title: "\(name): P(alive) of a customer first seen \(figure(age)) \(unit)s ago, by repeat purchases and recency",
        xLabel: "recency (\(unit)s from the first to the last purchase)", yLabel: "repeat purchases",
        body: .heatmap(HeatMap(rows: m.frequencies.map(String.init), columns: m.recencies.map { ValueFormatter.number($0, significant: 3) },
          values: m.values, cells: m.values.map { $0.map { ValueFormatter.number(($0 * 100).rounded() / 100) } }, scale: .magnitude)),
        note: "customers who bought often but not lately are the likeliest to have left")
    default:
      let track = model.tracking(summary)
      let x = track.actual.indices.map { Double($0 + 1) }
      let top = max(1, (track.actual + track.expected).max() ?? 1)
      let calibration = Double(summary.tracking.calibrationPeriods * summary.period.days) / Double(summary.unit.days)
      return Chart(title: "\(name): cumulative repeat purchases, actual and expected by \(model.kind.title)",
        xLabel: "\(unit)s since the first purchase in the data", yLabel: "repeat purchases",
        body: .curves(CurvePlot(names: ["actual", "expected"], x: [x, x], y: [track.actual, track.expected], reference: nil,
          xRange: 0...max(1, Double(x.count)), yRange: 0...top)),
        note: summary.holdout == nil ? nil : "the calibration ends after \(unit) \(figure(calibration)); later the model forecasts")
    }
  }

  private static func figure(_ x: Double) -> String { ValueFormatter.number(x, significant: 4) }
}
