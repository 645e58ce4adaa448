/// Grows a CART classification tree (gini or entropy) on binned features for a random
/// forest: depth first, each node trying features in a random order until `maxFeatures` of
/// them vary in it (scikit-learn's rule), cutting only at bin edges, rows weighted by how
/// often the bootstrap drew them. Cutting at ≤ 255 bin edges instead of every distinct value
/// is what LightGBM's forests do; it is exact for features with ≤ 255 values.
struct BinnedTreeBuilder {
  /// Row-major: row r's bins are rowBins[r * features ..< (r + 1) * features], so a tree
  /// copies its bootstrap rows one contiguous run each.
  let rowBins: [UInt8]
  let features: Int
  let binning: FeatureBins
  let labels: [UInt16]
  let classes: Int
  let criterion: DecisionTree.Criterion
  let maxDepth: Int
  let minSamplesLeaf: Int
  let maxFeatures: Int
  /// Per feature, how many bins its values use.
  let presentBins: [Int]
  /// Per class, what a draw of one of its rows weighs (class_weight); nil: 1 each. Histograms
  /// count draws per class either way, and the weights come in where impurities are measured.
  let classWeights: [Double]?

  init(
    bins: [[UInt8]], binning: FeatureBins, labels: [Int], classes: Int, criterion: DecisionTree.Criterion, maxDepth: Int, minSamplesLeaf: Int, maxFeatures: Int,
    classWeights: [Double]? = nil
  ) {
    precondition(classes <= Int(UInt16.max))
    features = bins.count
    let n = labels.count
    var rowBins = [UInt8](repeating: 0, count: n * bins.count)
    for (f, column) in bins.enumerated() { for r in 0..<n { rowBins[r * bins.count + f] = column[r] } }
    self.rowBins = rowBins
    self.binning = binning
    presentBins = binning.presentBinCounts
    self.labels = labels.map { UInt16($0) }
    self.classes = classes
    self.criterion = criterion
    self.maxDepth = maxDepth
    self.minSamplesLeaf = minSamplesLeaf
    self.maxFeatures = maxFeatures
    self.classWeights = classWeights
  }

