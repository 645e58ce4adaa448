/// What a report documents of the processing of personal data (GDPR Art. 30): why, on what
/// legal basis, which columns hold personal data and with which roles, who was filtered
/// out for consent, the small-group threshold and how long data is kept.
public struct ProcessingRecord: Sendable, Equatable {
  /// The lawful bases of GDPR Art. 6(1).
  public enum Basis: String, Sendable, CaseIterable {
    case consent, contract, legal_obligation, vital_interests, public_task, legitimate_interest
  }

  /// One stated purpose.
  public struct Purpose: Sendable, Equatable {
    public var text: String
    public var basis: Basis
    public var retention: String?
    public init(text: String, basis: Basis, retention: String?) {
      self.text = text
      self.basis = basis
      self.retention = retention
    }
  }

  public var purposes: [Purpose]
  /// Every column with a role, by name, in name order.
  public var roles: [(column: String, role: ColumnRole)]
  public var minGroup: Int?

  public init(purposes: [Purpose], roles: [String: ColumnRole], minGroup: Int?) {
    self.purposes = purposes
    self.roles = roles.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    self.minGroup = minGroup
  }

  public static func == (a: Self, b: Self) -> Bool {
    a.purposes == b.purposes && a.minGroup == b.minGroup && a.roles.map(\.column) == b.roles.map(\.column) && a.roles.map(\.role) == b.roles.map(\.role)
  }

  /// Whether there is anything to record: a purpose, a role or a threshold.
  public var isEmpty: Bool { purposes.isEmpty && roles.isEmpty && minGroup == nil }

  /// The record as tables, as every report format shows them.
  public var tables: [Table] {
    var out: [Table] = []
    if !purposes.isEmpty {
      out.append(Table(title: "purposes", headers: ["purpose", "legal basis", "retention"],
        rows: purposes.map { [$0.text, $0.basis.rawValue.replacingOccurrences(of: "_", with: " "), $0.retention ?? "not stated"] }))
    }
    let personal = roles.filter { $0.role == .pii }.map(\.column)
    let consent = roles.filter { $0.role == .consent || $0.role == .objection }.map { "\($0.column) (\($0.role.rawValue))" }
    let others = roles.filter { ![.pii, .consent, .objection].contains($0.role) }.map { "\($0.column) (\($0.role.rawValue))" }
    let list = { (names: [String]) in names.isEmpty ? "none" : names.joined(separator: ", ") }
    out.append(Table(title: "personal data", headers: ["what", "columns"], rows: [
      ["masked personal data", list(personal)],
      ["consent filter", list(consent)],
      ["other roles", list(others)],
      ["smallest group", minGroup.map { "\($0) customers" } ?? "no threshold"],
    ], note: "personal data is masked in every output; customers without consent get no action"))
    return out
  }
}
