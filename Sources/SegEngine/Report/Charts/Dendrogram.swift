/// The top of a merge tree, ready to draw: leaves in drawing order and the joins above them.
public struct Dendrogram: Sendable, Equatable {
  /// Leaf labels, left to right: a row number, or "(120)" for a cut-off subtree of 120 rows.
  public var leaves: [String]
  /// Joins bottom-up; child ids below `leaves.count` are leaves (in drawing order), and
  /// `leaves.count + i` is join i.
  public var joins: [Join]

  /// Two subtrees joined at a height.
  public struct Join: Sendable, Equatable {
    public var left: Int
    public var right: Int
    public var height: Double
    public var size: Int
  }

  public init(leaves: [String], joins: [Join]) {
    self.leaves = leaves
    self.joins = joins
  }

  /// The last `leafCount - 1` merges of a SciPy-style linkage over `n` rows (as SciPy's
  /// `truncate_mode="lastp"`): every subtree formed before them becomes one leaf.
  public static func top(of merges: [Merge], rows n: Int, leafCount: Int) -> Dendrogram {
    let p = max(2, min(leafCount, merges.count + 1))
    let kept = merges.suffix(p - 1)
    let firstKept = merges.count - kept.count
    // Cluster ids that are leaves of the drawing: children of kept merges formed earlier.
    func isLeaf(_ id: Int) -> Bool { id < n || id - n < firstKept }
    func size(_ id: Int) -> Int { id < n ? 1 : merges[id - n].size }
    var leaves: [String] = []
    var joins: [Join] = []
    // Post-order walk from the root numbers leaves left to right and joins bottom-up.
    func walk(_ id: Int) -> Int {
      if isLeaf(id) {
        leaves.append(id < n ? "row \(id + 1)" : "(\(size(id)))")
        return -leaves.count
      }
      let m = merges[id - n]
      let a = walk(m.a), b = walk(m.b)
      joins.append(Join(left: a, right: b, height: m.height, size: m.size))
      return joins.count - 1
    }
    guard let root = merges.indices.last else { return Dendrogram(leaves: ["row 1"], joins: []) }
    _ = walk(root + n)
    // Leaves were numbered -1, -2, … and joins 0, 1, … during the walk; renumber them.
    let count = leaves.count
    let id = { (raw: Int) in raw < 0 ? -raw - 1 : count + raw }
    joins = joins.map { Join(left: id($0.left), right: id($0.right), height: $0.height, size: $0.size) }
    return Dendrogram(leaves: leaves, joins: joins)
  }
}
