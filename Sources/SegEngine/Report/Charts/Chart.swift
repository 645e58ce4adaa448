/// A chart ready to draw, as plain data: the terminal draws it as text, reports as SVG.
public struct Chart: Sendable, Equatable {
  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var body: Body
  /// A line under the chart (what was sampled or cut).
  public var note: String?

  public init(title: String, xLabel: String = "", yLabel: String = "", body: Body, note: String? = nil) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.body = body
    self.note = note
  }

  /// What the chart shows; each case is one kind of picture.
  public enum Body: Sendable, Equatable {
    /// Labelled horizontal bars (counts per value, a k-distance curve).
    case bars(BarChart)
    case histogram(Histogram)
    /// Bars per category split into series (actions per segment).
    case stacked(StackedBars)
    case scatter(ScatterPlot)
    /// Points joined by a line (inertia by k), some of them marked.
    case line(LinePlot)
    case curves(CurvePlot)
    case silhouette(SilhouettePlot)
    case heatmap(HeatMap)
    case dendrogram(Dendrogram)
    case flow(FlowDiagram)
  }
}

/// Counts of values in equal-width bins: `edges` has one more entry than `counts`.
public struct Histogram: Sendable, Equatable {
  public var edges: [Double]
  public var counts: [Int]

  public init(edges: [Double], counts: [Int]) {
    self.edges = edges
    self.counts = counts
  }

  /// Bins as numpy.histogram makes them: `bins` equal widths from the least to the largest
  /// value, the last bin closed on the right. NaN values are left out.
  public static func of(_ values: [Double], bins: Int) -> Histogram {
    let present = values.filter { !$0.isNaN }
    guard let lo = present.min(), let hi0 = present.max(), bins > 0 else { return Histogram(edges: [0, 1], counts: [0]) }
    let (low, high) = lo == hi0 ? (lo - 0.5, hi0 + 0.5) : (lo, hi0)
    let width = (high - low) / Double(bins)
    let edges = (0...bins).map { $0 == bins ? high : low + Double($0) * width }
    var counts = Array(repeating: 0, count: bins)
    for v in present {
      var b = Int((v - low) / width)
      b = min(max(b, 0), bins - 1)
      // Floating-point division can land one bin off at an edge; the edges decide.
      if b > 0 && v < edges[b] { b -= 1 } else if b < bins - 1 && v >= edges[b + 1] { b += 1 }
      counts[b] += 1
    }
    return Histogram(edges: edges, counts: counts)
  }
}

/// Bars per category, each split into the values of several series.
public struct StackedBars: Sendable, Equatable {
  public var categories: [String]
  public var series: [String]
  /// values[category][series]
  public var values: [[Double]]
  /// Each category on a line of its own above its bar, whole: for long labels that must be
  /// read in full (a tree's rules), where a label beside the bar would be cut.
  public var labelsAbove: Bool

  public init(categories: [String], series: [String], values: [[Double]], labelsAbove: Bool = false) {
    self.categories = categories
    self.series = series
    self.values = values
    self.labelsAbove = labelsAbove
  }
}

/// Points in two dimensions, each in one group, with the groups' centres.
public struct ScatterPlot: Sendable, Equatable {
  public var x: [Double]
  public var y: [Double]
  /// The group of each point, an index into `groups`.
  public var group: [Int]
  public var groups: [String]
  /// One centre per group (x, y), or none.
  public var centers: [(Double, Double)]?

  public init(x: [Double], y: [Double], group: [Int], groups: [String], centers: [(Double, Double)]? = nil) {
    self.x = x
    self.y = y
    self.group = group
    self.groups = groups
    self.centers = centers
  }

  public static func == (a: ScatterPlot, b: ScatterPlot) -> Bool {
    a.x == b.x && a.y == b.y && a.group == b.group && a.groups == b.groups
      && a.centers?.map(\.0) == b.centers?.map(\.0) && a.centers?.map(\.1) == b.centers?.map(\.1)
  }
}

/// A line through points; `marks` notes some of them by index ("knee").
public struct LinePlot: Sendable, Equatable {
  public var x: [Double]
  public var y: [Double]
  public var marks: [Int: String]

  public init(x: [Double], y: [Double], marks: [Int: String] = [:]) {
    self.x = x
    self.y = y
    self.marks = marks
  }
}

/// Named curves, on axes from 0 to 1 (ROC, precision-recall, calibration) unless ranges are
/// given (lifetime checks), with a reference line for comparison (chance, perfect
/// calibration, the positive share).
public struct CurvePlot: Sendable, Equatable {
  public enum Reference: Sendable, Equatable {
    /// y = x.
    case diagonal
    /// y = the value.
    case level(Double)
  }

  public var names: [String]
  public var x: [[Double]]
  public var y: [[Double]]
  public var reference: Reference?
  /// Whether each point is marked (few points, each meaningful: calibration bins).
  public var dots: Bool
  public var xRange: ClosedRange<Double>
  public var yRange: ClosedRange<Double>

  public init(names: [String], x: [[Double]], y: [[Double]], reference: Reference?, dots: Bool = false,
              xRange: ClosedRange<Double> = 0...1, yRange: ClosedRange<Double> = 0...1) {
    self.names = names
    self.x = x
    self.y = y
    self.reference = reference
    self.dots = dots
    self.xRange = xRange
    self.yRange = yRange
  }
}

/// Silhouette values per segment, each segment's sorted from high to low.
public struct SilhouettePlot: Sendable, Equatable {
  public var groups: [String]
  public var values: [[Double]]
  /// The mean over every row.
  public var mean: Double

  public init(groups: [String], values: [[Double]], mean: Double) {
    self.groups = groups
    self.values = values.map { $0.sorted(by: >) }
    self.mean = mean
  }
}

/// A grid of values (segments × features) shown as shades, with the value in each cell.
public struct HeatMap: Sendable, Equatable {
  public var rows: [String]
  public var columns: [String]
  /// values[row][column]
  public var values: [[Double]]
  /// Cell text, as the value should read.
  public var cells: [[String]]
  public var scale: Scale

  /// What the shading shows.
  public enum Scale: Sendable, Equatable {
    /// Values are standard deviations from a base: shaded both ways, full at 2.
    case deviation
    /// Values are amounts (counts, shares): shaded by their size against the largest.
    case magnitude
  }

  public init(rows: [String], columns: [String], values: [[Double]], cells: [[String]], scale: Scale = .deviation) {
    self.rows = rows
    self.columns = columns
    self.values = values
    self.cells = cells
    self.scale = scale
  }

  /// The values as the shading reads them: deviations as they are, amounts as 2 × their
  /// share of the largest (so both reach full shade at 2).
  var shadingValues: [[Double]] {
    guard scale == .magnitude else { return values }
    let largest = values.joined().filter(\.isFinite).map(abs).max() ?? 0
    return values.map { $0.map { largest > 0 && $0.isFinite ? 2 * $0 / largest : 0 } }
  }
}
