/// Parses tokens into commands. The grammar is the same for every verb:
///   command    -> VERB item* NEWLINE
///   item       -> option | "where" expr | "as" NAME [NAME] | expr
///   option     -> (NAME | NUMBER | STRING) "=" value
///   value      -> expr (".." expr)? ("," expr)*
struct Parser {
  private let tokens: [Token]
  private var p = 0
  /// How many `not`s or unary minuses the parser is inside.
  private var nesting = 0

  init(tokens: [Token]) { self.tokens = tokens }

  /// The deepest an expression may be: every later stage walks it recursively, so a longer
  /// chain (5,000 `or`s) would overflow the stack instead of giving an error.
  static let maximumNesting = 256

  static func parse(_ text: String) throws(SyntaxError) -> [Command] {
    var parser = Parser(tokens: try Lexer.tokenize(text))
    let commands = try parser.program()
    for cmd in commands {
      for e in cmd.positionals + cmd.options.map(\.value) + (cmd.condition.map { [$0] } ?? []) { try checkDepth(e) }
    }
    return commands
  }

  /// Refuses an expression deeper than `maximumNesting`, measured without recursion.
  private static func checkDepth(_ root: Expression) throws(SyntaxError) {
    var stack = [(root, 1)]
    while let (e, depth) = stack.popLast() {
      guard depth <= maximumNesting else {
        let orChain = if case .binary("or", _, _) = root.kind { true } else { false }
        throw SyntaxError(message: "this expression is nested more than \(maximumNesting) levels deep", range: root.range,
          label: "too deep", help: orChain ? "a long chain of x == a or x == b … is x in (a, b, …)" : "split it: derive parts of it first, or filter in steps")
      }
      for child in e.children { stack.append((child, depth + 1)) }
    }
  }

  private var current: Token { tokens[p] }
  private func next(_ k: Int = 1) -> Token { tokens[min(p + k, tokens.count - 1)] }
  private mutating func advance() -> Token {
    let t = tokens[p]
    if p < tokens.count - 1 { p += 1 }
    return t
  }

  mutating func program() throws(SyntaxError) -> [Command] {
    var commands: [Command] = []
    while current.kind != .end {
      if current.kind == .newline {
        _ = advance()
        continue
      }
      commands.append(try command())
    }
    return commands
  }

  /// command -> VERB item* NEWLINE
  private mutating func command() throws(SyntaxError) -> Command {
    let verb = current
    guard verb.kind == .identifier, !next().isSymbol("=") else {
      throw SyntaxError(message: "a command starts with a verb", range: verb.range, label: "for example: load, show, help",
        help: next().isSymbol("=") ? "to set a variable, write let \(verb.text) = …" : "type help to list the verbs")
    }
    _ = advance()
    var cmd = Command(verb: verb.text, verbRange: verb.range, range: verb.range)
    while current.kind != .newline && current.kind != .end {
      if isOptionStart {
        let key = advance()
        _ = advance()  // =
        guard current.kind != .newline && current.kind != .end else {
          throw SyntaxError(message: "\(key.text)= needs a value", range: key.range.union(tokens[p - 1].range), label: "for example \(key.text)=5")
        }
        let value = try optionValue()
        let keyText = key.text
        cmd.options.append(OptionArgument(key: keyText, keyRange: key.range, value: value))
      } else if current.isKeyword("where") {
        let w = advance()
        guard cmd.condition == nil else {
          throw SyntaxError(message: "where appears twice", range: w.range, label: "combine conditions with and")
        }
        guard current.kind != .newline && current.kind != .end else {
          throw SyntaxError(message: "where needs a condition", range: w.range, label: "for example: where age > 30")
        }
        cmd.condition = try expression()
      } else if current.isKeyword("as") {
        let a = advance()
        guard current.kind == .identifier || current.kind == .quotedIdentifier, !Keywords.all.contains(current.text) || current.kind == .quotedIdentifier else {
          throw SyntaxError(message: "as needs a name", range: a.range.union(current.range), label: "for example: as customers")
        }
        let name = advance()
        cmd.outputName = name.text
        cmd.outputRange = name.range
        if current.kind == .identifier && !Keywords.all.contains(current.text) || current.kind == .quotedIdentifier {
          let second = advance()
          cmd.secondOutputName = second.text
          cmd.secondOutputRange = second.range
        }
        guard current.kind == .newline || current.kind == .end else {
          throw SyntaxError(message: "as name ends the command", range: current.range, label: "move this before as")
        }
      } else {
        cmd.positionals.append(try expression())
      }
    }
    cmd.range = verb.range.union(tokens[max(0, p - 1)].range)
    if current.kind == .newline { _ = advance() }
    return cmd
  }

