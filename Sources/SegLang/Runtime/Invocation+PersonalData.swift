import Foundation
import SegEngine

/// Personal data as commands meet it: columns arriving from outside, columns made from it.
extension Invocation {
  /// Text columns made from personal columns (`derive domain = …(email)`, `first(email)`)
  /// are personal too; numbers and flags computed from them are not.
  func markPersonal(_ made: [(name: String, expression: ColumnExpr)], in frame: DataFrame) {
    let personal = made.filter { m in
      frame.index(of: m.name).map { frame.columns[$0].type == .string } == true
        && m.expression.columnNames.contains { env.catalog.roles[$0] == .pii }
    }
    if !personal.isEmpty { env.catalog.setRoles(personal.map { ($0.name, .pii) }) }
  }

  /// Stores a frame that just arrived from outside (load, sample): columns that look like
  /// personal data, and that the session has no role for, become pii, with a warning that
  /// says how to clear the role.
  func storeArrived(_ frame: DataFrame, as name: String) {
    let findings = personalFindings(frame)
    var flagged = frame
    for f in findings { flagged.roles[f.column] = .pii }
    env.catalog.store(flagged, as: name)
    warnPersonal(findings)
  }

  /// A frame arrived on a cluster, judged by its first rows: columns that look personal
  /// become pii for the session, so whatever is pulled back is masked.
  func noteArrivedOnCluster(firstRows: DataFrame) {
    let findings = personalFindings(firstRows)
    if !findings.isEmpty { env.catalog.setRoles(findings.map { ($0.column, .pii) }) }
    warnPersonal(findings)
  }

  private func personalFindings(_ frame: DataFrame) -> [PersonalDataDetector.Finding] {
    PersonalDataDetector.scan(env.catalog.stamped(frame)).filter { !env.catalog.clearedRoles.contains($0.column) }
  }

  private func warnPersonal(_ findings: [PersonalDataDetector.Finding]) {
    guard let first = findings.first else { return }
    warning("\(findings.count == 1 ? "a column looks" : "columns look") like personal data, masked from now on and left out of exports: "
      + findings.map { "\($0.column) (\($0.reason))" }.joined(separator: ", ")
      + "; if one is not, clear its role: roles \(first.column)=none")
  }
}

/// "<10: 3 cells of fewer than 10 rows suppressed (privacy min_group=10)": the note under a
/// table or chart that left out small groups (`marked`: the table shows them as <10); nil
/// when none were.
func suppressionNote(_ count: Int, _ what: String, of unit: String, below minimum: Int, marked: Bool = true) -> String? {
  guard count > 0 else { return nil }
  return (marked ? "<\(minimum): " : "") + "\(plural(count, what)) of fewer than \(minimum) \(unit) suppressed (privacy min_group=\(minimum))"
}
