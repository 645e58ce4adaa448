/// A k-d tree over the rows of a feature matrix (median splits on the widest dimension,
/// bounding boxes per node) for radius and nearest-neighbour queries. Memory is O(n).
struct KDTree {
  struct Node {
    var start: Int
    var end: Int
    var left = -1
    var right = -1
  }

  let points: [Double]
  let d: Int
  /// Row numbers, permuted so each node's rows are contiguous.
  private(set) var order: [Int]
  private(set) var nodes: [Node] = []
  /// Per node: d minima then d maxima.
  private(set) var boxes: [Double] = []
  static let leafSize = 32

  init(_ x: FeatureMatrix) {
    points = x.values
    d = x.dims
    order = Array(0..<x.rows)
    if x.rows > 0 { _ = build(0, x.rows) }
  }

  private mutating func build(_ start: Int, _ end: Int) -> Int {
    let id = nodes.count
    nodes.append(Node(start: start, end: end))
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
        let left = build(start, mid)
        let right = build(mid, end)
        nodes[id].left = left
        nodes[id].right = right
      }
    }
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

  /// Squared distances from `q` to the nearest and farthest points of node `n`'s box.
  @inline(__always)
  private func boxDistances(_ n: Int, _ q: UnsafePointer<Double>) -> (near: Double, far: Double) {
    var near = 0.0, far = 0.0
    let base = n * 2 * d
    for j in 0..<d {
      let lo = boxes[base + j], hi = boxes[base + d + j], v = q[j]
      let below = lo - v, above = v - hi
      let gap = max(below, above, 0)
      near += gap * gap
      let reach = max(v - lo, hi - v)
      far += reach * reach
    }
    return (near, far)
  }

  /// How many points lie within `radius²` of `q` (inclusive), stopping once `limit` is reached.
  func count(within radius2: Double, of q: UnsafePointer<Double>, limit: Int = .max) -> Int {
    var total = 0
    var stack = [0]
    while let n = stack.popLast() {
      let (near, far) = boxDistances(n, q)
      if near > radius2 { continue }
      let node = nodes[n]
      if far <= radius2 {
        total += node.end - node.start
      } else if node.left < 0 {
        points.withUnsafeBufferPointer { ps in
          for p in node.start..<node.end where squaredDistance(ps.baseAddress! + order[p] * d, q, d) <= radius2 { total += 1 }
        }
      } else {
        stack.append(node.right)
        stack.append(node.left)
      }
      if total >= limit { return total }
    }
    return total
  }

  /// Calls `body` with every point within `radius²` of `q`, in tree order.
  func forEach(within radius2: Double, of q: UnsafePointer<Double>, _ body: (Int) -> Void) {
    var stack = [0]
    while let n = stack.popLast() {
      let (near, far) = boxDistances(n, q)
      if near > radius2 { continue }
      let node = nodes[n]
      if far <= radius2 {
        for p in node.start..<node.end { body(order[p]) }
      } else if node.left < 0 {
        points.withUnsafeBufferPointer { ps in
          for p in node.start..<node.end where squaredDistance(ps.baseAddress! + order[p] * d, q, d) <= radius2 { body(order[p]) }
        }
      } else {
        stack.append(node.right)
        stack.append(node.left)
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
        points.withUnsafeBufferPointer { ps in
          for p in node.start..<node.end { push(squaredDistance(ps.baseAddress! + order[p] * d, q, d)) }
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
