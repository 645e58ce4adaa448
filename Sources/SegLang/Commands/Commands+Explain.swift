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
    let view = try LabelledRows(inv, featureOption: "using", withCategories: false)
    let depth = inv.int("depth") ?? 3
    let explanation = try SegmentExplanation(view.frame, labels: view.labels, features: view.features, depth: depth,
      minLeaf: inv.int("min_leaf") ?? 1, seed: UInt64(inv.int("seed") ?? 0))
    inv.message("a tree of depth \(depth) on \(view.features.joined(separator: ", ")) puts \(percent(explanation.fidelity)) of \(plural(explanation.explained, "customer")) in their own \(view.labelColumn) (fidelity)"
      + (explanation.leftOut > 0 ? "; \(grouped(explanation.leftOut)) with missing values left out" : ""))
    inv.output(.table(Table(
      title: "rules per segment (covers: share of the segment; purity: share of the leaf in the segment)",
      headers: [view.labelColumn, "customers", "covers", "purity", "when"],
      rows: explanation.leaves.map { [inv.env.catalog.segmentLabel($0.segment, of: view.labelColumn), grouped($0.rows), percent($0.covers), percent($0.purity), condition($0.bounds)] },
      numeric: [false, true, true, true, false], note: view.replacedNote, keepsLastColumnWhole: true)))
    inv.output(.table(Table(
      title: "feature importance", headers: ["feature", "importance"],
      rows: explanation.importance.map { [$0.column, percent($0.share)] }, numeric: [false, true])))
  }

  /// A leaf's bounds as a seg condition: `income > 40000 and region == "North"`.
  static func condition(_ bounds: [SegmentExplanation.FeatureBound]) -> String {
    guard !bounds.isEmpty else { return "true" }
    var parts: [String] = []
    var excluded: [String: [String]] = [:], order: [String] = []
    for b in bounds {
      let name = columnReference(b.column)
      if let category = b.category, b.isTrueFalse {
        // A true/false column: the value tested, or the other one.
        parts.append("\(name) == \(b.above != nil ? category : category == "true" ? "false" : "true")")
      } else if let category = b.category {
        // Indicators are 0 or 1, split at 0.5: left (≤) is "not this category".
        if b.above != nil { parts.append("\(name) == \(quote(category))") }
        else {
          if excluded[b.column] == nil { order.append(b.column) }
          excluded[b.column, default: []].append(category)
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
