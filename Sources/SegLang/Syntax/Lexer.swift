/// A failure to read a script: what and where, and whether more input could complete it.
struct SyntaxError: Error, Sendable {
  var message: String
  var range: SourceRange
  var label: String = ""
  var help: String? = nil
  /// True when the text ends in the middle of something (an open quote or parenthesis,
  /// a trailing `\`): the REPL then asks for another line instead of failing.
  var incomplete = false
}

/// Turns source text into tokens. Newlines end commands except after a trailing `\` or
/// inside parentheses; `#` starts a comment.
struct Lexer {
  private let b: [UInt8]
  private var i = 0
  private var depth = 0
  private var tokens: [Token] = []

  init(_ text: String) { b = Array(text.utf8) }

  static func tokenize(_ text: String) throws(SyntaxError) -> [Token] {
    var lexer = Lexer(text)
    return try lexer.run()
  }

  private func peek(_ k: Int = 0) -> UInt8 { i + k < b.count ? b[i + k] : 0 }
  private static func isIdentStart(_ c: UInt8) -> Bool { c == 95 || (c | 0x20) >= 97 && (c | 0x20) <= 122 || c >= 0x80 }
  private static func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }
  private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
  private func text(_ s: Int, _ e: Int) -> String { String(decoding: b[s..<e], as: UTF8.self) }

  private mutating func add(_ kind: Token.Kind, _ s: Int, _ text: String? = nil) {
    tokens.append(Token(kind: kind, text: text ?? self.text(s, i), range: SourceRange(s, i)))
  }

  private mutating func run() throws(SyntaxError) -> [Token] {
    while i < b.count {
      let c = b[i]
      let s = i
      switch c {
      case 32, 9, 13: i += 1
      case 35:  // # comment to end of line
        while i < b.count && b[i] != 10 { i += 1 }
      case 10:
        i += 1
        if depth == 0 && tokens.last.map({ $0.kind != .newline }) ?? false { add(.newline, s, "\n") }
      case 92:  // \ continues the line
        var k = i + 1
        while k < b.count && (b[k] == 32 || b[k] == 9 || b[k] == 13) { k += 1 }
        if k < b.count && b[k] == 35 { while k < b.count && b[k] != 10 { k += 1 } }
        guard k >= b.count || b[k] == 10 else {
          throw SyntaxError(message: "unexpected \\", range: SourceRange(s, s + 1), label: "a \\ continues a command only at the end of a line")
        }
        if k >= b.count {
          throw SyntaxError(message: "the command continues after \\, but the text ends", range: SourceRange(s, s + 1), incomplete: true)
        }
        i = k + 1
      case 34: try string()
      case 96:
        i += 1
        while i < b.count && b[i] != 96 && b[i] != 10 { i += 1 }
        guard i < b.count && b[i] == 96 else {
          throw SyntaxError(message: "unterminated `name`", range: SourceRange(s, i), label: "add the closing `", incomplete: i >= b.count)
        }
        i += 1
        add(.quotedIdentifier, s, text(s + 1, i - 1))
      case 36:  // $variable
        i += 1
        guard Self.isIdentStart(peek()) else {
          throw SyntaxError(message: "expected a variable name after $", range: SourceRange(s, i), label: "for example $k")
        }
        while Self.isIdentPart(peek()) { i += 1 }
        add(.variable, s, text(s + 1, i))
      case 46 where tokens.isEmpty || tokens.last?.kind == .newline:
        if peek(1) == 46 { fallthrough }
        if Self.isDigit(peek(1)) { try number() } else {
          i += 1
          while Self.isIdentPart(peek()) { i += 1 }
          add(.dot, s)
        }
      default:
        if Self.isDigit(c) || (c == 46 && Self.isDigit(peek(1))) {
          try number()
        } else if Self.isIdentStart(c) || (c == 42 && Self.isIdentStart(peek(1)) && precededBySpace(s)) {
          identifier()
        } else {
          try symbol()
        }
      }
    }
    if depth > 0 {
      throw SyntaxError(message: "a parenthesis is not closed", range: SourceRange(b.count, b.count), label: "add )", incomplete: true)
    }
    if tokens.last.map({ $0.kind != .newline }) ?? false { add(.newline, i, "\n") }
    tokens.append(Token(kind: .end, text: "", range: SourceRange(b.count, b.count)))
    return tokens
  }

  private func precededBySpace(_ s: Int) -> Bool { s == 0 || [32, 9, 10, 40, 44, 61].contains(b[s - 1]) }

  /// Words with punctuation that name a choice, read whole where an expression could not
  /// use them anyway (`k-means++` would end in an operator without an operand).
  private static let punctuatedWords = [Array("k-means++".utf8)]

  /// Identifiers and globs: `spend_*` and `*_total` are globs, `a*b` is a product.
  private mutating func identifier() {
    let s = i
    for word in Self.punctuatedWords where b[i...].starts(with: word) && !Self.isIdentPart(peek(word.count)) {
      i += word.count
      add(.identifier, s)
      return
    }
    var glob = false
    while true {
      let c = peek()
      if Self.isIdentPart(c) {
        i += 1
      } else if c == 42 {
        let next = peek(1)
        if i > s && (Self.isIdentPart(next) || next == 40) { break }
        glob = true
        i += 1
      } else {
        break
      }
    }
    add(glob ? .glob : .identifier, s)
  }

  private mutating func string() throws(SyntaxError) {
    let s = i
    i += 1
    var out: [UInt8] = []
    while i < b.count && b[i] != 34 {
      if b[i] == 92 && i + 1 < b.count {
        switch b[i + 1] {
        case 110: out.append(10)
        case 116: out.append(9)
        case 34, 92: out.append(b[i + 1])
        default:
          throw SyntaxError(message: "unknown escape \\\(text(i + 1, i + 2)) in a string", range: SourceRange(i, i + 2), label: "use \\\" \\\\ \\n or \\t")
        }
        i += 2
      } else {
        out.append(b[i])
        i += 1
      }
    }
    guard i < b.count else {
      throw SyntaxError(message: "unterminated string", range: SourceRange(s, i), label: "add the closing \"", incomplete: true)
    }
    i += 1
    add(.string, s, String(decoding: out, as: UTF8.self))
  }

  /// Numbers, and the literals that start with digits: 2011-12-09, 10%, 90d.
  private mutating func number() throws(SyntaxError) {
    let s = i
    if i + 10 <= b.count, (0..<10).allSatisfy({ k in [4, 7].contains(k) ? b[i + k] == 45 : Self.isDigit(b[i + k]) }),
      !Self.isIdentPart(peek(10))
    {
      i += 10
      add(.date, s)
      return
    }
    while Self.isDigit(peek()) { i += 1 }
    var decimal = false
    if peek() == 46 && Self.isDigit(peek(1)) {
      decimal = true
      i += 1
      while Self.isDigit(peek()) { i += 1 }
    }
    if (peek() | 0x20) == 101 && (Self.isDigit(peek(1)) || (peek(1) == 45 || peek(1) == 43) && Self.isDigit(peek(2))) {
      decimal = true
      i += 2
      while Self.isDigit(peek()) { i += 1 }
    }
    if peek() == 37 && !Self.isIdentPart(peek(1)) && !Self.isDigit(peek(1)) && peek(1) != 40 {
      let numberText = text(s, i)
      i += 1
      add(.percent, s, numberText)
      return
    }
    if !decimal && "dwh".utf8.contains(peek()) && !Self.isIdentPart(peek(1)) {
      i += 1
      add(.duration, s)
      return
    }
    if Self.isIdentStart(peek()) {
      while Self.isIdentPart(peek()) { i += 1 }
      throw SyntaxError(message: "\(text(s, i)) is not a number or a name", range: SourceRange(s, i), label: "names start with a letter; durations are like 90d or 4w")
    }
    add(decimal ? .decimal : .integer, s)
  }

  private mutating func symbol() throws(SyntaxError) {
    let s = i
    let two = i + 1 < b.count ? text(i, i + 2) : ""
    if ["==", "!=", "<=", ">=", ".."].contains(two) {
      i += 2
      add(.symbol, s)
      return
    }
    let c = b[i]
    guard "<>=+-*/%(),".utf8.contains(c) else {
      let ch = String(text(i, min(b.count, i + 1)).unicodeScalars.first.map(Character.init) ?? "?")
      var len = 1
      while i + len < b.count && b[i + len] & 0xC0 == 0x80 { len += 1 }
      var help = c == 39 ? "strings use double quotes: \"text\"" : c == 38 || c == 124 ? "write and / or" : ""
      if c == 46, i > 0, Self.isIdentPart(b[i - 1]) {
        // `load data.csv`: a file name written bare; suggest it quoted, as it stands.
        var (from, to) = (i, i)
        while from > 0, b[from - 1] != 32, b[from - 1] != 9, b[from - 1] != 61 { from -= 1 }
        while to < b.count, b[to] != 32, b[to] != 9, b[to] != 10 { to += 1 }
        help = "file names and other text go in double quotes: \"\(text(from, to))\""
      }
      throw SyntaxError(message: "unexpected character \(ch)", range: SourceRange(s, s + len), label: help)
    }
    if c == 40 {
      depth += 1
      // Each open parenthesis is a level of recursion later on: bound it, clearly.
      guard depth <= Parser.maximumNesting else {
        throw SyntaxError(message: "more than \(Parser.maximumNesting) parentheses are open here", range: SourceRange(s, s + 1),
          label: "too deeply nested", help: "compute the inner part with derive first")
      }
    }
    if c == 41 {
      guard depth > 0 else {
        throw SyntaxError(message: "unmatched )", range: SourceRange(s, s + 1), label: "remove it or add ( before")
      }
      depth -= 1
    }
    i += 1
    add(.symbol, s)
  }
}