  private var isOptionStart: Bool {
    let k = current.kind
    return (k == .identifier && !Keywords.all.contains(current.text) || k == .quotedIdentifier || k == .integer || k == .string)
      && next().isSymbol("=")
  }

  /// value -> expr (".." expr)? ("," expr)*
  private mutating func optionValue() throws(SyntaxError) -> Expression {
    var first = try expression()
    if current.isSymbol("..") {
      _ = advance()
      let hi = try expression()
      first = Expression(kind: .range(first, hi), range: first.range.union(hi.range))
    }
    guard current.isSymbol(",") else { return first }
    var items = [first]
    while current.isSymbol(",") {
      let comma = advance()
      if isOptionStart {
        throw SyntaxError(message: "separate name=value pairs with spaces, not commas", range: comma.range, label: "replace , with a space")
      }
      items.append(try expression())
    }
    return Expression(kind: .list(items), range: first.range.union(items.last!.range))
  }

  // MARK: Expressions, lowest precedence first

  mutating func expression() throws(SyntaxError) -> Expression { try or() }

  private mutating func or() throws(SyntaxError) -> Expression {
    var lhs = try and()
    while current.isKeyword("or") {
      _ = advance()
      let rhs = try and()
      lhs = Expression(kind: .binary("or", lhs, rhs), range: lhs.range.union(rhs.range))
    }
    return lhs
  }

  private mutating func and() throws(SyntaxError) -> Expression {
    var lhs = try not()
    while current.isKeyword("and") {
      _ = advance()
      let rhs = try not()
      lhs = Expression(kind: .binary("and", lhs, rhs), range: lhs.range.union(rhs.range))
    }
    return lhs
  }

  private mutating func not() throws(SyntaxError) -> Expression {
    if current.isKeyword("not") {
      let t = advance()
      nesting += 1
      defer { nesting -= 1 }
      guard nesting <= Self.maximumNesting else { throw SyntaxError(message: "too many nots in a row", range: t.range) }
      let e = try not()
      return Expression(kind: .unary("not", e), range: t.range.union(e.range))
    }
    return try comparison()
  }

  /// comparison -> sum (op sum | "in" list | "between" sum "and" sum | "is" "not"? "missing")?
  private mutating func comparison() throws(SyntaxError) -> Expression {
    let lhs = try sum()
    if current.kind == .symbol && ["==", "!=", "<", "<=", ">", ">="].contains(current.text) {
      let op = advance().text
      let rhs = try sum()
      return Expression(kind: .binary(op, lhs, rhs), range: lhs.range.union(rhs.range))
    }
    var negated = false
    if current.isKeyword("not") && (next().isKeyword("in") || next().isKeyword("between")) {
      negated = true
      _ = advance()
    }
    if current.isKeyword("in") {
      _ = advance()
      guard current.isSymbol("(") else {
        throw SyntaxError(message: "in needs a list in parentheses", range: current.range, label: "for example: region in (\"North\", \"East\")")
      }
      _ = advance()
      var items: [Expression] = []
      while !current.isSymbol(")") {
        items.append(try expression())
        if current.isSymbol(",") { _ = advance() } else if !current.isSymbol(")") {
          throw SyntaxError(message: "expected , or ) in the list", range: current.range)
        }
      }
      let close = advance()
      return Expression(kind: .inList(lhs, items, negated: negated), range: lhs.range.union(close.range))
    }
    if current.isKeyword("between") {
      _ = advance()
      let lo = try sum()
      guard current.isKeyword("and") else {
        throw SyntaxError(message: "between needs and", range: current.range, label: "for example: age between 18 and 30")
      }
      _ = advance()
      let hi = try sum()
      let e = Expression(kind: .between(lhs, lo, hi), range: lhs.range.union(hi.range))
      return negated ? Expression(kind: .unary("not", e), range: e.range) : e
    }
    if current.isKeyword("is") {
      _ = advance()
      var neg = false
      if current.isKeyword("not") {
        neg = true
        _ = advance()
      }
      guard current.isKeyword("missing") else {
        throw SyntaxError(message: "expected missing after is", range: current.range, label: "write: is missing, or is not missing")
      }
      let m = advance()
      return Expression(kind: .isMissing(lhs, negated: neg), range: lhs.range.union(m.range))
    }
    return lhs
  }

  private mutating func sum() throws(SyntaxError) -> Expression {
    var lhs = try product()
    while current.kind == .symbol && (current.text == "+" || current.text == "-") {
      let op = advance().text
      let rhs = try product()
      lhs = Expression(kind: .binary(op, lhs, rhs), range: lhs.range.union(rhs.range))
    }
    return lhs
  }

