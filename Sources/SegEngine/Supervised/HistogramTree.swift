/// One regression tree of gradient boosting, grown leaf-wise on binned features from the
/// gradients and hessians of the loss, as scikit-learn's HistGradientBoosting grows it: the
/// leaf with the largest gain split first, histograms of the smaller child summed and the
/// larger one's taken from its parent, missing values sent to the side that gains more. A
/// feature of category indices splits into a set of categories and the rest: categories
/// with enough support sorted by gradient over hessian, the best prefix of up to half of them
/// from either end going left (scikit-learn's method, after LightGBM's).
public struct HistogramTree: Sendable, Equatable, Codable {
  public struct Node: Sendable, Equatable, Codable {
    /// The feature tested, or nil for a leaf.
    public var feature: Int?
    /// Rows whose value is ≤ threshold go left; nil sends every present value left (the split
    /// of present from missing values).
    public var threshold: Double?
    /// The same test on bins: bin ≤ bin goes left.
    public var bin: UInt8
    /// For a feature of category indices: the categories that go left (the test replaces the threshold's).
    public var categories: [Int]? = nil
    public var missingGoesLeft: Bool
    public var left: Int
    public var right: Int
    /// What a leaf adds to the raw prediction (the learning rate already applied).
    public var value: Double
    public var rows: Int
  }

  public let nodes: [Node]

  public init(nodes: [Node]) { self.nodes = nodes }

  /// Adds the value of the leaf each of `rows` falls in to `raw` (one entry per row of
  /// `rows`), for column-major raw `features`.
  func addValues(_ features: [[Double]], rows: Range<Int>, to raw: inout [Double]) {
    nodes.withUnsafeBufferPointer { nodes in
      for i in rows {
        var id = 0
        while let f = nodes[id].feature {
          let v = features[f][i]
          let left: Bool
          if v.isNaN {
            left = nodes[id].missingGoesLeft
          } else if let categories = nodes[id].categories {
            left = categories.contains { Double($0) == v }
          } else {
            left = nodes[id].threshold.map { v <= $0 } ?? true
          }
          id = left ? nodes[id].left : nodes[id].right
        }
        raw[i - rows.lowerBound] += nodes[id].value
      }
    }
  }

  /// The value of the leaf a row of binned features falls in.
  func value(bins: [[UInt8]], row: Int) -> Double {
    nodes.withUnsafeBufferPointer { nodes in
      var id = 0
      while let f = nodes[id].feature {
        let b = bins[f][row]
        let left = b == FeatureBins.missingBin ? nodes[id].missingGoesLeft : nodes[id].categories?.contains(Int(b)) ?? (b <= nodes[id].bin)
        id = left ? nodes[id].left : nodes[id].right
      }
      return nodes[id].value
    }
  }
}

/// How a `HistogramTree` is grown.
struct HistogramTreeSettings {
  var maxLeaves = 31
  var maxDepth = Int.max
  var minSamplesLeaf = 20
  var l2 = 0.0
  var learningRate = 0.1
  var minHessianToSplit = 1e-3
}

/// Grows one tree on the rows `rows` of `bins`; the values of each leaf's rows are added to
/// `raw` (the training rows' raw predictions), so boosting needs no second pass.
struct HistogramTreeGrower {
  struct Bin {
    /// The sums of gradients and hessians, together so one vector add counts a row in both.
    var sums = SIMD2<Double>()
    var count = 0
    var gradient: Double { sums.x }
    var hessian: Double { sums.y }
  }

  private struct Split {
    var gain: Double
    var feature: Int
    var bin: Int
    var missingGoesLeft: Bool
    var leftGradient: Double, leftHessian: Double, leftCount: Int
    /// Per slot of the feature, whether it goes left, for a split of categories.
    var leftBins: [Bool]? = nil
  }

  private struct Open {
    var node: Int
    var start: Int, end: Int
    var depth: Int
    var gradient: Double, hessian: Double
    var histogram: [Bin]?
    var split: Split?
  }