  /// A tree from the rows with a positive `weights` entry (bootstrap counts; 1 for every row without bootstrap).
  func build(weights: [Int32], seed: UInt64) -> ForestTree {
    var g = SeededGenerator(seed: seed)
    // The drawn rows' bins, classes and weights, kept so that every node's rows are
    // contiguous: scanning a node reads memory in order instead of jumping between rows.
    let drawnRows = (0..<labels.count).filter { weights[$0] > 0 }
    var data = [UInt8](repeating: 0, count: drawnRows.count * features)
    data.withUnsafeMutableBufferPointer { data in
      rowBins.withUnsafeBufferPointer { rowBins in
        for (k, r) in drawnRows.enumerated() { (data.baseAddress! + k * features).update(from: rowBins.baseAddress! + r * features, count: features) }
      }
    }
    var rowLabels = drawnRows.map { labels[$0] }
    var rowWeights = drawnRows.map { weights[$0] }
    var tree = ForestTree(classes: classes, weighted: classWeights != nil)
    // Nodes waiting to grow, and beside them (in the same last-in first-out order, so a
    // node's entries are always the last ones) their class counts and the features found
    // constant above them: constant in every descendant too, so drawing one costs no scan
    // (scikit-learn keeps the same list).
    var stack = [Pending(start: 0, end: drawnRows.count, depth: 0, rightOf: -1, constants: 0)]
    var pendingCounts = [Int](repeating: 0, count: classes)
    for (label, weight) in zip(rowLabels, rowWeights) { pendingCounts[Int(label)] += Int(weight) }
    var pendingConstants: [Int] = []
    var counts = [Int](repeating: 0, count: classes), weighted = classWeights.map { _ in [Double](repeating: 0, count: classes) }
    var constant: [Int] = []
    var drawn = Array(0..<features)
    let width = 256 * classes
    let work = Workspace(features: features, maxFeatures: maxFeatures, classes: classes)
    defer { work.deallocate() }
    let (isConstant, tried, histogram, distinct) = (work.isConstant, work.tried, work.histogram, work.distinct)
    let (low, high, sparse, present, visit) = (work.low, work.high, work.sparse, work.present, work.visit)
    let countsRows = minSamplesLeaf > 1
    var leftMass = [Double](repeating: 0, count: classes), rightMass = leftMass
    var left = [Int](repeating: 0, count: classes), right = left, bestLeft = left
    var scratch = Scratch(rows: drawnRows.count, width: features)
    while let pending = stack.popLast() {
      let (start, end, depth) = (pending.start, pending.end, pending.depth)
      let countsAt = pendingCounts.count - classes
      for c in 0..<classes { counts[c] = pendingCounts[countsAt + c] }
      pendingCounts.removeLast(classes)
      let knownConstant = pendingConstants.count - pending.constants
      constant.removeAll(keepingCapacity: true)
      constant.append(contentsOf: pendingConstants[knownConstant...])
      pendingConstants.removeLast(pending.constants)
      let total = counts.reduce(0, +)
      let impurity: Double
      if let w = classWeights {
        for c in 0..<classes { weighted![c] = Double(counts[c]) * w[c] }
        impurity = DecisionTree.impurity(criterion, weighted!, weighted!.reduce(0, +))
      } else {
        impurity = DecisionTree.impurity(criterion, counts, total)
      }
      let id = tree.add(counts: counts, impurity: impurity, weighted: weighted)
      if pending.rightOf >= 0 { tree.setRight(of: pending.rightOf, to: id) }
      let rows = end - start
      guard depth < maxDepth, rows >= 2, rows >= 2 * minSamplesLeaf, impurity > Double.ulpOfOne else { continue }
      var best: (feature: Int, bin: Int, proxy: Double)?
      var visited = 0, next = 0
      let known = constant.count
      for f in constant { isConstant[f] = true }
      defer { for f in constant[..<known] { isConstant[f] = false } }
      // Features are drawn (a partial Fisher-Yates shuffle) in batches of as many as are still
      // needed, so the draws are those of trying one feature at a time until maxFeatures vary.
      while visited < maxFeatures, next < features {
        let draws = min(maxFeatures - visited, features - next)
        for j in 0..<draws { drawn.swapAt(next + j, next + j + g.below(features - next - j)) }
        var batch = 0
        for f in drawn[next..<(next + draws)] where !isConstant[f] {
          tried[batch] = f
          batch += 1
        }
        next += draws
        guard batch > 0 else { continue }
        // Row by row, every feature of the batch: a row's bins share a cache line, read once.
        data.withUnsafeBufferPointer { data in
          rowLabels.withUnsafeBufferPointer { rowLabels in
            rowWeights.withUnsafeBufferPointer { rowWeights in
              // Specialised on whether rows are counted, so the hot loop does not ask.
              @inline(__always) func scan(countingRows: Bool) {
                for k in start..<end {
                  let row = data.baseAddress! + k &* features
                  let (label, weight) = (Int(rowLabels[k]), Int(rowWeights[k]))
                  for j in 0..<batch {
                    let b = Int(row[tried[j]])
                    histogram[j &* width &+ b &* classes &+ label] &+= weight
                    if countingRows { distinct[j &* 256 &+ b] &+= 1 }
                  }
                }
              }
              if countsRows { scan(countingRows: true) } else { scan(countingRows: false) }
              // The bins the rows fell in, from the rows when fewer than the bins, else from the histogram.
              for j in 0..<batch {
                let (f, hist) = (tried[j], histogram.baseAddress! + j &* width)
                sparse[j] = end - start < presentBins[f]
                if sparse[j] {
                  for k in start..<end {
                    let b = Int(data[k &* features &+ f])
                    present[j &* 4 &+ b &>> 6] |= 1 &<< UInt64(b & 63)
                  }
                  let words = present[(j * 4)..<(j * 4 + 4)]
                  let first = words.firstIndex { $0 != 0 }!, last = words.lastIndex { $0 != 0 }!
                  low[j] = (first - j * 4) * 64 + words[first].trailingZeroBitCount
                  high[j] = (last - j * 4) * 64 + 63 - words[last].leadingZeroBitCount
                } else {
                  let used = { (b: Int) in (0..<classes).contains { hist[b &* classes &+ $0] != 0 } }
                  low[j] = (0..<presentBins[f]).first(where: used) ?? 0
                  high[j] = (0..<presentBins[f]).last(where: used) ?? 0
                }
              }
            }
          }
        }
        for j in 0..<batch {
          let f = tried[j]
          let hist = j * width
          // The bins to visit, lowest first: the node's rows' own, or every bin from the lowest to the highest.
          var bins = 0
          if sparse[j] {
            for w in 0..<4 {
              var bits = present[j * 4 + w]
              while bits != 0 {
                visit[bins] = w * 64 + bits.trailingZeroBitCount
                bins += 1
                bits &= bits - 1
              }
              present[j * 4 + w] = 0
            }
          } else {
            for b in low[j]...high[j] {
              visit[bins] = b
              bins += 1
            }
          }
          defer {
            for t in 0..<bins {
              let b = visit[t]
              distinct[j * 256 + b] = 0
              for c in 0..<classes { histogram[hist + b * classes + c] = 0 }
            }
          }
          guard low[j] < high[j] else { constant.append(f); continue }
          visited += 1
          for c in 0..<classes { (left[c], right[c]) = (0, counts[c]) }
          var leftRows = 0, leftWeight = 0
          // Cuts after each bin but the highest.
          for t in 0..<(bins - 1) {
            let b = visit[t]
            var weight = 0
            for c in 0..<classes {
              let v = histogram[hist + b * classes + c]
              left[c] += v
              right[c] -= v
              weight += v
            }
            guard weight > 0 else { continue }
            leftWeight += weight
            // Rows (not draws) count towards min_samples_leaf; with 1, any split of present bins will do.
            leftRows += countsRows ? distinct[j * 256 + b] : 1
            guard leftRows >= minSamplesLeaf, rows - leftRows >= minSamplesLeaf else { continue }
            let proxy: Double
            if let w = classWeights {
              for c in 0..<classes { (leftMass[c], rightMass[c]) = (Double(left[c]) * w[c], Double(right[c]) * w[c]) }
              let (l, r) = (leftMass.reduce(0, +), rightMass.reduce(0, +))
              proxy = -r * DecisionTree.impurity(criterion, rightMass, r) - l * DecisionTree.impurity(criterion, leftMass, l)
            } else {
              let rightWeight = total - leftWeight
              proxy = -Double(rightWeight) * DecisionTree.impurity(criterion, right, rightWeight) - Double(leftWeight) * DecisionTree.impurity(criterion, left, leftWeight)
            }
            if proxy > (best?.proxy ?? -.infinity) {
              best = (f, b, proxy)
              for c in 0..<classes { bestLeft[c] = left[c] }
            }
          }
        }
      }
      guard let best else { continue }
      let cut = UInt8(best.bin)
      let middle = scratch.partition(&data, &rowLabels, &rowWeights, width: features, start, end, feature: best.feature, cut: cut)
      tree.split(id, feature: best.feature, threshold: binning.thresholds[best.feature][best.bin])
      // The children's class counts are the best split's two sides: no pass over their rows.
      // The right child is pushed first, so the left one grows next and is node id + 1.
      for c in 0..<classes { pendingCounts.append(counts[c] - bestLeft[c]) }
      pendingConstants.append(contentsOf: constant)
      stack.append(Pending(start: middle, end: end, depth: depth + 1, rightOf: id, constants: constant.count))
      pendingCounts.append(contentsOf: bestLeft)
      pendingConstants.append(contentsOf: constant)
      stack.append(Pending(start: start, end: middle, depth: depth + 1, rightOf: -1, constants: constant.count))
    }
    return tree.trimmed()
  }

