/// Value checks that tell personal data from look-alikes: the checksums (Luhn, IBAN's
/// mod 97) make a card or account number more than a long run of digits.
public enum PersonalDataPatterns {
  /// What kind of personal value a text is, if any.
  public enum Kind: String, Sendable, CaseIterable {
    case email = "e-mail addresses"
    case phone = "phone numbers (E.164)"
    case iban = "IBANs"
    case card = "card numbers"
    case ipv4 = "IPv4 addresses"
  }

  /// The kind `text` is, checking the strictest first.
  public static func kind(of text: String) -> Kind? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 7, bytes.count <= 64 else { return nil }
    if isEmail(bytes) { return .email }
    if isIBAN(bytes) { return .iban }
    if isCardNumber(bytes) { return .card }
    if isIPv4(bytes) { return .ipv4 }
    if isPhone(bytes) { return .phone }
    return nil
  }

  static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
  static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }

  /// local@domain.tld: one @, a dotted domain of letters, digits and hyphens, a letter TLD.
  static func isEmail(_ b: [UInt8]) -> Bool {
    guard let at = b.firstIndex(of: 64), at > 0, b.lastIndex(of: 64) == at else { return false }
    let local = b[..<at], domain = b[(at + 1)...]
    guard local.allSatisfy({ $0 > 32 && $0 < 127 && $0 != 34 && $0 != 44 }) else { return false }
    let labels = domain.split(separator: 46, omittingEmptySubsequences: false)
    guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy(isLetter) else { return false }
    return labels.allSatisfy { !$0.isEmpty && $0.allSatisfy { isLetter($0) || isDigit($0) || $0 == 45 } }
  }

  /// +, a country code not starting with 0, 8 to 15 digits in all; spaces, dots, hyphens
  /// and parentheses between them as people write them.
  static func isPhone(_ b: [UInt8]) -> Bool {
    guard b.first == 43 else { return false }
    var digits = 0
    for (i, c) in b.dropFirst().enumerated() {
      if isDigit(c) {
        if digits == 0 && c == 48 { return false }
        digits += 1
      } else if !(c == 32 || c == 45 || c == 46 || c == 40 || c == 41) || i == 0 {
        return false
      }
    }
    return digits >= 8 && digits <= 15
  }

  /// Two letters, two check digits, 11 to 30 letters and digits (spaces allowed), whose
  /// rearranged number is 1 modulo 97 (ISO 13616).
  static func isIBAN(_ b: [UInt8]) -> Bool {
    let compact = b.filter { $0 != 32 }
    guard compact.count >= 15, compact.count <= 34, isLetter(compact[0]), isLetter(compact[1]),
      isDigit(compact[2]), isDigit(compact[3]), compact.allSatisfy({ isLetter($0) || isDigit($0) })
    else { return false }
    var remainder = 0
    for c in compact[4...] + compact[..<4] {
      if isDigit(c) {
        remainder = (remainder * 10 + Int(c - 48)) % 97
      } else {
        remainder = (remainder * 100 + Int((c | 0x20) - 97 + 10)) % 97
      }
    }
    return remainder == 1
  }

  /// 13 to 19 digits (spaces or hyphens between groups) passing the Luhn check.
  static func isCardNumber(_ b: [UInt8]) -> Bool {
    var digits: [Int] = []
    for c in b {
      if isDigit(c) { digits.append(Int(c - 48)) } else if c != 32 && c != 45 { return false }
    }
    return digits.count >= 13 && digits.count <= 19 && luhn(digits)
  }

  /// The Luhn check: every second digit from the right doubled, the sum a multiple of 10.
  public static func luhn(_ digits: [Int]) -> Bool {
    var sum = 0
    for (i, d) in digits.reversed().enumerated() {
      let v = i % 2 == 1 ? d * 2 : d
      sum += v > 9 ? v - 9 : v
    }
    return sum % 10 == 0
  }

  /// Four dot-separated numbers 0–255 without leading zeros.
  static func isIPv4(_ b: [UInt8]) -> Bool {
    let parts = b.split(separator: 46, omittingEmptySubsequences: false)
    guard parts.count == 4 else { return false }
    return parts.allSatisfy { p in
      guard !p.isEmpty, p.count <= 3, p.allSatisfy(isDigit), p.count == 1 || p.first != 48 else { return false }
      return p.reduce(0) { $0 * 10 + Int($1 - 48) } <= 255
    }
  }
}
