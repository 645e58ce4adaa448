/// A horizontal bar chart of labelled values (an elbow, a k-distance curve), with optional
/// marks beside some bars ("knee").
public struct BarChart: Sendable, Equatable {
  public var title: String
  public var labels: [String]
  public var values: [Double]
  /// A short note shown after a bar's value, by bar index.
  public var marks: [Int: String]

  public init(title: String, labels: [String], values: [Double], marks: [Int: String] = [:]) {
    self.title = title
    self.labels = labels
    self.values = values
    self.marks = marks
  }
}

/// Draws a bar chart as text that fits `width` columns: eighth-block bars in Unicode,
/// `#` in ASCII.
public struct TextBarChartRenderer: Sendable {
  public var width: Int
  public var unicode: Bool

  public init(width: Int, unicode: Bool = true) {
    self.width = width
    self.unicode = unicode
  }

  public func render(_ chart: BarChart) -> String {
    let labelWidth = chart.labels.map(\.count).max() ?? 0
    let texts = chart.values.map { ValueFormatter.number($0) }
    let markWidth = chart.marks.values.map { $0.count + 3 }.max() ?? 0
    let valueWidth = texts.map(\.count).max() ?? 0
    let room = max(10, width - labelWidth - valueWidth - markWidth - 4)
    let top = chart.values.filter(\.isFinite).map { abs($0) }.max() ?? 0
    var lines = [chart.title]
    for (i, label) in chart.labels.enumerated() {
      let v = chart.values[i]
      let length = top > 0 && v.isFinite ? abs(v) / top * Double(room) : 0
      let bar = unicode ? Self.blocks(length) : String(repeating: "#", count: Int(length.rounded()))
      let pad = String(repeating: " ", count: labelWidth - label.count)
      let mark = chart.marks[i].map { (unicode ? "  ◀ " : "  <- ") + $0 } ?? ""
      lines.append("\(pad)\(label) \(unicode ? "│" : "|")\(bar) \(texts[i])\(mark)")
    }
    return lines.joined(separator: "\n")
  }

  /// Whole blocks then one eighth-block for the remainder.
  private static func blocks(_ length: Double) -> String {
    let eighths = Int((length * 8).rounded())
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
    return String(repeating: "█", count: eighths / 8) + partial
  }
}
