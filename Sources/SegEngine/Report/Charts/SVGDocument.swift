import Foundation

/// Collects SVG elements with coordinates printed to one decimal, so the same chart is the
/// same bytes everywhere.
struct SVGDocument {
  let width: Double
  let height: Double
  private(set) var elements: [String] = []

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  static func n(_ v: Double) -> String {
    let s = String(format: "%.1f", v.isFinite ? v : 0)
    return s.hasSuffix(".0") ? String(s.dropLast(2)) : (s == "-0" ? "0" : s)
  }

  /// Text made safe for XML: the five special characters escaped, control characters dropped.
  static func escape(_ s: String) -> String {
    var out = ""
    for ch in s.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: if ch.value >= 32 || ch == "\n" || ch == "\t" { out.unicodeScalars.append(ch) }
      }
    }
    return out
  }

  mutating func add(_ element: String) { elements.append(element) }

  /// A rectangle; `tooltip` becomes its SVG title (shown on hover).
  mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, tooltip: String? = nil) {
    let shape = "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, w)))\" height=\"\(Self.n(max(0, h)))\" fill=\"\(fill)\""
    add(tooltip.map { shape + "><title>\(Self.escape($0))</title></rect>" } ?? shape + "/>")
  }

  mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#444", extra: String = "") {
    add("<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\"\(extra)/>")
  }

  enum Anchor: String { case start, middle, end }

  mutating func text(_ x: Double, _ y: Double, _ s: String, anchor: Anchor = .start, size: Int = 12, extra: String = "") {
    add("<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor.rawValue)\"\(extra)>\(Self.escape(s))</text>")
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, fill: String = "none", extra: String = "") {
    let p = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
    add("<polyline points=\"\(p)\" fill=\"\(fill)\" stroke=\"\(stroke)\"\(extra)/>")
  }

  func render(title: String) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.n(width))" height="\(Self.n(height))" \
    viewBox="0 0 \(Self.n(width)) \(Self.n(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" role="img">
    <title>\(Self.escape(title))</title>
    <rect width="100%" height="100%" fill="#ffffff"/>
    \(elements.joined(separator: "\n"))
    </svg>

    """
  }
}
