import SegEngine

/// The kinds of value an argument accepts; drives checking, help and completion.
public enum ValueKind: Sendable, Equatable {
  case integer(min: Int?, max: Int? = nil)
  case number
  /// A number within bounds (eps above 0).
  case numberIn(NumericBounds)
  /// A share: `10%` or `0.1`.
  case fraction
  case text
  case boolean
  case choice([String])
  /// A column name or glob of the frame the command reads.
  case column
  case expression
  case frame
  case path
  case integerRange
  case anyValue

  /// How the kind reads in help (`<n>`, `zscore|minmax`, …).
  var placeholder: String {
    switch self {
    case .integer: "<n>"
    case .number, .numberIn: "<number>"
    case .fraction: "<percent>"
    case .text: "\"<text>\""
    case .boolean: "true|false"
    case .choice(let c): c.joined(separator: "|")
    case .column: "<column>"
    case .expression: "<expression>"
    case .frame: "<frame>"
    case .path: "\"<file>\""
    case .integerRange: "<from>..<to>"
    case .anyValue: "<value>"
    }
  }
}

/// One `key=value` option of a command.
public struct OptionSpec: Sendable {
  public let name: String
  public let kind: ValueKind
  /// Lists are written `a,b,c`.
  public let list: Bool
  public let defaultValue: OptionDefault
  public let doc: String

  init(_ name: String, _ kind: ValueKind, list: Bool = false, default defaultValue: OptionDefault, _ doc: String) {
    self.name = name
    self.kind = kind
    self.list = list
    self.defaultValue = defaultValue
    self.doc = doc
  }

  /// The option that sets an estimator's hyperparameter, from its table entry.
  init(_ parameter: Parameter) {
    let kind: ValueKind = switch parameter.kind {
    case .integer(let lo, let hi): .integer(min: lo, max: hi == Int.max ? nil : hi)
    case .number(let bounds): .numberIn(bounds)
    case .fraction: .fraction
    case .choice(let words): .choice(words)
    case .boolean: .boolean
    }
    let defaultValue: OptionDefault = switch parameter.defaultValue {
    // A share reads as scripts write it: 1%.
    case .value(.number(let v)) where parameter.kind == .fraction: .literal(ValueFormatter.number(v * 100) + "%")
    case .value(let v): .literal(v.description)
    case .described(let text): .described(text)
    case .required: .required
    }
    self.init(parameter.name, kind, default: defaultValue, parameter.doc)
  }

  /// The options that set the hyperparameters of a table, in its order.
  static func options(_ table: ParameterTable) -> [OptionSpec] { table.parameters.map(OptionSpec.init) }

  /// The same option with another default (one method's among several).
  func with(default newDefault: OptionDefault) -> OptionSpec { OptionSpec(name, kind, list: list, default: newDefault, doc) }

  /// The same option taking a list of candidates (and, for a whole number, a range 2..8), for `tune`.
  var candidates: OptionSpec { OptionSpec(name, kind, list: true, default: defaultValue, doc) }

  /// A literal default parsed as the value of `name=` in a script.
  var literalValue: Expression? {
    guard case .literal(let text) = defaultValue else { return nil }
    return try? Parser.parse("x \(name)=\(text)").first?.options.first?.value
  }

  /// The default as help shows it; nil when the option is required.
  public var defaultText: String? {
    switch defaultValue {
    case .literal(let t), .described(let t): t
    case .required: nil
    }
  }
}

/// An option's default: a value written as in scripts (used when the option is absent),
/// a description of what happens without it, or none because it is required.
public enum OptionDefault: Sendable, Equatable, ExpressibleByStringLiteral {
  case literal(String)
  case described(String)
  case required

  public init(stringLiteral value: String) { self = .literal(value) }
}

/// A positional argument slot.
public struct PositionalSpec: Sendable {
  public let name: String
  public let kind: ValueKind
  public let required: Bool
  /// Takes every remaining positional value.
  public let repeating: Bool
  public let doc: String

