import Foundation
import SegEngine

/// Charts: a text chart in the terminal, SVG in reports and with to="file.svg".
extension CommandTable {
  static let plot = CommandSpec(
    "plot", family: .output, summary: "draw a chart: " + PlotKind.allCases.map(\.rawValue).joined(separator: ", "),
    explanation: """
      Draws a chart in the terminal (block and braille characters, or plain ASCII with
      .charset ascii) and as SVG in reports; to="file.svg" also writes the SVG. hist shows
      how a number is spread (bins=); bar counts the values of a column; scatter plots two
      columns, or the first two principal components of three or more, coloured by a
      label column (color=, by default the latest segments) with the segment centres;
      elbow draws the last sweep's inertia by k with the knee marked; silhouette shows
      every segment's silhouette values, best first (bars past 0 are customers nearer
      another segment); profile is a segment × feature heat map of how far each segment's
      mean lies from the base, in standard deviations; dendrogram draws the top merges of
      a hierarchical clustering (leaves=); coverage shows the actions each segment gets;
      crosstab and confusion are heat maps of counts. For predictions, roc, pr and
      calibration read the actual classes and a probability column (of positive=, for two
      classes) or one per class: the ROC curve with its area, precision against recall, and
      the share of each probability bin (bins=) that is of the class; importance draws the
      last importance; tree draws a tree model as its rules, a bar per leaf (the largest
      top=) labelled with the conditions that lead to it, its training rows split by class.
      For a lifetime model (the last, or the one named): holdout draws the
      mean holdout purchases against the model's expectation by calibration purchases (0 to
      7+); alive is a heat map of P(alive) by frequency and recency for a customer as old as
      the oldest; tracking draws cumulative repeat purchases, actual and expected, per unit
      of time since the first purchase.
      """,
    positionals: [
      PositionalSpec("kind", .choice(PlotKind.allCases.map(\.rawValue)), "what to draw"),
      PositionalSpec("columns", .column, required: false, repeating: true, "the columns (or label column) the chart reads"),
    ],
    options: [
      OptionSpec("to", .path, default: .described("none: the terminal and reports only"), "also write the chart as an SVG file"),
      OptionSpec("title", .text, default: .described("from the kind and columns"), "the chart's title"),
      fromOption,
    ],
    acceptsWhere: true,
    example: segmentExampleSetup + """
      plot hist income bins=8
      plot scatter age income color=segment
      plot profile segment
      """,
    variants: PlotKind.variants
  ) { inv in
    let kind = PlotKind(rawValue: inv.positionalText("kind") ?? "") ?? .hist
    try kind.check(inv)
    var chart = try kind.chart(inv)
    if let title = inv.text("title") { chart.title = title }
    inv.output(.chart(chart))
    if let raw = inv.text("to") {
      try AtomicFile.write(Data(SVGChartRenderer().render(chart).utf8), to: inv.path(raw))
      inv.message("wrote the chart to \(raw)")
    }
  }
}
