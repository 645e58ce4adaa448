@preconcurrency import CReadline
@preconcurrency import Foundation
@preconcurrency import Glibc
import SegLang

/// Prints a session's output and diagnostics: results on stdout, errors on stderr, in order.
final class OutputPrinter {
  var color: Bool
  let session: () -> Session?

  init(color: Bool, session: @escaping () -> Session?) {
    self.color = color
    self.session = session
  }

  /// Runs before anything is written (erases a progress line).
  var beforeWrite: (() -> Void)?

  func print(_ item: OutputItem) {
    beforeWrite?()
    let width = session()?.display.width ?? Terminal.width
    let height = fitHeight ? Terminal.height.map { max(5, $0 - 6) } : nil
    let text = TextPresenter(
      width: width, unicode: session()?.display.unicode ?? (Terminal.unicode || !Terminal.stdoutIsTerminal), color: color, height: height
    ).render(item)
    if case .warning = item {
      Terminal.writeError(text)
    } else {
      Swift.print(text)
      Terminal.checkOutputWritten()
    }
  }

  /// At the prompt, tables are cut to the terminal's height.
  var fitHeight = false

  /// At the prompt an interruption is a plain "Interrupted." rather than a located error.
  var plainInterruptions = false

  func report(_ problems: [LocatedDiagnostic]) {
    beforeWrite?()
    let renderer = DiagnosticRenderer(color: color && Terminal.colorAllowed(STDERR_FILENO))
    for p in problems {
      if plainInterruptions && p.diagnostic.category == .interrupted {
        Terminal.writeError("Interrupted.")
      } else {
        Terminal.writeError(renderer.render(p.diagnostic, in: p.source))
      }
    }
  }
}