  init(_ name: String, _ kind: ValueKind, required: Bool = true, repeating: Bool = false, _ doc: String) {
    self.name = name
    self.kind = kind
    self.required = required
    self.repeating = repeating
    self.doc = doc
  }
}

/// The families `help` groups verbs into.
public enum CommandFamily: String, Sendable, CaseIterable {
  case data = "Data"
  case transform = "Transform"
  case prepare = "Prepare"
  case features = "Features"
  case segment = "Segment"
  case predict = "Predict"
  case monitor = "Monitor"
  case privacy = "Privacy"
  case output = "Output"
  case session = "Session"
}

/// Everything about one verb: its arguments, its help, and the code that runs it.
public struct CommandSpec: Sendable {
  public let name: String
  public let family: CommandFamily
  public let summary: String
  /// A plain-language explanation a workshop participant understands.
  public let explanation: String
  public let positionals: [PositionalSpec]
  public let options: [OptionSpec]
  public let acceptsWhere: Bool
  /// What `as name` names, if the command accepts it.
  public let outputDoc: String?
  /// What a second name after `as` names, for a command that makes two things.
  public let secondOutputDoc: String?
  /// Doc for `name = expression` pairs, for commands that take them.
  public let assignmentsDoc: String?
  /// A script that runs on the built-in sample data.
  public let example: String
  /// For commands whose first word chooses a method or chart kind: the options of each.
  let variants: CommandVariants?
  let run: @Sendable (Invocation) throws -> Void

  init(
    _ name: String, family: CommandFamily, summary: String, explanation: String,
    positionals: [PositionalSpec] = [], options: [OptionSpec] = [], acceptsWhere: Bool = false,
    output outputDoc: String? = nil, secondOutput secondOutputDoc: String? = nil, assignments assignmentsDoc: String? = nil, example: String,
    variants: CommandVariants? = nil, run: @escaping @Sendable (Invocation) throws -> Void
  ) {
    self.name = name
    self.family = family
    self.summary = summary
    self.explanation = explanation
    self.positionals = positionals
    let variantOptions = variants?.allOptions ?? []
    self.options = variantOptions + options.filter { o in !variantOptions.contains { $0.name == o.name } }
    self.variants = variants
    self.acceptsWhere = acceptsWhere
    self.outputDoc = outputDoc
    self.secondOutputDoc = secondOutputDoc
    self.assignmentsDoc = assignmentsDoc
    self.example = example
    self.run = run
  }

  func option(_ name: String) -> OptionSpec? { options.first { $0.name == name } }

  /// The usage line: `select <columns…> [where <condition>] [from=<frame>] [as <frame>]`.
  public var usage: String { usage(for: nil) }

  /// The usage line of one method or chart kind (`cluster kmeans <columns>… k=<n> …`), or
  /// of the whole command when `variant` is nil.
  func usage(for variant: String?) -> String {
    var parts = [name]
    for p in positionals {
      if let variant, p.name == variants?.slot {
        parts.append(variant)
        continue
      }
      // A long list of choices (plot's kinds) is named by its slot; help lists them.
      let long = p.kind.placeholder.count > 60
      let core = p.kind == .choice([p.name]) ? p.name : (p.kind.placeholder == "<column>" || p.kind == .expression || long ? "<\(p.name)>" : p.kind.placeholder)
      let item = p.repeating ? "\(core)…" : core
      parts.append(p.required ? item : "[\(item)]")
    }
    if let a = assignmentsDoc { parts.append(a) }
    if acceptsWhere { parts.append("[where <condition>]") }
    for o in variant.map(options(after:)) ?? options {
      let v = o.list ? "\(o.kind.placeholder),…" : o.kind.placeholder
      parts.append(o.defaultText == nil ? "\(o.name)=\(v)" : "[\(o.name)=\(v)]")
    }
    if outputDoc != nil { parts.append(secondOutputDoc == nil ? "[as <name>]" : "[as <name> <name>]") }
    return parts.joined(separator: " ")
  }
}
