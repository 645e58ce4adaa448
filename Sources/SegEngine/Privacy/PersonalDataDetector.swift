/// Finds columns that look like personal data, by name or by value, when data is loaded.
public enum PersonalDataDetector {
  /// A column that looks personal, and why.
  public struct Finding: Sendable, Equatable {
    public var column: String
    public var reason: String
  }

  /// Name words that mean personal data on their own (compared whole, after splitting
  /// snake_case, kebab-case and camelCase, so `zip` finds `zip_code` but not `shipping`).
  static let personalWords: Set<String> = [
    "email", "phone", "mobile", "telephone", "tel", "address", "street", "postcode", "zip",
    "zipcode", "postal", "dob", "birthdate", "birthday", "ssn", "iban", "ip", "passport", "surname",
    "firstname", "lastname", "fullname",
  ]
  /// Words that may follow a personal word in the name of a column that holds it.
  static let trailingWords: Set<String> = ["address", "addr", "number", "no", "num", "nr", "line", "code", "1", "2", "3", "primary", "main", "home", "work"]
  /// Words that make a following `name` a person's (`first_name`, `customer_name`).
  static let personQualifiers: Set<String> = ["first", "last", "full", "given", "family", "middle", "customer", "contact", "person", "sur", "maiden"]
  /// Name word pairs that mean personal data together (`card_number`, `date_of_birth`).
  static let personalPairs: Set<[String]> = [
    ["card", "number"], ["credit", "card"], ["cc", "number"], ["birth", "date"], ["of", "birth"],
    ["national", "id"], ["tax", "id"], ["account", "number"],
  ]
  /// How many distinct values a column's value check reads at most.
  static let valuesChecked = 1000
  /// The share of checked values that must be of one kind.
  static let valueShare = 0.8

  /// The columns of `frame` that look personal, in frame order, skipping those with a role.
  public static func scan(_ frame: DataFrame) -> [Finding] {
    frame.columns.compactMap { column in
      guard frame.roles[column.name] == nil else { return nil }
      if let word = personalName(column.name) { return Finding(column: column.name, reason: "its name says \(word)") }
      if let kind = valueKind(column) { return Finding(column: column.name, reason: "its values are \(kind.rawValue)") }
      return nil
    }
  }

  /// The word or words of `name` that say it is personal, if any.
  static func personalName(_ name: String) -> String? {
    let words = nameWords(name)
    // `email_address` and `home_phone` hold one, `email_opt_in` and `phone_verified` say
    // something about one: a personal word counts when only its own kind of word follows.
    for (i, w) in words.enumerated() where personalWords.contains(w) {
      if words[(i + 1)...].allSatisfy(trailingWords.contains) { return w }
    }
    for (a, b) in zip(words, words.dropFirst()) {
      if personalPairs.contains([a, b]) { return "\(a) \(b)" }
      if b == "name" && personQualifiers.contains(a) { return "\(a) name" }
    }
    return words == ["name"] ? "name" : nil
  }

  /// `customerEmail`, `customer_email` and `Customer-Email` all give [customer, email].
  static func nameWords(_ name: String) -> [String] {
    var words: [String] = []
    var current = ""
    var previousLower = false
    for ch in name {
      if ch.isLetter || ch.isNumber {
        if ch.isUppercase && previousLower && !current.isEmpty {
          words.append(current)
          current = ""
        }
        current += ch.lowercased()
        previousLower = ch.isLowercase || ch.isNumber
      } else {
        if !current.isEmpty { words.append(current) }
        current = ""
        previousLower = false
      }
    }
    if !current.isEmpty { words.append(current) }
    return words.reduce(into: []) { out, w in
      // "e-mail" and "E_Mail" are one word.
      if w == "mail", out.last == "e" { out[out.count - 1] = "email" } else { out.append(w) }
    }
  }

  /// The kind most of a column's distinct values are: text checked by pattern, whole
  /// numbers of card length by the Luhn check.
  static func valueKind(_ column: Column) -> PersonalDataPatterns.Kind? {
    var texts: [String] = []
    switch column.storage {
    case .string(_, let levels):
      // The levels are the distinct values; reading them, not the rows, keeps load fast.
      texts = Array(levels.prefix(valuesChecked))
    case .int(let values):
      // Card numbers have 13 digits or more: the first shorter value rules the column out.
      var seen = Set<Int>()
      for (i, v) in values.enumerated() where column.isValid(i) {
        guard v >= 1_000_000_000_000 else { return nil }
        if seen.insert(v).inserted { texts.append(String(v)) }
        if texts.count == valuesChecked { break }
      }
    default: return nil
    }
    guard !texts.isEmpty else { return nil }
    var counts: [PersonalDataPatterns.Kind: Int] = [:]
    for t in texts { if let k = PersonalDataPatterns.kind(of: t) { counts[k, default: 0] += 1 } }
    let best = PersonalDataPatterns.Kind.allCases.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) }!
    return Double(counts[best] ?? 0) >= valueShare * Double(texts.count) ? best : nil
  }
}
