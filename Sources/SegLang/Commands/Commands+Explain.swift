import SegEngine

/// Explaining segments with a decision tree whose paths read as seg conditions.
extension CommandTable {
  static let explain = CommandSpec(
    "explain", family: .segment, summary: "if-then rules that say who is in each segment",
    explanation: """
      Trains a decision tree (CART, as scikit-learn's DecisionTreeClassifier) to predict the
      segment from the frame's own values (a column made by scale or transform with suffix=
      is replaced by the column it was made from), and prints each of its leaves as a condition you can paste into a rule, with how many of
      the segment it covers and how pure it is. Fidelity is the share of customers the
      tree puts in their own segment: high fidelity means the rules describe the segments
      well. Importance is each feature's share of what the tree learned. A deeper tree is
      more faithful and harder to read; depth=3 is a good start.
      """,
    positionals: [labelsSlot],
    options: [
      OptionSpec("depth", .integer(min: 1), default: "3", "the most tests on the way to a leaf"),
      OptionSpec("using", .column, list: true, default: .described("the clustering's columns"), "the features the rules may test"),
      OptionSpec("min_leaf", .integer(min: 1), default: "1", "the fewest customers in a leaf"),
      OptionSpec("seed", .integer(min: 0), default: "0", "orders the features tried, which decides between equally good splits"),
      fromOption,
    ],
    acceptsWhere: true,
    example: segmentExampleSetup + "explain segment depth=2\n"
  ) { inv in
    let view = try SegmentView(inv, featureOption: "using", withCategories: false)
    var features: [[Double]] = [], names: [String] = []
    /// Per feature: the source column, and the category for one-hot indicators of text.
    var sources: [(column: String, category: String?)] = []
    for name in view.features {
      let column = try view.frame.column(name)
      if column.type.isNumeric {
        features.append(column.doubles()!)
        names.append(name)
        sources.append((name, nil))
      } else {
        let values = (0..<column.count).map { column.value(at: $0) }
        for category in Set(values).subtracting([.missing]).map(ValueFormatter.plain).sorted() {
          features.append(values.map { $0.isMissing ? .nan : ValueFormatter.plain($0) == category ? 1 : 0 })
          names.append("\(name)=\(category)")
          sources.append((name, category))
        }
      }
    }
    let complete = view.labels.indices.filter { i in features.allSatisfy { !$0[i].isNaN } }
    guard !complete.isEmpty, !features.isEmpty else {
      throw EngineError.emptyInput("no customer has every feature of explain; impute the missing values first")
    }
    let classes = Array(Set(view.labels)).sorted()
    let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    let x = features.map { f in complete.map { f[$0] } }
    let y = complete.map { classIndex[view.labels[$0]]! }
    let depth = inv.int("depth") ?? 3
    let tree = DecisionTree(features: x, names: names, labels: y, classes: classes.count, maxDepth: depth,
      minSamplesLeaf: inv.int("min_leaf") ?? 1, seed: UInt64(inv.int("seed") ?? 0))
    let predicted = tree.predict(x)
    let fidelity = Double(zip(predicted, y).filter { $0 == $1 }.count) / Double(y.count)
    let left = view.labels.count - complete.count
    inv.message("a tree of depth \(depth) on \(view.features.joined(separator: ", ")) puts \(percent(fidelity)) of \(plural(y.count, "customer")) in their own \(view.labelName) (fidelity)"
      + (left > 0 ? "; \(grouped(left)) with missing values left out" : ""))
    var sizes = [Int](repeating: 0, count: classes.count)
    for c in y { sizes[c] += 1 }
    var rules: [(segment: Int, rows: Int, text: String, covers: Double, purity: Double)] = []
    for (leaf, bounds) in tree.leafConditions {
      let node = tree.nodes[leaf]
      let c = node.prediction
      rules.append((c, node.counts[c], condition(bounds, sources), Double(node.counts[c]) / Double(sizes[c]), Double(node.counts[c]) / Double(node.rows)))
    }
    rules.sort { $0.segment != $1.segment ? $0.segment < $1.segment : $0.rows > $1.rows }
    inv.output(.table(Table(
      title: "rules per segment (covers: share of the segment; purity: share of the leaf in the segment)",
      headers: [view.labelName, "customers", "covers", "purity", "when"],
      rows: rules.map { [inv.env.catalog.segmentLabel(classes[$0.segment], of: view.labelName), grouped($0.rows), percent($0.covers), percent($0.purity), $0.text] },
      numeric: [false, true, true, true, false], note: view.replacedNote)))
    var importance: [String: Double] = [:]
    for (i, value) in tree.importances.enumerated() { importance[sources[i].column, default: 0] += value }
    inv.output(.table(Table(
      title: "feature importance", headers: ["feature", "importance"],
      rows: importance.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { [$0.key, percent($0.value)] },
      numeric: [false, true])))
  }

  /// A leaf's bounds as a seg condition: `income > 40000 and region == "North"`.
  static func condition(_ bounds: [DecisionTree.Bound], _ sources: [(column: String, category: String?)]) -> String {
    guard !bounds.isEmpty else { return "true" }
    var parts: [String] = []
    var excluded: [String: [String]] = [:], order: [String] = []
    for b in bounds {
      let (column, category) = sources[b.feature]
      let name = columnReference(column)
      if let category {
        // Indicators are 0 or 1, split at 0.5: left (≤) is "not this category".
        if b.above != nil { parts.append("\(name) == \(quote(category))") }
        else {
          if excluded[column] == nil { order.append(column) }
          excluded[column, default: []].append(category)
        }
      } else {
        if let above = b.above { parts.append("\(name) > \(literal(above))") }
        if let atMost = b.atMost { parts.append("\(name) <= \(literal(atMost))") }
      }
    }
    for column in order {
      // A column already pinned to one category needs no exclusions.
      guard !parts.contains(where: { $0.hasPrefix(columnReference(column) + " == ") }) else { continue }
      let values = excluded[column]!.map(quote)
      parts.append(values.count == 1 ? "\(columnReference(column)) != \(values[0])" : "\(columnReference(column)) not in (\(values.joined(separator: ", ")))")
    }
    return parts.joined(separator: " and ")
  }

  /// A number as a script literal that reads back exactly.
  static func literal(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }

  static func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }

  /// A column name as a script writes it: bare, or in backticks when it is not a plain word.
  static func columnReference(_ name: String) -> String {
    let plain = name.first.map { $0.isLetter || $0 == "_" } == true && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    return plain && !Keywords.all.contains(name) ? name : "`\(name)`"
  }
}
