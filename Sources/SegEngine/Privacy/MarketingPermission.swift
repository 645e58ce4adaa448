/// Who may be sent direct marketing: customers whose consent columns all say yes and whose
/// objection columns do not. Missing consent is no consent (consent must be given);
/// a missing objection is none.
public enum MarketingPermission {
  /// Why a customer gets no action.
  public enum Refusal: String, Sendable, CaseIterable {
    case noConsent = "no consent"
    case objected = "objected"
  }

  /// Texts read as yes and as no, compared in lower case.
  static let yes: Set<String> = ["true", "yes", "y", "1", "t", "opt-in", "opt_in", "optin", "opted_in", "granted", "given"]
  static let no: Set<String> = ["false", "no", "n", "0", "f", "opt-out", "opt_out", "optout", "opted_out", "denied", "withdrawn", "refused"]

  /// Per row, why it may not be marketed to (nil: it may), from the frame's `consent` and
  /// `objection` columns; nil when the frame has neither.
  public static func refusals(_ frame: DataFrame) throws -> [Refusal?]? {
    let consent = frame.columnNames.filter { frame.roles[$0] == .consent }
    let objection = frame.columnNames.filter { frame.roles[$0] == .objection }
    guard !consent.isEmpty || !objection.isEmpty else { return nil }
    var out = [Refusal?](repeating: nil, count: frame.rowCount)
    for name in objection {
      for (row, said) in try answers(frame.column(name)).enumerated() where said == true { out[row] = .objected }
    }
    for name in consent {
      for (row, said) in try answers(frame.column(name)).enumerated() where said != true && out[row] == nil { out[row] = .noConsent }
    }
    return out
  }

  /// Each row's yes (true), no (false) or missing (nil); an answer that is neither is an
  /// error naming its row.
  public static func answers(_ column: Column) throws -> [Bool?] {
    try (0..<column.count).map { row in
      switch column.value(at: row) {
      case .missing: return nil
      case .bool(let b): return b
      case .int(let v) where v == 0 || v == 1: return v == 1
      case .string(let s) where yes.contains(s.lowercased()): return true
      case .string(let s) where no.contains(s.lowercased()): return false
      case let other:
        throw EngineError.invalidParameter(
          name: column.name, value: "row \(row + 1): \(ValueFormatter.plain(other))",
          reason: "is neither yes nor no; a consent or objection column holds true/false, yes/no or 1/0")
      }
    }
  }
}
