/// An error or warning about a script, with where it happened and what to do.
public struct Diagnostic: Error, Sendable, Equatable {
  public enum Severity: String, Sendable { case error, warning }
  /// What kind of failure this is; decides the exit code of `seg run`.
  public enum Category: Sendable, Equatable {
    case script  // syntax, unknown command, column, option or value (exit 65)
    case runtime  // the data or the computation failed (exit 70)
    case io  // a file could not be read or written (exit 74)
    case interrupted  // Ctrl-C (exit 130)
  }

  public var severity: Severity = .error
  public var category: Category = .script
  public var message: String
  public var range: SourceRange?
  /// Text shown under the caret.
  public var label: String = ""
  /// A closing "help:" line.
  public var help: String? = nil

  public init(
    severity: Severity = .error, category: Category = .script, message: String, range: SourceRange? = nil,
    label: String = "", help: String? = nil
  ) {
    self.severity = severity
    self.category = category
    self.message = message
    self.range = range
    self.label = label
    self.help = help
  }
}

/// A diagnostic together with the source it points into.
public struct LocatedDiagnostic: Error, Sendable {
  public var diagnostic: Diagnostic
  public var source: SourceFile

  /// The diagnostic as the terminal shows it without colour (reports keep this).
  public var plainText: String { DiagnosticRenderer(color: false).render(diagnostic, in: source) }
}
