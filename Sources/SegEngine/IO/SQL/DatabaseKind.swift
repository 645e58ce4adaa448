/// The databases seg reads frames from and writes them to.
public enum DatabaseKind: String, Sendable, CaseIterable {
  case sqlite, postgres

  var dialect: SQLDialect {
    switch self {
    case .sqlite: .sqlite
    case .postgres: .postgres
    }
  }
}
