import SegEngine

/// One piece of a command's output, kept structured so the REPL, files and reports can
/// each render it their own way.
public enum OutputItem: Sendable, Equatable {
  case table(Table)
  /// A short confirmation of what a command did ("loaded 440 rows × 8 columns").
  case message(String)
  case warning(String)
  /// Preformatted text (help pages).
  case text(String)
  case chart(Chart)
}

/// Renders output items as terminal text.
public struct TextPresenter: Sendable {
  public var width: Int
  public var unicode: Bool
  public var color: Bool
  /// The most table rows to print (a terminal's height); nil prints them all.
  public var height: Int?

  public init(width: Int, unicode: Bool = true, color: Bool = false, height: Int? = nil) {
    self.width = width
    self.unicode = unicode
    self.color = color
    self.height = height
  }

  public func render(_ item: OutputItem) -> String {
    switch item {
    case .table(var t):
      if let height, t.rows.count > height {
        t.hiddenRows += t.rows.count - height
        t.rows.removeLast(t.rows.count - height)
        t.moreRowsHint = "cut to the terminal's height; enlarge it, or export the frame"
      }
      return TextTableRenderer(width: width, unicode: unicode).render(t)
    case .message(let m): return VisibleText.escaped(m, keepingNewlines: true)
    case .warning(let w): return (color ? "\u{1B}[1;33mwarning\u{1B}[0m" : "warning") + ": " + VisibleText.escaped(w, keepingNewlines: true)
    case .text(let t): return VisibleText.escaped(t, keepingNewlines: true)
    case .chart(let chart):
      // At the prompt a scatter plot shrinks to fit the terminal with its axes and legend.
      let text = TextChartRenderer(width: width, unicode: unicode, plotHeight: height.map { min(18, $0 - 6) } ?? 18).render(chart)
      return VisibleText.escaped(text, keepingNewlines: true)
    }
  }
}

extension OutputItem {
  /// The item as a report shows it.
  var notebookOutput: NotebookOutput {
    switch self {
    case .table(let t): .table(t)
    case .message(let m): .message(m)
    case .warning(let w): .warning(w)
    case .text(let t): .text(t)
    case .chart(let c): .chart(c)
    }
  }
}
