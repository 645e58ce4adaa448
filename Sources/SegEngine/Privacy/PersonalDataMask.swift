/// How personal values look in output: enough shape to recognise the kind of value, too
/// little to recover it (as database dynamic masking shows them).
public enum PersonalDataMask {
  /// `j***@***.com`, `***** **58` (phones, cards and IBANs keep their last digits), `A***`.
  public static func mask(_ text: String) -> String {
    let chars = Array(text)
    guard chars.count > 2 else { return "***" }
    let bytes = Array(text.utf8)
    if PersonalDataPatterns.isEmail(bytes), let dot = chars.lastIndex(of: ".") {
      return "\(chars[0])***@***\(String(chars[dot...]))"
    }
    let digits = chars.filter(\.isNumber)
    if digits.count >= 8 && digits.count * 2 >= chars.count {
      // Card numbers keep four (as receipts print them), phone numbers two.
      let kept = PersonalDataPatterns.isCardNumber(bytes) || PersonalDataPatterns.isIBAN(bytes) ? 4 : 2
      return "***" + String(digits.suffix(kept))
    }
    return "\(chars[0])***"
  }

  /// The text shown for one value of a personal column.
  public static func mask(_ value: Scalar) -> Scalar {
    value.isMissing ? .missing : .string(mask(ValueFormatter.plain(value)))
  }
}

extension DataFrame {
  /// `value` of column `name` as output may show it: masked when the column is personal.
  public func shown(_ value: Scalar, of name: String) -> Scalar {
    roles[name] == .pii ? PersonalDataMask.mask(value) : value
  }
}
