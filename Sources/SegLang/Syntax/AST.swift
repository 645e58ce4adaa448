/// An expression as written, with its source range.
struct Expression: Sendable, Equatable {
  indirect enum Kind: Sendable, Equatable {
    case name(String)  // a column, or a bare word (enum value, frame) that the command interprets
    case glob(String)
    case variable(String)
    case integer(Int)
    case decimal(Double)
    case string(String)
    case boolean(Bool)
    case percent(Double)  // 10% → 0.1
    case duration(days: Int)
    case date(Int)
    case missing
    case unary(String, Expression)  // "-" or "not"
    case binary(String, Expression, Expression)
    case call(String, [Expression])
    case isMissing(Expression, negated: Bool)
    case inList(Expression, [Expression], negated: Bool)
    case between(Expression, Expression, Expression)
    case range(Expression, Expression)  // 2..10
    case list([Expression])  // a,b,c
  }

  var kind: Kind
  var range: SourceRange

  /// The bare word, when the expression is just a name.
  var bareName: String? { if case .name(let n) = kind { n } else { nil } }

  /// The expressions directly inside this one, left to right.
  var children: [Expression] {
    switch kind {
    case .unary(_, let a), .isMissing(let a, _): [a]
    case .binary(_, let a, let b), .range(let a, let b): [a, b]
    case .call(_, let args), .list(let args): args
    case .inList(let a, let items, _): [a] + items
    case .between(let a, let lo, let hi): [a, lo, hi]
    default: []
    }
  }
}

/// `key=value` after a command.
struct OptionArgument: Sendable, Equatable {
  var key: String
  var keyRange: SourceRange
  var value: Expression
  var range: SourceRange { keyRange.union(value.range) }
}

/// One command line: `verb positionals [where cond] [key=value …] [as name]`.
struct Command: Sendable, Equatable {
  var verb: String
  var verbRange: SourceRange
  var positionals: [Expression] = []
  var condition: Expression? = nil
  var options: [OptionArgument] = []
  var outputName: String? = nil
  var outputRange: SourceRange? = nil
  /// The second name of a command that makes two things (`split … as train test`).
  var secondOutputName: String? = nil
  var secondOutputRange: SourceRange? = nil
  var range: SourceRange
}
