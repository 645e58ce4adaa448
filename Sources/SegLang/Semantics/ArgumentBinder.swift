import SegEngine

/// A command's arguments matched to its spec: positionals by slot, options by name, and the
/// `name = expression` pairs of commands that take them. Variables are already substituted.
struct BoundArguments {
  var positionals: [String: [Expression]] = [:]
  var options: [String: OptionArgument] = [:]
  var assignments: [OptionArgument] = []
  var condition: Expression?
}

/// Checks a parsed command against its spec (the only place argument rules live).
struct ArgumentBinder {
  let spec: CommandSpec
  /// Known variables (values when known; `check` knows only names).
  let variables: [String: Scalar?]

  func bind(_ cmd: Command) throws(Diagnostic) -> BoundArguments {
    // Help names the options of the method or chart kind the command chose, when it chose one.
    let chosen = cmd.positionals.first?.bareName.flatMap { spec.variants?.options(of: $0) != nil ? $0 : nil }
    var out = BoundArguments()
    for o in cmd.options {
      let value = try substitute(o.value)
      let bound = OptionArgument(key: o.key, keyRange: o.keyRange, value: value)
      if let optionSpec = spec.option(o.key) {
        guard out.options[o.key] == nil else {
          throw Diagnostic(message: "\(o.key)= is given twice", range: o.keyRange, label: "keep one")
        }
        if optionSpec.list, case .list(let items) = value.kind {
          for item in items { try check(item, against: optionSpec.kind, what: o.key + "=", variant: chosen) }
        } else if optionSpec.list, case .integer = optionSpec.kind, case .range(let lo, let hi) = value.kind {
          // A range of whole-number candidates: both ends in bounds, in order, not too many.
          try check(lo, against: optionSpec.kind, what: o.key + "=", variant: chosen)
          try check(hi, against: optionSpec.kind, what: o.key + "=", variant: chosen)
          if case .integer(let a) = lo.kind, case .integer(let b) = hi.kind, a > b || b - a >= 1_000 {
            throw Diagnostic(message: "\(o.key)= needs a range from low to high of at most 1,000 values", range: value.range, label: a > b ? "\(a) is above \(b)" : "too many values")
          }
        } else {
          try check(value, against: optionSpec.kind, what: o.key + "=", variant: chosen)
        }
        out.options[o.key] = bound
      } else if spec.assignmentsDoc != nil {
        out.assignments.append(bound)
      } else {
        let names = spec.options.map(\.name)
        throw Diagnostic(
          message: "unknown option \(o.key)= for \(spec.name)", range: o.keyRange,
          label: Suggestions.label(for: o.key, in: names, what: "options"),
          help: spec.positionals.contains(where: { $0.kind == .expression }) || spec.acceptsWhere
            ? "to compare, write \(o.key) == …; options of \(spec.name): \(names.joined(separator: ", "))"
            : names.isEmpty ? "\(spec.name) takes no options" : "usage: \(spec.usage(for: chosen))")
      }
    }
    var rest = try cmd.positionals.map { e throws(Diagnostic) in try substitute(e) }
    for slot in spec.positionals {
      var taken: [Expression] = []
      while let e = rest.first, taken.isEmpty || slot.repeating {
        // An optional word is left out when the value is not that word (a one-word slot) or
        // not a word at all (`load "file.csv"` has no source word before its path).
        if case .choice(let words) = slot.kind, !slot.required, words.count == 1 ? e.bareName != words[0] : e.bareName == nil { break }
        try check(e, against: slot.kind, what: slot.name, variant: chosen)
        taken.append(e)
        rest.removeFirst()
      }
      if taken.isEmpty && slot.required {
        throw Diagnostic(
          message: "\(spec.name) needs \(slot.kind == .expression ? "a" : "") \(slot.name)".replacingOccurrences(of: "  ", with: " "),
          range: SourceRange(cmd.range.end, cmd.range.end + 1),
          label: "add \(slot.kind.placeholder)", help: "usage: \(spec.usage(for: chosen))")
      }
      out.positionals[slot.name] = taken
    }
    if let extra = rest.first {
      throw Diagnostic(
        message: "unexpected \(describe(extra)) after \(spec.name)", range: extra.range,
        label: spec.positionals.isEmpty ? "\(spec.name) takes no values here" : "not part of \(spec.name)",
        help: "usage: \(spec.usage(for: chosen))")
    }
    if let c = cmd.condition {
      guard spec.acceptsWhere else {
        throw Diagnostic(message: "\(spec.name) does not take where", range: c.range, label: "remove the condition", help: "usage: \(spec.usage(for: chosen))")
      }
      out.condition = try substitute(c)
    }
    if let r = cmd.outputRange, spec.outputDoc == nil {
      throw Diagnostic(message: "\(spec.name) does not take as", range: r, label: "remove as \(cmd.outputName ?? "")")
    }
    if let r = cmd.secondOutputRange, spec.secondOutputDoc == nil {
      throw Diagnostic(message: "\(spec.name) makes one thing: as takes one name", range: r, label: "remove \(cmd.secondOutputName ?? "")")
    }
    try checkOptionsFit(out, cmd, variant: chosen)
    return out
  }