  /// Per feature, each row's slot: its bin, or right after the present bins for a missing
  /// value, so a histogram holds only the slots a feature uses.
  let bins: [[UInt8]]
  let presentBins: [Int]
  /// Per feature, where its slots start in a histogram, and after the last, the histogram's size.
  let offsets: [Int]
  let hasMissing: [Bool]
  let thresholds: [[Double]]
  let categorical: [Bool]
  let settings: HistogramTreeSettings
  /// Categories with less support (hessian scaled to rows) are never sent left (MIN_CAT_SUPPORT).
  static let categorySupport = 10.0

  /// `bins` are the training rows' alone: whether a feature has missing values is theirs to
  /// say (a validation row's missing value must not change the splits).
  init(bins: [[UInt8]], featureBins: FeatureBins, settings: HistogramTreeSettings) {
    self.thresholds = featureBins.thresholds
    categorical = featureBins.categoryCounts.map { $0 > 0 }
    let presentBins = featureBins.presentBinCounts
    self.presentBins = presentBins
    offsets = presentBins.reduce(into: [0]) { $0.append($0.last! + $1 + 1) }
    hasMissing = bins.map { $0.contains(FeatureBins.missingBin) }
    self.bins = zip(bins, presentBins).map { column, present in column.map { $0 == FeatureBins.missingBin ? UInt8(present) : $0 } }
    self.settings = settings
  }

  /// Grows a tree for `derivatives` (gradient, hessian), one per row of `bins`.
  func grow(_ derivatives: [SIMD2<Double>], raw: inout [Double]) -> HistogramTree {
    var order = (0..<Int32(derivatives.count)).map { $0 }
    var scratch = order
    var nodes: [HistogramTree.Node] = []
    var open: [Open] = []
    func newNode(start: Int, end: Int, gradient: Double, hessian: Double) -> Int {
      nodes.append(HistogramTree.Node(
        feature: nil, threshold: nil, bin: 0, missingGoesLeft: false, left: -1, right: -1,
        value: -settings.learningRate * gradient / (hessian + settings.l2 + 1e-15), rows: end - start))
      return nodes.count - 1
    }
    let (g, h) = { sum in (sum.x, sum.y) }(derivatives.reduce(.zero, +))
    var root = Open(node: newNode(start: 0, end: order.count, gradient: g, hessian: h), start: 0, end: order.count, depth: 0, gradient: g, hessian: h)
    if canSplit(root) {
      root.histogram = histogram(nil, derivatives)
      root.split = bestSplit(root)
    }
    open.append(root)
    var leaves = 1
    while leaves < settings.maxLeaves {
      // The open node with the largest gain; the oldest on ties.
      guard let pick = open.indices.filter({ open[$0].split != nil }).max(by: { open[$0].split!.gain < open[$1].split!.gain || (open[$0].split!.gain == open[$1].split!.gain && open[$0].node > open[$1].node) }) else { break }
      let parent = open.remove(at: pick)
      let split = parent.split!
      let middle = partition(&order, parent.start, parent.end, split, scratch: &scratch)
      let (rightGradient, rightHessian) = (parent.gradient - split.leftGradient, parent.hessian - split.leftHessian)
      var left = Open(
        node: newNode(start: parent.start, end: middle, gradient: split.leftGradient, hessian: split.leftHessian),
        start: parent.start, end: middle, depth: parent.depth + 1, gradient: split.leftGradient, hessian: split.leftHessian)
      var right = Open(
        node: newNode(start: middle, end: parent.end, gradient: rightGradient, hessian: rightHessian),
        start: middle, end: parent.end, depth: parent.depth + 1, gradient: rightGradient, hessian: rightHessian)
      let f = split.feature
      nodes[parent.node].feature = f
      nodes[parent.node].bin = UInt8(split.bin)
      nodes[parent.node].threshold = split.bin < thresholds[f].count ? thresholds[f][split.bin] : nil
      nodes[parent.node].categories = split.leftBins.map { mask in (0..<presentBins[f]).filter { mask[$0] } }
      // Without missing values in training, a missing value follows the larger side.
      nodes[parent.node].missingGoesLeft = hasMissing[f] ? split.missingGoesLeft : left.end - left.start > right.end - right.start
      nodes[parent.node].left = left.node
      nodes[parent.node].right = right.node
      leaves += 1
      if canSplit(left) || canSplit(right), let parentHistogram = parent.histogram {
        let leftIsSmaller = middle - parent.start <= parent.end - middle
        let small = leftIsSmaller ? left : right
        let smallHistogram = histogram(order[small.start..<small.end], derivatives)
        var largeHistogram = parentHistogram
        largeHistogram.withUnsafeMutableBufferPointer { large in
          smallHistogram.withUnsafeBufferPointer { small in
            for i in large.indices {
              large[i].sums -= small[i].sums
              large[i].count -= small[i].count
            }
          }
        }
        (left.histogram, right.histogram) = leftIsSmaller ? (smallHistogram, largeHistogram) : (largeHistogram, smallHistogram)
        if canSplit(left) { left.split = bestSplit(left) }
        if canSplit(right) { right.split = bestSplit(right) }
      }
      for child in [left, right] {
        if child.split != nil { open.append(child) } else { finish(child) }
      }
    }
    func finish(_ leaf: Open) {
      let value = nodes[leaf.node].value
      for r in order[leaf.start..<leaf.end] { raw[Int(r)] += value }
    }
    for leaf in open { finish(leaf) }
    return HistogramTree(nodes: nodes)
  }

