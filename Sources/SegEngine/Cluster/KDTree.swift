import CKernels

/// A k-d tree over the rows of a feature matrix (median splits on the widest dimension,
/// bounding boxes per node) for radius and nearest-neighbour queries. Memory is O(n).
struct KDTree {
  struct Node {
    var start: Int
    var end: Int
    var left = -1
    var right = -1
  }

  private let points: [Double]
  /// The points in tree order, each leaf column-major (feature j of a leaf of m rows
  /// starting at position p is at `leaves[p*d + j*m + t]`), for the vectorised range kernel.
  private(set) var leaves: [Double] = []
  /// `leaves` in single precision, for the screened range kernel.
  private(set) var leaves32: [Float] = []
  /// Per node: start, end, left, right, as the C range count reads them.
  private(set) var nodeTable: [Int64] = []
  /// The largest absolute coordinate in the tree (it bounds the single-precision error).
  private(set) var largest = 0.0
  let d: Int
  /// Row numbers, permuted so each node's rows are contiguous.
  private(set) var order: [Int]
  private(set) var nodes: [Node] = []
  /// Per node: d minima then d maxima.
  private(set) var boxes: [Double] = []
  /// Per node: its parent (-1 for the root).
  private(set) var parents: [Int] = []
  /// Per row: the leaf holding it.
  private(set) var leafOf: [Int] = []
  static let leafSize = 256

  init(_ x: FeatureMatrix) {
    points = x.values
    d = x.dims
    order = Array(0..<x.rows)
    leafOf = [Int](repeating: 0, count: x.rows)
    if x.rows > 0 { _ = build(0, x.rows, parent: -1) }
    leaves = [Double](repeating: 0, count: x.rows * d)
    for node in nodes where node.left < 0 {
      let m = node.end - node.start
      for t in 0..<m {
        for j in 0..<d { leaves[node.start * d + j * m + t] = x.values[order[node.start + t] * d + j] }
      }
    }
    leaves32 = leaves.map { Float($0) }
    nodeTable = nodes.flatMap { [Int64($0.start), Int64($0.end), Int64($0.left), Int64($0.right)] }
    largest = leaves.reduce(0) { max($0, abs($1)) }
  }

  /// A query as the leaf kernels take it: its coordinates, in single precision too, and how
  /// far a single-precision squared distance may lie from the double one (nil: screening
  /// would not pay, for huge coordinates or a radius within that error).
  private struct Query {
    let q: UnsafePointer<Double>
    let q32: UnsafePointer<Float>
    let band: Double?
  }

  /// With every coordinate at most M in size and u = 2⁻²⁴: rounding x and q to floats and
  /// subtracting errs by at most 2.01·u·2M per feature, so each squared difference by
  /// 5.1·u·4M², and summing d of them in float adds (d−1)·u·d·4M²; the double sum's own
  /// error is far below that. The band is that bound with the unit roundoffs of both
  /// precisions added and doubled for margin.
  private func withQuery<T>(_ q: UnsafePointer<Double>, radius2: Double, _ body: (Query) -> T) -> T {
    withUnsafeTemporaryAllocation(of: Float.self, capacity: d) { q32 in
      var m = largest
      for j in 0..<d {
        q32[j] = Float(q[j])
        m = max(m, abs(q[j]))
      }
      return body(Query(q: q, q32: UnsafePointer(q32.baseAddress!), band: screeningBand(largest: m, radius2: radius2)))
    }
  }

  private func screeningBand(largest m: Double, radius2: Double) -> Double? {
    let dd = Double(d)
    let band = 2 * (21 * dd + 4 * dd * dd + 8) * (0x1p-24 + 0x1p-52) * m * m
    return m < 1e18 && band.isFinite && band < radius2 / 4 ? band : nil
  }

