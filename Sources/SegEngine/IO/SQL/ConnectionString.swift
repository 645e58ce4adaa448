/// Connection strings as people may write them (`postgresql://user:secret@host/db`, or
/// `host=… password=…`), with the password found and hidden: it must never be printed,
/// saved in history, a notebook, a report or a manifest.
public enum ConnectionString {
  /// The text with every password in a connection string replaced by `***`.
  public static func redacted(_ text: String) -> String {
    var out = ""
    var last = text.startIndex
    for range in passwords(in: text) {
      out += text[last..<range.lowerBound] + "***"
      last = range.upperBound
    }
    return out + text[last...]
  }

  /// Whether the text holds a password (in a URL's user info or as `password=`), even one
  /// already redacted.
  public static func hasPassword(_ text: String) -> Bool { !passwords(in: text).isEmpty }

  /// Where the passwords are: `scheme://user:PASSWORD@host`, and `password=VALUE` (or a
  /// Spark Connect `token=VALUE`) in a keyword string or a URL's query (up to a space, `&`,
  /// `;` or a quote; `'…'` as a whole).
  static func passwords(in text: String) -> [Range<String.Index>] {
    var found: [Range<String.Index>] = []
    var rest = text[...]
    while let scheme = rest.range(of: "://") {
      rest = rest[scheme.upperBound...]
      let authorityEnd = rest.firstIndex(where: { "/?#\" '".contains($0) }) ?? rest.endIndex
      if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
        found.append(rest.index(after: colon)..<at)
        rest = rest[at...]
      }
    }
    // Spark Connect addresses carry a `token=` the same way: `sc://host/;token=VALUE;…`.
    for keyword in ["password=", "token="] {
      rest = text[...]
      while let key = rest.range(of: keyword, options: .caseInsensitive) {
        rest = rest[key.upperBound...]
        var end = rest.startIndex
        if rest.first == "'" {
          end = rest.index(after: end)
          while end < rest.endIndex, rest[end] != "'" { end = rest.index(after: end) }
          if end < rest.endIndex { end = rest.index(after: end) }
        } else {
          end = rest.firstIndex(where: { $0 == " " || $0 == "&" || $0 == "\"" || $0 == ";" }) ?? rest.endIndex
        }
        if end > rest.startIndex { found.append(rest.startIndex..<end) }
        rest = rest[end...]
      }
    }
    return found.sorted { $0.lowerBound < $1.lowerBound }
  }
}