  private func canSplit(_ node: Open) -> Bool {
    node.depth < settings.maxDepth && node.end - node.start >= 2 * settings.minSamplesLeaf && node.hessian >= 2 * settings.minHessianToSplit
  }

  /// Per feature, per bin: the sums of gradients and hessians (`derivatives`, one per row) and the
  /// row count of `rows`, flat; nil rows are all of them, in order (the root's).
  private func histogram(_ rows: ArraySlice<Int32>?, _ derivatives: [SIMD2<Double>]) -> [Bin] {
    // In the rows' order, so the loop over a feature reads them straight through.
    let ordered = rows.map { $0.map { derivatives[Int($0)] } } ?? derivatives
    let count = ordered.count
    var out = [Bin](repeating: Bin(), count: offsets.last!)
    out.withUnsafeMutableBufferPointer { buffer in
      let out = buffer
      let perFeature = { (f: Int) in
        let hist = UnsafeMutableBufferPointer(rebasing: out[self.offsets[f]..<self.offsets[f + 1]])
        // Odd rows into a second histogram, added at the end: runs of rows in one bin (common
        // in a feature of few values) then make two chains of additions instead of one.
        withUnsafeTemporaryAllocation(of: Bin.self, capacity: hist.count) { odd in
          odd.initialize(repeating: Bin())
          self.bins[f].withUnsafeBufferPointer { column in
            ordered.withUnsafeBufferPointer { pairs in
              // `row(k)`: the row of the k-th derivative pair.
              @inline(__always) func accumulate(_ row: (Int) -> Int) {
                let pairsEnd = count & ~1
                for k in stride(from: 0, to: pairsEnd, by: 2) {
                  let (b, c) = (Int(column[row(k)]), Int(column[row(k &+ 1)]))
                  hist[b].sums += pairs[k]
                  hist[b].count &+= 1
                  odd[c].sums += pairs[k &+ 1]
                  odd[c].count &+= 1
                }
                if pairsEnd < count {
                  let b = Int(column[row(pairsEnd)])
                  hist[b].sums += pairs[pairsEnd]
                  hist[b].count &+= 1
                }
              }
              if let rows {
                rows.withUnsafeBufferPointer { rows in accumulate { Int(rows[$0]) } }
              } else {
                accumulate { $0 }
              }
            }
          }
          for i in hist.indices {
            hist[i].sums += odd[i].sums
            hist[i].count &+= odd[i].count
          }
        }
      }
      // Features are independent and write apart, so splitting them over cores gives the same sums.
      if count * bins.count < 20_000 || (try? Parallel.map(bins.count, perFeature)) == nil {
        bins.indices.forEach(perFeature)
      }
    }
    return out
  }