  /// Options of another method or chart kind are refused, naming the ones that take them;
  /// every required option must be given, and one of each either-or group (k= or distance=).
  /// A mode word such as `rfm rules` opens a form without the command's required options.
  private func checkOptionsFit(_ args: BoundArguments, _ cmd: Command, variant: String?) throws(Diagnostic) {
    var applicable = spec.options
    var what = spec.name
    var groups: [[String]] = []
    if let variants = spec.variants, let word = variant, let own = variants.options(of: word) {
      what = "\(spec.name) \(word)"
      for o in cmd.options where own.contains(where: { $0.name == o.key }) == false {
        let owners = variants.owners(of: o.key)
        guard !owners.isEmpty else { continue }
        throw Diagnostic(message: "\(o.key)= is not an option of \(what)", range: o.range, label: "\(o.key)= is for \(spec.name) \(owners.joined(separator: ", "))")
      }
      applicable = own + spec.options.filter { o in variants.owners(of: o.name).isEmpty }
      groups = variants.oneOf[word] ?? []
    }
    let modeChosen = spec.positionals.contains { slot in
      if case .choice(let words) = slot.kind, words.count == 1, !slot.required { return args.positionals[slot.name]?.isEmpty == false }
      return false
    }
    guard !modeChosen else { return }
    let end = SourceRange(cmd.range.end, cmd.range.end + 1)
    for o in applicable where o.defaultValue == .required && args.options[o.name] == nil {
      throw Diagnostic(message: "\(what) needs \(o.name)= (\(o.doc))", range: end,
        label: "add \(o.name)=\(o.kind.placeholder)", help: "usage: \(spec.usage(for: variant))")
    }
    for group in groups {
      let given = group.filter { args.options[$0] != nil }
      if given.isEmpty {
        throw Diagnostic(message: "\(what) needs \(group.map { $0 + "=" }.joined(separator: " or "))", range: end,
          label: "add \(group[0])=", help: "usage: \(spec.usage(for: variant))")
      }
      if given.count > 1, let second = args.options[given[1]] {
        throw Diagnostic(message: "give \(group.map { $0 + "=" }.joined(separator: " or ")), not both", range: second.keyRange, label: "remove one")
      }
    }
  }

  private func describe(_ e: Expression) -> String {
    switch e.kind {
    case .name(let n): "\"\(n)\""
    case .string(let s): "\"\(s)\""
    default: "value"
    }
  }

  /// Replaces `$name` by the variable's value.
  func substitute(_ e: Expression) throws(Diagnostic) -> Expression {
    func sub(_ e: Expression) throws(Diagnostic) -> Expression {
      var out = e
      switch e.kind {
      case .variable(let name):
        guard let known = variables[name] else {
          throw Diagnostic(
            message: "unknown variable $\(name)", range: e.range,
            label: Suggestions.label(for: name, in: Array(variables.keys).sorted().map { $0 }, what: "variables"),
            help: "define it first with let \(name) = …, or pass --set \(name)=… to seg run")
        }
        guard let value = known else { return e }
        out.kind = Self.literal(value)
      case .unary(let op, let a): out.kind = .unary(op, try sub(a))
      case .binary(let op, let a, let b): out.kind = .binary(op, try sub(a), try sub(b))
      case .call(let f, let args): out.kind = .call(f, try args.map { a throws(Diagnostic) in try sub(a) })
      case .isMissing(let a, let n): out.kind = .isMissing(try sub(a), negated: n)
      case .inList(let a, let l, let n):
        out.kind = .inList(try sub(a), try l.map { x throws(Diagnostic) in try sub(x) }, negated: n)
      case .between(let a, let lo, let hi): out.kind = .between(try sub(a), try sub(lo), try sub(hi))
      case .range(let lo, let hi): out.kind = .range(try sub(lo), try sub(hi))
      case .list(let items): out.kind = .list(try items.map { x throws(Diagnostic) in try sub(x) })
      default: break
      }
      return out
    }
    return try sub(e)
  }

