/// What an export does when the table is already there.
public enum SQLWriteMode: String, Sendable, CaseIterable {
  /// Make the table; refuse when it exists, so nothing is overwritten by accident.
  case create
  /// Drop the table and make it anew, in the same transaction as the rows.
  case replace
  /// Add the rows to the table, whose columns must take the frame's.
  case append
}
