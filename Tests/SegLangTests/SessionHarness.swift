import SegEngine
@testable import SegLang

/// Runs source text in a fresh session and collects what a user would see, rendered.
final class SessionHarness {
  var output: [String] = []
  /// The items themselves, as the session produced them.
  var items: [OutputItem] = []
  private(set) var session: Session!

  init(baseDirectory: String = ".") {
    session = Session(baseDirectory: baseDirectory, today: 20_089) { [unowned self] item in
      self.items.append(item)
      self.output.append(TextPresenter(width: 100, unicode: true).render(item))
    }
    session.environmentVariable = { $0 == "SEG_PSEUDONYM_KEY" ? Self.pseudonymKey : nil }
  }

  /// The pseudonym key every harness session finds in SEG_PSEUDONYM_KEY.
  static let pseudonymKey = "0123456789abcdef0123456789abcdef"

  /// Runs `source` named `t.seg`; returns the rendered diagnostics ("" when it succeeded).
  @discardableResult
  func run(_ source: String, name: String = "t.seg") -> String {
    switch session.run(SourceFile(name: name, text: source)) {
    case .completed: return ""
    case .failed(let problems):
      return problems.map { DiagnosticRenderer().render($0.diagnostic, in: $0.source) }.joined(separator: "\n")
    }
  }
}
