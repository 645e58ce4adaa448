/// Why customers are in their segments: a CART tree (DecisionTreeClassifier) that predicts
/// the segment from the features (text as one 0/1 indicator per category), each leaf as
/// the bounds on the way to it, the tree's fidelity and each feature's importance.
public struct SegmentExplanation: Sendable {
  /// What one leaf says: the segment it predicts, how many of that segment it holds, the
  /// share of the segment it covers, the share of its rows in the segment, and its bounds.
  public struct Leaf: Sendable {
    public var segment: Int
    public var rows: Int
    public var covers: Double
    public var purity: Double
    public var bounds: [FeatureBound]
  }

  /// A test on the way to a leaf, in the features' own terms: `column > above`,
  /// `column <= atMost`, or for an indicator, `column == category` (above 0.5) or
  /// `column != category` (at most 0.5).
  public struct FeatureBound: Sendable, Equatable {
    public var column: String
    public var category: String?
    public var above: Double?
    public var atMost: Double?
    /// The category is `true` or `false` of a true/false column, written without quotes.
    public var isTrueFalse = false
  }

  /// Share of the explained customers the tree puts in their own segment.
  public var fidelity: Double
  /// Customers explained, and those left out for a missing feature.
  public var explained: Int
  public var leftOut: Int
  /// Leaves ordered by segment, then by size.
  public var leaves: [Leaf]
  /// Per feature column (indicators summed), its share of what the tree learned, largest first.
  public var importance: [(column: String, share: Double)]

  /// Fits the tree on the rows of `frame` whose every feature is present.
  /// - Parameter labels: each row's segment.
  public init(_ frame: DataFrame, labels: [Int], features: [String], depth: Int, minLeaf: Int, seed: UInt64) throws {
    var columns: [[Double]] = [], names: [String] = []
    var sources: [(column: String, category: String?, isTrueFalse: Bool)] = []
    for name in features {
      let column = try frame.column(name)
      if column.type.isNumeric, let values = column.doubles() {
        columns.append(values)
        names.append(name)
        sources.append((name, nil, false))
      } else {
        let values = (0..<column.count).map { column.value(at: $0) }
        for category in Set(values).subtracting([.missing]).map(ValueFormatter.plain).sorted() {
          columns.append(values.map { $0.isMissing ? .nan : ValueFormatter.plain($0) == category ? 1 : 0 })
          names.append("\(name)=\(category)")
          sources.append((name, category, column.type == .bool))
        }
      }
    }
    let complete = labels.indices.filter { i in columns.allSatisfy { !$0[i].isNaN } }
    guard !complete.isEmpty, !columns.isEmpty else {
      throw EngineError.emptyInput("no customer has every feature of explain; impute the missing values first")
    }
    let classes = Array(Set(labels)).sorted()
    let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    let x = columns.map { f in complete.map { f[$0] } }
    let y = complete.map { classIndex[labels[$0]]! }
    let tree = DecisionTree(features: x, names: names, labels: y, classes: classes.count, maxDepth: depth, minSamplesLeaf: minLeaf, seed: seed)
    fidelity = Double(zip(tree.predict(x), y).filter { $0 == $1 }.count) / Double(y.count)
    explained = y.count
    leftOut = labels.count - complete.count
    var sizes = [Int](repeating: 0, count: classes.count)
    for c in y { sizes[c] += 1 }
    leaves = tree.leafConditions.map { leaf, bounds in
      let node = tree.nodes[leaf]
      let c = node.prediction
      return Leaf(segment: classes[c], rows: node.counts[c], covers: Double(node.counts[c]) / Double(sizes[c]),
        purity: Double(node.counts[c]) / Double(node.rows),
        bounds: bounds.map { b in
          let source = sources[b.feature]
          return FeatureBound(column: source.column, category: source.category, above: b.above, atMost: b.atMost, isTrueFalse: source.isTrueFalse)
        })
    }.sorted { $0.segment != $1.segment ? $0.segment < $1.segment : $0.rows > $1.rows }
    var shares: [String: Double] = [:]
    for (i, value) in tree.importances.enumerated() { shares[sources[i].column, default: 0] += value }
    importance = shares.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
  }
}
