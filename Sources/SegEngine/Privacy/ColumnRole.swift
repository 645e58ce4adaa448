/// What a column is to privacy: who it names, whether it identifies a person, and what the
/// person agreed to. Roles decide masking, exports, consent filters and small-group rules.
public enum ColumnRole: String, Sendable, Codable, CaseIterable {
  /// The customer's key (kept, shown: it names no one outside the business).
  case id
  /// Directly identifying (e-mail, phone, name, address, card, IBAN, IP): masked in all output.
  case pii
  /// Identifying in combination (age, postcode, gender): counted by the small-group rule.
  case quasi
  /// Whether the customer agreed to direct marketing: only a yes lets an action through.
  case consent
  /// Whether the customer objected to direct marketing: a yes keeps every action away.
  case objection
  /// A keyed pseudonym that `pseudonymise` made: joins still work, nothing is masked.
  case pseudonym

  /// What each role means, for help and errors.
  public var meaning: String {
    switch self {
    case .id: "the customer key"
    case .pii: "personal data, masked in every output"
    case .quasi: "identifying in combination with others"
    case .consent: "agreed to direct marketing (true/yes/1)"
    case .objection: "objected to direct marketing (true/yes/1)"
    case .pseudonym: "a keyed pseudonym"
    }
  }
}

extension DataFrame {
  /// The columns whose values are personal data, in frame order.
  public var personalColumns: [String] { columnNames.filter { roles[$0] == .pii } }

  /// The frame with `roles` for those of its columns they name (others keep theirs).
  public func withRoles(_ roles: [String: ColumnRole]) -> DataFrame {
    var out = self
    for name in columnNames { if let role = roles[name] { out.roles[name] = role } }
    return out
  }
}
