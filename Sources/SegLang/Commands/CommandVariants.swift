import SegEngine

/// The options of a command whose first positional chooses among variants (a clustering
/// method, a chart kind): which options each variant takes, with its own defaults, and which
/// of them it needs. Binding, completion, help and the manifest all read it.
struct CommandVariants: Sendable {
  /// The positional slot whose word chooses the variant.
  let slot: String
  /// Per variant word, in the order help lists them: its options.
  let options: [(word: String, options: [OptionSpec])]
  /// Per variant: groups of options of which exactly one must be given.
  let oneOf: [String: [[String]]]

  init(slot: String, _ options: [(word: String, options: [OptionSpec])], oneOf: [String: [[String]]] = [:]) {
    self.slot = slot
    self.options = options
    self.oneOf = oneOf
  }

  func options(of word: String) -> [OptionSpec]? { options.first { $0.word == word }?.options }

  /// The variants that take `option`, in order.
  func owners(of option: String) -> [String] { options.filter { $0.options.contains { $0.name == option } }.map(\.word) }

  /// Every option of every variant once, in first-seen order; an option whose default
  /// differs between variants shows the most common one and names the others
  /// (`300 (minibatch, gmm: 100)`).
  var allOptions: [OptionSpec] {
    var order: [String] = []
    var byName: [String: [(word: String, option: OptionSpec)]] = [:]
    for (word, list) in options {
      for o in list {
        if byName[o.name] == nil { order.append(o.name) }
        byName[o.name, default: []].append((word, o))
      }
    }
    return order.map { name in
      let uses = byName[name]!
      var groups: [(text: String, words: [String])] = []
      for (word, o) in uses {
        let text = o.defaultText ?? "required"  // the text the page shows for this variant
        if let i = groups.firstIndex(where: { $0.text == text }) { groups[i].words.append(word) } else { groups.append((text, [word])) }
      }
      guard groups.count > 1 else { return uses[0].option }
      let ordered = groups.enumerated().sorted { ($0.element.words.count, -$0.offset) > ($1.element.words.count, -$1.offset) }.map(\.element)
      let rest = ordered.dropFirst().map { "\($0.words.joined(separator: ", ")): \($0.text)" }.joined(separator: "; ")
      return uses[0].option.with(default: .described("\(ordered[0].text) (\(rest))"))
    }
  }
}
