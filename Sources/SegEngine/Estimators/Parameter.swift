/// One hyperparameter of an estimator, as data: what scripts call it, the values it takes,
/// its default and a one-line doc. Estimators publish these tables; the language reads them
/// to bind options, check scripts, write help, complete and fill the run manifest.
public struct Parameter: Sendable, Equatable {
  public let name: String
  public let kind: ParameterKind
  public let defaultValue: ParameterDefault
  public let doc: String

  public init(_ name: String, _ kind: ParameterKind, default defaultValue: ParameterDefault, _ doc: String) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.doc = doc
  }
}

/// The values a hyperparameter takes.
public enum ParameterKind: Sendable, Equatable {
  case integer(min: Int, max: Int)
  case number(NumericBounds)
  /// A share from 0 to 1, written `10%` or `0.1`.
  case fraction
  case choice([String])
  case boolean

  /// Whether `value` is of this kind and within its bounds.
  public func accepts(_ value: ParameterValue) -> Bool {
    switch (self, value) {
    case (.integer(let lo, let hi), .integer(let v)): lo <= v && v <= hi
    case (.number(let b), .integer(let v)): b.contains(Double(v))
    case (.number(let b), .number(let v)): b.contains(v)
    case (.fraction, .number(let v)): (0...1).contains(v)
    case (.fraction, .integer(let v)): v == 0 || v == 1
    case (.choice(let words), .word(let w)): words.contains(w)
    case (.boolean, .boolean): true
    default: false
    }
  }

  /// What a value must be, for messages: "a whole number from 1 to 10,000".
  public var expected: String {
    switch self {
    case .integer(let lo, let hi): "a whole number \(NumericBounds(min: Double(lo), max: Double(hi)).description)"
    case .number(let b): b.min == nil && b.max == nil ? "a number" : "a number \(b.description)"
    case .fraction: "a share between 0% and 100%"
    case .choice(let words): "one of " + words.joined(separator: ", ")
    case .boolean: "true or false"
    }
  }
}

/// The range a number may take; the lower end may be open (eps above 0).
public struct NumericBounds: Sendable, Equatable {
  public var min: Double?
  public var max: Double?
  public var minExclusive: Bool

  public init(min: Double? = nil, max: Double? = nil, minExclusive: Bool = false) {
    self.min = min
    self.max = max
    self.minExclusive = minExclusive
  }

  /// Above zero.
  public static let positive = NumericBounds(min: 0, minExclusive: true)
  /// Zero or more.
  public static let nonNegative = NumericBounds(min: 0)

  public func contains(_ v: Double) -> Bool {
    guard v.isFinite else { return false }
    if let min, minExclusive ? v <= min : v < min { return false }
    if let max, v > max { return false }
    return true
  }

  /// "above 0", "at least 1", "from 1 to 100", "at most 5".
  public var description: String {
    let show = { (v: Double) in v == v.rounded() && abs(v) < 1e15 ? ValueFormatter.grouped(Int(v)) : "\(v)" }
    switch (min, max) {
    case (let lo?, let hi?) where !minExclusive: return "from \(show(lo)) to \(show(hi))"
    case (let lo?, let hi?): return "above \(show(lo)) and at most \(show(hi))"
    case (let lo?, nil): return minExclusive ? "above \(show(lo))" : "of at least \(show(lo))"
    case (nil, let hi?): return "of at most \(show(hi))"
    case (nil, nil): return "(any)"
    }
  }
}

/// A hyperparameter's default: a value, a description of what happens without one (n_init
/// depends on init=), or none because it must be given.
public enum ParameterDefault: Sendable, Equatable {
  case value(ParameterValue)
  case described(String)
  case required
}

/// A hyperparameter's value as scripts write it.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
  case integer(Int)
  case number(Double)
  case word(String)
  case boolean(Bool)

  /// The value written as in a script: `300`, `0.0001`, `k-means++`, `true`.
  public var description: String {
    switch self {
    case .integer(let v): String(v)
    case .number(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    case .word(let w): w
    case .boolean(let b): String(b)
    }
  }
}