  static func literal(_ v: Scalar) -> Expression.Kind {
    switch v {
    case .missing: .missing
    case .int(let x): .integer(x)
    case .double(let x): .decimal(x)
    case .string(let s): .string(s)
    case .bool(let b): .boolean(b)
    case .date(let d): .date(d)
    case .datetime(let t): .date(t / 86400)
    }
  }

  /// Checks that a value has the kind an argument needs (unresolved variables pass); help
  /// shows the usage of `variant` (a clustering method, a chart kind) when the command chose one.
  func check(_ e: Expression, against kind: ValueKind, what: String, variant: String?) throws(Diagnostic) {
    if case .variable = e.kind { return }
    func fail(_ expected: String, _ label: String = "") -> Diagnostic {
      Diagnostic(message: "\(what) needs \(expected)", range: e.range, label: label, help: "usage: \(spec.usage(for: variant))")
    }
    switch kind {
    case .integer(let min, let max):
      guard case .integer(let v) = e.kind else { throw fail("a whole number", "for example \(min ?? 1)") }
      let bounds = NumericBounds(min: min.map(Double.init), max: max.map(Double.init))
      if let min, v < min { throw fail("a whole number \(bounds.description)", "\(v) is too small") }
      if let max, v > max { throw fail("a whole number \(bounds.description)", "\(v) is too large") }
    case .number:
      switch e.kind {
      case .integer, .decimal: break
      default: throw fail("a number")
      }
    case .numberIn(let bounds):
      let v: Double
      switch e.kind {
      case .integer(let i): v = Double(i)
      case .decimal(let d): v = d
      default: throw fail("a number \(bounds.description)")
      }
      guard bounds.contains(v) else { throw fail("a number \(bounds.description)", "out of range") }
    case .fraction:
      switch e.kind {
      case .percent(let p) where (0...1).contains(p): break
      case .decimal(let p) where (0...1).contains(p): break
      case .integer(let p) where p == 0 || p == 1: break
      default: throw fail("a share between 0% and 100%", "for example 10% or 0.1")
      }
    case .path:
      guard case .string = e.kind else { throw fail("a file name in double quotes", "for example \"…\"") }
    case .text:
      switch e.kind {
      case .string, .name: break  // a plain word needs no quotes: suffix=_z
      default: throw fail("text", "for example \"…\"")
      }
    case .boolean:
      guard case .boolean = e.kind else { throw fail("true or false") }
    case .choice(let words):
      let word: String? = switch e.kind {
      case .name(let n): n
      case .string(let s): s
      default: nil
      }
      guard let word, words.contains(word) else {
        let label = word.map { Suggestions.label(for: $0, in: words, what: "choose from") } ?? "choose from: \(words.joined(separator: ", "))"
        throw Diagnostic(
          message: word.map { "unknown value \"\($0)\" for \(what)" } ?? "\(what) needs one of \(words.joined(separator: ", "))",
          range: e.range, label: label.isEmpty ? "choose from: \(words.joined(separator: ", "))" : label, help: "usage: \(spec.usage(for: variant))")
      }
    case .column:
      switch e.kind {
      case .name, .glob: break
      default: throw fail("a column name", "write the name bare, or in `backticks` if it has spaces")
      }
    case .frame:
      guard case .name = e.kind else { throw fail("a frame name") }
    case .integerRange:
      switch e.kind {
      case .range(let lo, let hi):
        guard case .integer = lo.kind, case .integer = hi.kind else { throw fail("a range of whole numbers", "for example 2..10") }
      case .integer: break
      default: throw fail("a range like 2..10")
      }
    case .expression, .anyValue:
      switch e.kind {
      case .range, .list: throw fail("a single value")
      case .glob: throw fail("a column name, not a pattern")
      default: break
      }
    }
  }
}