  /// The split search's working memory, allocated once per tree: raw buffers, because the
  /// search touches them millions of times and an array would check it is unshared each time.
  private struct Workspace {
    /// The node's known constant features, marked for the draws (set and cleared per node).
    let isConstant: UnsafeMutableBufferPointer<Bool>
    /// The features of a batch not known constant: the first `batch` entries.
    let tried: UnsafeMutableBufferPointer<Int>
    /// One histogram (weighted class counts per bin) and one row count per bin for each
    /// feature of a batch; cleared after use over the bins the node's rows touched.
    let histogram: UnsafeMutableBufferPointer<Int>
    let distinct: UnsafeMutableBufferPointer<Int>
    /// Per feature of a batch, the lowest and highest bin of the node's rows.
    let low: UnsafeMutableBufferPointer<Int>
    let high: UnsafeMutableBufferPointer<Int>
    /// For a node with fewer rows than a feature has bins, the bins its rows fell in, as a
    /// 256-bit set per feature of the batch: the split search visits those instead of every
    /// bin from the lowest to the highest (deep nodes have a few rows spread over many bins).
    let sparse: UnsafeMutableBufferPointer<Bool>
    let present: UnsafeMutableBufferPointer<UInt64>
    /// The bins one feature's search visits, lowest first.
    let visit: UnsafeMutableBufferPointer<Int>

