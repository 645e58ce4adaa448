/// Agglomerative clustering, as scikit-learn's AgglomerativeClustering (Euclidean): Ward
/// by a nearest-neighbour chain on centroids and single linkage by a minimum spanning tree
/// both need O(n) memory; complete and average linkage keep a distance matrix and refuse
/// to start when it would exceed `memoryLimit`. The merge tree (SciPy's linkage matrix) is
/// kept for dendrograms; the tree is cut at `k` clusters or at a merge height `distance`.
public struct Hierarchical: Clusterer {
  public static let method = "hierarchical"

  public enum Linkage: String, CaseIterable, Sendable { case ward, complete, average, single }

  public var linkage = Linkage.ward
  /// Clusters to cut the tree into; ignored when `distance` is set.
  public var k: Int?
  /// Cut where merges reach this height instead.
  public var distance: Double?
  /// Bytes the O(n²) linkages may use for their distance matrix.
  public var memoryLimit = 2 << 30

  public init(linkage: Linkage = .ward, k: Int? = 2, distance: Double? = nil) {
    self.linkage = linkage
    self.k = k
    self.distance = distance
  }

  public func fit(_ x: FeatureMatrix) throws -> ClusterFit {
    try x.requireRows(atLeast: distance == nil ? (k ?? 2) : 1, for: "hierarchical clustering")
    let n = x.rows
    let raw: [Merge]
    switch linkage {
    case .ward: raw = try NearestNeighborChain.ward(x)
    case .single: raw = try SingleLinkage.merges(x)
    case .complete, .average:
      let bytes = MemoryBudget.product(n, n - 1, MemoryLayout<Double>.stride / 2)
      guard bytes <= memoryLimit else {
        throw EngineError.unsupported(
          "\(linkage.rawValue) linkage keeps every pairwise distance: \(Self.gigabytes(bytes)) for \(n) rows, above the limit of \(Self.gigabytes(memoryLimit)); use linkage=ward or single (their memory grows with the rows, not their square), cluster a sample, or raise max_memory=")
      }
      try MemoryBudget.require(bytes, for: "\(linkage.rawValue) linkage's distances between \(ValueFormatter.grouped(n)) rows", hint: "use linkage=ward or single, or cluster a sample")
      raw = try NearestNeighborChain.matrix(x, average: linkage == .average)
    }
    let merges = Self.sortedTree(raw, n: n)
    let clusters = distance.map { h in n - merges.filter { $0.height < h }.count } ?? (k ?? 2)
    let labels = Self.cut(merges, n: n, clusters: clusters)
    let found = (labels.max() ?? -1) + 1
    let model = ClusterModel(method: Self.method, features: x.names, k: found, centers: centroidsOf(x, labels, found), parameters: [
      "linkage": linkage.rawValue, "k": distance == nil ? String(clusters) : "none", "distance": distance.map { String($0) } ?? "none",
    ])
    return ClusterFit(labels: labels, model: model, measures: .hierarchy(merges: merges, inertia: ClusterScores.inertia(x, labels: labels)))
  }

  static func gigabytes(_ bytes: Int) -> String {
    ValueFormatter.number(Double(bytes) / Double(1 << 30), significant: 2) + " GB"
  }

  /// Merges between representative rows, sorted by height (stable), renumbered as SciPy's
  /// linkage matrix: ids below n are rows, n + i the cluster made by merge i.
  static func sortedTree(_ raw: [Merge], n: Int) -> [Merge] {
    let order = raw.indices.sorted { raw[$0].height != raw[$1].height ? raw[$0].height < raw[$1].height : $0 < $1 }
    var sets = DisjointSets(n)
    var id = Array(0..<n)
    var size = [Int](repeating: 1, count: n)
    var out: [Merge] = []
    out.reserveCapacity(raw.count)
    for (i, m) in order.map({ raw[$0] }).enumerated() {
      let ra = sets.find(m.a), rb = sets.find(m.b)
      let (ia, ib) = (id[ra], id[rb])
      sets.attach(rb, to: ra)
      size[ra] += size[rb]
      id[ra] = n + i
      out.append(Merge(a: min(ia, ib), b: max(ia, ib), height: m.height, size: size[ra]))
    }
    return out
  }

  /// Labels after the first n − clusters merges, numbered by first appearance.
  public static func cut(_ merges: [Merge], n: Int, clusters: Int) -> [Int] {
    var sets = DisjointSets(2 * n)
    for (i, m) in merges.prefix(max(0, n - clusters)).enumerated() {
      let (ra, rb) = (sets.find(m.a), sets.find(m.b))
      sets.attach(ra, to: n + i)
      sets.attach(rb, to: n + i)
    }
    var number: [Int: Int] = [:]
    return (0..<n).map { row in
      let root = sets.find(row)
      if let l = number[root] { return l }
      number[root] = number.count
      return number.count - 1
    }
  }
}

/// Union-find over 0..<n with path halving.
struct DisjointSets {
  private var parent: [Int]

  init(_ n: Int) { parent = Array(0..<n) }

  mutating func find(_ a: Int) -> Int {
    var a = a
    while parent[a] != a {
      parent[a] = parent[parent[a]]
      a = parent[a]
    }
    return a
  }

  /// Makes the root `root` a child of `parent`.
  mutating func attach(_ root: Int, to parent: Int) { self.parent[root] = parent }
}

extension Hierarchical: ConfigurableClusterer {
  public static let parameters = ParameterTable(method, [
    Parameter("k", .integer(min: 1, max: 100_000), default: .described("k= or distance= is required"), "how many clusters to cut the tree into"),
    Parameter("linkage", .choice(Linkage.allCases.map(\.rawValue)), default: .value(.word("ward")), "how the distance between two groups is measured"),
    Parameter("distance", .number(.nonNegative), default: .described("none: cut at k"), "cut the tree where merges reach this height"),
    Parameter("max_memory", .number(NumericBounds(min: 0, max: 1_000_000, minExclusive: true)), default: .value(.number(2)),
      "GB complete and average linkage may use"),
  ], oneOf: [["k", "distance"]])

  public init(_ p: ParameterValues) throws(EngineError) {
    self.init(linkage: p.choice("linkage", as: Linkage.self) ?? .ward, k: p.int("k"), distance: p.number("distance"))
    if let gb = p.number("max_memory") { memoryLimit = Int(gb * Double(1 << 30)) }
  }
}
