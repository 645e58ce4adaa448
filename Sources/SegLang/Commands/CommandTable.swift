/// The one list of commands: parsing, checking, help, completion and suggestions all read it.
public enum CommandTable {
  static let all: [CommandSpec] = [
    load, sample, use, frames, show, head, describe, columns,
    select, drop, rename, filter, derive, sort, dedupe, aggregate, crosstab, join,
    impute, clip, winsorize, outliers, transform, scale, encode, pca, pipeline,
    rfm, clv, lifetime, datefeatures,
    cluster, sweep, evaluate, kdist,
    profile, explain, name, save, assign, rule, rules, apply, coverage, recommend,
    split, train, predict, crossval, tune, importance, metrics,
    drift, monitor, refit, migrate, uplift,
    plot, report, export, letCommand, help,
    roles, reveal, pseudonymise, privacy, purpose, forget,
    connect, collect, disconnect, sql,
  ]

  /// Verbs that leave no trace in the notebook, the report or `.save`: help pages, and
  /// personal data revealed at the prompt.
  static let unrecorded: Set<String> = ["help", "reveal"]

  private static let byName: [String: CommandSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

  static func spec(named name: String) -> CommandSpec? { byName[name] }

  /// Every verb, in table order.
  public static var names: [String] { all.map(\.name) }
}