  private func bestSplit(_ node: Open) -> Split? {
    guard let hist = node.histogram else { return nil }
    let (G, H, n, s) = (node.gradient, node.hessian, node.end - node.start, settings)
    let parentLoss = G * G / (H + s.l2)
    var best: Split?
    func consider(_ f: Int, _ b: Int, _ missingLeft: Bool, _ gl: Double, _ hl: Double, _ nl: Int) {
      let (gr, hr, nr) = (G - gl, H - hl, n - nl)
      guard nl >= s.minSamplesLeaf, nr >= s.minSamplesLeaf, hl >= s.minHessianToSplit, hr >= s.minHessianToSplit else { return }
      let gain = gl * gl / (hl + s.l2) + gr * gr / (hr + s.l2) - parentLoss
      if gain > (best?.gain ?? 0) {
        best = Split(gain: gain, feature: f, bin: b, missingGoesLeft: missingLeft, leftGradient: gl, leftHessian: hl, leftCount: nl)
      }
    }
    for f in bins.indices {
      let base = offsets[f]
      let present = presentBins[f]
      if categorical[f] {
        // Categories with enough rows, missing values one of them, by gradient over hessian.
        let supportFactor = Double(n) / H
        let supported = { (b: Int) in hist[base + b].hessian * supportFactor >= Self.categorySupport }
        var used = (0..<present).filter(supported)
        if hasMissing[f], supported(present) { used.append(present) }
        guard used.count > 1 else { continue }
        let ratio = { (b: Int) in hist[base + b].gradient / (hist[base + b].hessian + Self.categorySupport) }
        used.sort { (ratio($0), $0) < (ratio($1), $1) }
        for fromEnd in [false, true] {
          var (gl, hl, nl) = (0.0, 0.0, 0)
          for i in 0..<((used.count + 1) / 2 - (fromEnd ? 1 : 0)) {
            let b = used[fromEnd ? used.count - 1 - i : i]
            gl += hist[base + b].gradient; hl += hist[base + b].hessian; nl += hist[base + b].count
            let before = best?.gain
            consider(f, 0, false, gl, hl, nl)
            if best?.gain != before {
              var mask = [Bool](repeating: false, count: present + 1)
              for j in 0...i { mask[used[fromEnd ? used.count - 1 - j : j]] = true }
              best!.leftBins = mask
              best!.missingGoesLeft = mask[present]
            }
          }
        }
        continue
      }
      // Missing values right: every bin boundary, and with missing values also "all present left".
      var (gl, hl, nl) = (0.0, 0.0, 0)
      for b in 0..<(present - 1 + (hasMissing[f] ? 1 : 0)) {
        gl += hist[base + b].gradient; hl += hist[base + b].hessian; nl += hist[base + b].count
        consider(f, b, false, gl, hl, nl)
      }
      guard hasMissing[f] else { continue }
      // Missing values left.
      var (gr, hr, nr) = (0.0, 0.0, 0)
      for b in stride(from: present - 2, through: 0, by: -1) {
        gr += hist[base + b + 1].gradient; hr += hist[base + b + 1].hessian; nr += hist[base + b + 1].count
        consider(f, b, true, G - gr, H - hr, n - nr)
      }
    }
    return best
  }

  /// Puts the rows going left before those going right, each keeping its order; `scratch`
  /// holds the right ones meanwhile.
  private func partition(_ order: inout [Int32], _ start: Int, _ end: Int, _ split: Split, scratch: inout [Int32]) -> Int {
    // Per slot, 1 if its rows go left: one lookup per row whatever the kind of split, and no
    // branch to mispredict (each row is written to both sides, only one side advances).
    let present = presentBins[split.feature]
    let goesLeft = (split.leftBins ?? (0...present).map { $0 == present ? split.missingGoesLeft : $0 <= split.bin }).map { $0 ? 1 : 0 }
    return bins[split.feature].withUnsafeBufferPointer { column in
      goesLeft.withUnsafeBufferPointer { goesLeft in
        order.withUnsafeMutableBufferPointer { order in
          scratch.withUnsafeMutableBufferPointer { right in
            var (next, rights) = (start, 0)
            for k in start..<end {
              let r = order[k]
              let left = goesLeft[Int(column[Int(r)])]
              order[next] = r
              right[rights] = r
              next += left
              rights += 1 - left
            }
            for k in 0..<rights { order[next + k] = right[k] }
            return next
          }
        }
      }
    }
  }
}