  /// How many rows lie within `radius²` of each row (itself included), by position in tree
  /// order: every pair is measured once, from the earlier of its two leaves. Workers take
  /// every W-th leaf and keep their own counts, which are added up, so the result is the same
  /// for any number of them.
  func neighbourCounts(within radius2: Double) throws -> [Int32] {
    let leafNodes = nodes.indices.filter { nodes[$0].left < 0 }.map { Int64($0) }
    let workers = max(1, Parallel.coreCount)
    let band = screeningBand(largest: largest, radius2: radius2) ?? -1
    let block = 32 * workers
    let partial = try Parallel.map(workers) { w -> [Int32] in
      var counts = [Int32](repeating: 0, count: order.count)
      for start in stride(from: 0, to: leafNodes.count, by: block) {
        try CancellationToken.check()
        let size = min(block, leafNodes.count - start)
        leafNodes.withUnsafeBufferPointer { leafNodes in
          seg_tree_pair_counts(nodeTable, Int64(nodes.count), boxes, leaves, leaves32, Int64(d), leafNodes.baseAddress! + start,
            Int64(w), Int64(workers), Int64(size), radius2, band, &counts)
        }
      }
      return counts
    }
    var total = partial[0]
    for counts in partial.dropFirst() { for p in total.indices { total[p] += counts[p] } }
    return total
  }