  private mutating func product() throws(SyntaxError) -> Expression {
    var lhs = try unary()
    while current.kind == .symbol && ["*", "/", "%"].contains(current.text) {
      let op = advance().text
      let rhs = try unary()
      lhs = Expression(kind: .binary(op, lhs, rhs), range: lhs.range.union(rhs.range))
    }
    return lhs
  }

  private mutating func unary() throws(SyntaxError) -> Expression {
    if current.isSymbol("-") {
      let t = advance()
      nesting += 1
      defer { nesting -= 1 }
      guard nesting <= Self.maximumNesting else { throw SyntaxError(message: "too many minus signs in a row", range: t.range) }
      let e = try unary()
      switch e.kind {
      case .integer(let v): return Expression(kind: .integer(-v), range: t.range.union(e.range))
      case .decimal(let v): return Expression(kind: .decimal(-v), range: t.range.union(e.range))
      default: return Expression(kind: .unary("-", e), range: t.range.union(e.range))
      }
    }
    return try atom()
  }

  private mutating func atom() throws(SyntaxError) -> Expression {
    let t = current
    switch t.kind {
    case .integer:
      _ = advance()
      guard let v = Int(t.text) else {
        throw SyntaxError(message: "\(t.text) is too large for a whole number", range: t.range)
      }
      return Expression(kind: .integer(v), range: t.range)
    case .decimal:
      _ = advance()
      return Expression(kind: .decimal(Double(t.text) ?? .nan), range: t.range)
    case .percent:
      _ = advance()
      return Expression(kind: .percent((Double(t.text) ?? 0) / 100), range: t.range)
    case .duration:
      _ = advance()
      guard t.text.last != "h" else {
        throw SyntaxError(message: "durations are whole days or weeks", range: t.range, label: "use d or w, for example 1d or 4w")
      }
      let count = Int(t.text.dropLast()).map { t.text.last == "w" ? $0.multipliedReportingOverflow(by: 7) : ($0, false) }
      guard let (days, overflow) = count, !overflow else {
        throw SyntaxError(message: "\(t.text) is more days than a whole number holds", range: t.range, label: "durations go up to 9,223,372,036,854,775,807 days")
      }
      return Expression(kind: .duration(days: days), range: t.range)
    case .date:
      _ = advance()
      guard let d = DateLiteral.days(t.text) else {
        throw SyntaxError(message: "\(t.text) is not a valid date", range: t.range, label: "dates are YYYY-MM-DD")
      }
      return Expression(kind: .date(d), range: t.range)
    case .string:
      _ = advance()
      return Expression(kind: .string(t.text), range: t.range)
    case .variable:
      _ = advance()
      return Expression(kind: .variable(t.text), range: t.range)
    case .glob:
      _ = advance()
      return Expression(kind: .glob(t.text), range: t.range)
    case .quotedIdentifier:
      _ = advance()
      return Expression(kind: .name(t.text), range: t.range)
    case .identifier:
      switch t.text {
      case "true", "false":
        _ = advance()
        return Expression(kind: .boolean(t.text == "true"), range: t.range)
      case "missing":
        _ = advance()
        return Expression(kind: .missing, range: t.range)
      case let k where Keywords.all.contains(k):
        throw SyntaxError(message: "expected a value, found \(k)", range: t.range, label: "\(k) is a keyword; quote a column of that name as `\(k)`")
      default: break
      }
      _ = advance()
      if current.isSymbol("(") && current.range.start == t.range.end {
        _ = advance()
        var args: [Expression] = []
        while !current.isSymbol(")") {
          args.append(try expression())
          if current.isSymbol(",") { _ = advance() } else if !current.isSymbol(")") {
            throw SyntaxError(message: "expected , or ) after an argument of \(t.text)()", range: current.range)
          }
        }
        let close = advance()
        return Expression(kind: .call(t.text, args), range: t.range.union(close.range))
      }
      return Expression(kind: .name(t.text), range: t.range)
    case .symbol where t.text == "(":
      _ = advance()
      let e = try expression()
      guard current.isSymbol(")") else {
        throw SyntaxError(message: "expected )", range: current.range, label: "close the parenthesis opened here", incomplete: current.kind == .end)
      }
      let close = advance()
      return Expression(kind: e.kind, range: t.range.union(close.range))
    case .symbol where t.text == "=":
      throw SyntaxError(message: "use == to compare", range: t.range, label: "= only sets options (k=4); write ==")
    case .newline, .end:
      throw SyntaxError(message: "the command ends where a value was expected", range: t.range, label: "add a value")
    default:
      throw SyntaxError(message: "unexpected \(t.text)", range: t.range, label: "expected a value, a column or a name")
    }
  }
}

/// Dates written in scripts: `YYYY-MM-DD`.
enum DateLiteral {
  static func days(_ text: String) -> Int? {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return SegEngineCalendar.days(parts[0], parts[1], parts[2])
  }
}