    init(features: Int, maxFeatures: Int, classes: Int) {
      func zeros<T: Numeric>(_ count: Int) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        buffer.initialize(repeating: 0)
        return buffer
      }
      isConstant = .allocate(capacity: features)
      isConstant.initialize(repeating: false)
      sparse = .allocate(capacity: maxFeatures)
      sparse.initialize(repeating: false)
      (tried, histogram, distinct) = (zeros(features), zeros(maxFeatures * 256 * classes), zeros(maxFeatures * 256))
      (low, high, present, visit) = (zeros(maxFeatures), zeros(maxFeatures), zeros(maxFeatures * 4), zeros(256))
    }

    func deallocate() {
      isConstant.deallocate(); tried.deallocate(); histogram.deallocate(); distinct.deallocate()
      low.deallocate(); high.deallocate(); sparse.deallocate(); present.deallocate(); visit.deallocate()
    }
  }

  /// A node to grow: its rows start..<end, its depth, the node it is the right child of
  /// (-1: a left child, or the root), and how many constant features it has at the end of
  /// the pending list.
  private struct Pending {
    var start: Int, end: Int, depth: Int
    var rightOf: Int
    var constants: Int
  }

  /// Room for the rows going right while a node's rows are put in order.
  struct Scratch {
    var data: [UInt8]
    var labels: [UInt16]
    var weights: [Int32]

    /// Room for `rows` rows of `width` bins.
    init(rows: Int, width: Int) {
      data = [UInt8](repeating: 0, count: rows * width)
      labels = [UInt16](repeating: 0, count: rows)
      weights = [Int32](repeating: 0, count: rows)
    }

    /// Moves rows start..<end (row-major `data`, `width` bins a row, with their labels and
    /// weights) whose bin of `feature` is ≤ `cut` before the others, each part keeping its
    /// order, and returns where the right part starts.
    mutating func partition(
      _ data: inout [UInt8], _ labels: inout [UInt16], _ weights: inout [Int32], width: Int, _ start: Int, _ end: Int, feature: Int, cut: UInt8
    ) -> Int {
      var next = start, rights = 0
      data.withUnsafeMutableBufferPointer { d in
        labels.withUnsafeMutableBufferPointer { labels in
          weights.withUnsafeMutableBufferPointer { weights in
            self.data.withUnsafeMutableBufferPointer { rightData in
              self.labels.withUnsafeMutableBufferPointer { rightLabels in
                self.weights.withUnsafeMutableBufferPointer { rightWeights in
                  let (base, rightBase) = (d.baseAddress!, rightData.baseAddress!)
                  for k in start..<end {
                    let row = base + k &* width
                    if row[feature] <= cut {
                      if next != k {
                        (base + next &* width).update(from: row, count: width)
                        labels[next] = labels[k]
                        weights[next] = weights[k]
                      }
                      next += 1
                    } else {
                      (rightBase + rights &* width).update(from: row, count: width)
                      rightLabels[rights] = labels[k]
                      rightWeights[rights] = weights[k]
                      rights += 1
                    }
                  }
                  (base + next &* width).update(from: rightBase, count: rights &* width)
                  (labels.baseAddress! + next).update(from: rightLabels.baseAddress!, count: rights)
                  (weights.baseAddress! + next).update(from: rightWeights.baseAddress!, count: rights)
                }
              }
            }
          }
        }
      }
      return next
    }
  }
}