  /// Visits to `body` every row of leaf `n` within reach of the query.
  @inline(__always)
  private func visitLeaf(_ n: Int, _ query: Query, _ radius2: Double, _ leaves: UnsafePointer<Double>, _ leaves32: UnsafePointer<Float>,
                         _ body: (Int) -> Void) {
    let node = nodes[n], m = node.end - node.start
    let offset = node.start * d
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: m) { mask in
      if let band = query.band {
        _ = seg_leaf_within_screened(leaves32 + offset, leaves + offset, Int64(d), Int64(m), query.q32, query.q, radius2, band, mask.baseAddress!)
      } else {
        _ = seg_leaf_within(leaves + offset, Int64(d), Int64(m), query.q, radius2, mask.baseAddress!)
      }
      for t in 0..<m where mask[t] != 0 { body(order[node.start + t]) }
    }
  }

  private mutating func build(_ start: Int, _ end: Int, parent: Int) -> Int {
    let id = nodes.count
    nodes.append(Node(start: start, end: end))
    parents.append(parent)
    var lo = [Double](repeating: .infinity, count: d), hi = [Double](repeating: -.infinity, count: d)
    for p in start..<end {
      for j in 0..<d {
        let v = points[order[p] * d + j]
        lo[j] = min(lo[j], v)
        hi[j] = max(hi[j], v)
      }
    }
    boxes += lo + hi
    if end - start > Self.leafSize {
      let axis = (0..<d).max { hi[$0] - lo[$0] < hi[$1] - lo[$1] }!
      if hi[axis] > lo[axis] {
        let mid = (start + end) / 2
        let points = self.points, d = self.d
        order[start..<end].withUnsafeMutableBufferPointer { slice in
          Self.select(slice, mid - start) { points[$0 * d + axis] < points[$1 * d + axis] || (points[$0 * d + axis] == points[$1 * d + axis] && $0 < $1) }
        }
        let left = build(start, mid, parent: id)
        let right = build(mid, end, parent: id)
        nodes[id].left = left
        nodes[id].right = right
      }
    }
    if nodes[id].left < 0 { for p in start..<end { leafOf[order[p]] = id } }
    return id
  }

  /// Partially sorts so the element at `k` is in place (quickselect, deterministic pivots).
  private static func select(_ a: UnsafeMutableBufferPointer<Int>, _ k: Int, _ less: (Int, Int) -> Bool) {
    var lo = 0, hi = a.count - 1
    while hi > lo {
      let pivot = a[(lo + hi) / 2]
      var i = lo, j = hi
      while i <= j {
        while less(a[i], pivot) { i += 1 }
        while less(pivot, a[j]) { j -= 1 }
        if i <= j {
          a.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if k <= j { hi = j } else if k >= i { lo = i } else { return }
    }
  }

  /// Squared distance from `q` to the nearest point of node `n`'s box.
  @inline(__always)
  private func nearDistance(_ n: Int, _ q: UnsafePointer<Double>, _ boxes: UnsafePointer<Double>) -> Double {
    var near = 0.0
    let lo = boxes + n * 2 * d, hi = lo + d
    for j in 0..<d {
      let gap = max(lo[j] - q[j], q[j] - hi[j], 0)
      near += gap * gap
    }
    return near
  }

  /// Squared distance from `q` to the farthest point of node `n`'s box.
  @inline(__always)
  private func farDistance(_ n: Int, _ q: UnsafePointer<Double>, _ boxes: UnsafePointer<Double>) -> Double {
    var far = 0.0
    let lo = boxes + n * 2 * d, hi = lo + d
    for j in 0..<d {
      let reach = max(q[j] - lo[j], hi[j] - q[j])
      far += reach * reach
    }
    return far
  }

  @inline(__always)
  private func boxDistances(_ n: Int, _ q: UnsafePointer<Double>) -> (near: Double, far: Double) {
    boxes.withUnsafeBufferPointer { b in (nearDistance(n, q, b.baseAddress!), farDistance(n, q, b.baseAddress!)) }
  }

  /// Calls `body` with every point within `radius²` of `q`, in tree order; with `open`,
  /// nodes whose count there is 0 (nothing left to visit) are skipped.
  func forEach(within radius2: Double, of q: UnsafePointer<Double>, open: UnsafePointer<Int32>? = nil, _ body: (Int) -> Void) {
    var stack = [0]
    withQuery(q, radius2: radius2) { query in
      leaves.withUnsafeBufferPointer { leaves in
        leaves32.withUnsafeBufferPointer { leaves32 in
          while let n = stack.popLast() {
            if let open, open[n] == 0 { continue }
            let (near, far) = boxDistances(n, q)
            if near > radius2 { continue }
            let node = nodes[n]
            if far <= radius2 {
              for p in node.start..<node.end { body(order[p]) }
            } else if node.left < 0 {
              visitLeaf(n, query, radius2, leaves.baseAddress!, leaves32.baseAddress!, body)
            } else {
              stack.append(node.right)
              stack.append(node.left)
            }
          }
        }
      }
    }
  }

  /// The squared distance to the k-th nearest point (the query point itself counts when it
  /// is in the tree, as scikit-learn's kneighbors on the training data).
  func kthNearest(_ k: Int, of q: UnsafePointer<Double>) -> Double {
    // A max-heap of the k best squared distances so far.
    var heap: [Double] = []
    heap.reserveCapacity(k)
    func push(_ v: Double) {
      if heap.count < k {
        heap.append(v)
        var i = heap.count - 1
        while i > 0 && heap[(i - 1) / 2] < heap[i] {
          heap.swapAt(i, (i - 1) / 2)
          i = (i - 1) / 2
        }
      } else if v < heap[0] {
        heap[0] = v
        var i = 0
        while true {
          let l = 2 * i + 1, r = l + 1
          var m = i
          if l < heap.count && heap[l] > heap[m] { m = l }
          if r < heap.count && heap[r] > heap[m] { m = r }
          if m == i { break }
          heap.swapAt(i, m)
          i = m
        }
      }
    }
    func search(_ n: Int) {
      let (near, _) = boxDistances(n, q)
      if heap.count == k && near > heap[0] { return }
      let node = nodes[n]
      if node.left < 0 {
        let m = node.end - node.start
        leaves.withUnsafeBufferPointer { ls in
          let leaf = ls.baseAddress! + node.start * d
          for t in 0..<m {
            var s = 0.0
            for j in 0..<d {
              let diff = leaf[j * m + t] - q[j]
              s += diff * diff
            }
            push(s)
          }
        }
        return
      }
      // Nearer child first.
      let l = boxDistances(node.left, q).near, r = boxDistances(node.right, q).near
      if l <= r {
        search(node.left)
        search(node.right)
      } else {
        search(node.right)
        search(node.left)
      }
    }
    search(0)
    return heap.count == k ? heap[0] : .infinity
  }
}
