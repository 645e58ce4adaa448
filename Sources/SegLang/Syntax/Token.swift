/// A lexical token with its source range.
struct Token: Equatable, Sendable {
  enum Kind: Equatable, Sendable {
    case identifier  // also keywords and verbs; `text` is the name
    case quotedIdentifier  // `odd name`
    case glob  // spend_*
    case variable  // $k; `text` is the name without $
    case integer, decimal
    case percent  // 10% ; `text` is the number
    case duration  // 90d ; `text` is the whole token
    case date  // 2011-12-09
    case string  // "…" ; `text` is the unescaped content
    case symbol  // == != <= >= < > = + - * / % ( ) , ..
    case dot  // a leading .command
    case newline, end
  }

  var kind: Kind
  var text: String
  var range: SourceRange

  func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
  func isKeyword(_ s: String) -> Bool { kind == .identifier && text == s }
}

/// Words that are part of the language's grammar, so they cannot name columns unquoted.
enum Keywords {
  static let all: Set<String> = ["and", "or", "not", "in", "between", "is", "missing", "where", "as", "true", "false"]
}
