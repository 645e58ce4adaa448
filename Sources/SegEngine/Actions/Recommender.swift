/// Recommendations from purchase histories: per segment, the items its customers buy far
/// more than the base does (lift); per customer, the items most often bought together with
/// what they bought, excluding what they already have. Ties go to the item name, ascending.
public struct Recommender: Sendable {
  /// Item names, ascending; items are referred to by their index here.
  public let items: [String]
  /// Customer keys in first-seen order, with their distinct items (ascending indices).
  public let customers: [String]
  public let baskets: [[Int]]

  /// Builds baskets from transaction rows (`customer`, `item` per row; missing ones skipped).
  public init(customer: [String?], item: [String?]) {
    let names = Set(item.compactMap { $0 }).sorted()
    let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    var order: [String] = [], position: [String: Int] = [:], sets: [Set<Int>] = []
    for (c, i) in zip(customer, item) {
      guard let c, let i else { continue }
      let p = position[c] ?? { position[c] = order.count; order.append(c); sets.append([]); return order.count - 1 }()
      sets[p].insert(index[i]!)
    }
    items = names
    customers = order
    baskets = sets.map { $0.sorted() }
  }

  /// One item's standing in a segment.
  public struct SegmentItem: Sendable, Equatable {
    public var item: Int
    /// Share of the segment's customers who bought it, and of all customers.
    public var support: Double
    public var baseSupport: Double
    public var lift: Double
    public var buyers: Int
  }

  /// Per segment (of customers with a segment), the `top` items by lift among those bought
  /// by at least `minSupport` of the segment's customers.
  public func segmentItems(segments: [String: String], top: Int, minSupport: Double) -> [(segment: String, items: [SegmentItem])] {
    var base = [Int](repeating: 0, count: items.count)
    var perSegment: [String: (customers: Int, counts: [Int: Int])] = [:]
    var total = 0
    for (c, basket) in zip(customers, baskets) {
      guard let s = segments[c] else { continue }
      total += 1
      perSegment[s, default: (0, [:])].customers += 1
      for i in basket {
        base[i] += 1
        perSegment[s]!.counts[i, default: 0] += 1
      }
    }
    return perSegment.keys.sorted { a, b in
      let (x, y) = (Int(a), Int(b))
      return x != nil && y != nil ? x! < y! : a < b
    }.map { s in
      let (n, counts) = perSegment[s]!
      let ranked = counts.compactMap { i, count -> SegmentItem? in
        let support = Double(count) / Double(n)
        guard support >= minSupport else { return nil }
        let baseSupport = Double(base[i]) / Double(total)
        return SegmentItem(item: i, support: support, baseSupport: baseSupport, lift: support / baseSupport, buyers: count)
      }.sorted { a, b in
        a.lift != b.lift ? a.lift > b.lift : a.support != b.support ? a.support > b.support : a.item < b.item
      }
      return (s, Array(ranked.prefix(top)))
    }
  }

  /// Counts of customers who bought both items, items × items; refused above `maxItems`
  /// because the table grows with the square of the catalogue.
  public func coOccurrence(maxItems: Int = 8192) throws -> [UInt32] {
    let m = items.count
    guard m <= maxItems else {
      throw EngineError.unsupported(
        "\(m) different items is more than the \(maxItems) the bought-together table allows (it needs items² counts); keep the popular items first, e.g. filter the transactions to items bought by at least 5 customers")
    }
    var table = [UInt32](repeating: 0, count: m * m)
    table.withUnsafeMutableBufferPointer { t in
      for basket in baskets {
        try? Task.checkCancellation()
        for a in basket { let row = a * m; for b in basket where b != a { t[row + b] &+= 1 } }
      }
    }
    return table
  }

  /// For customer `c`: up to `top` items not in the basket, by the summed co-occurrence
  /// with the basket's items (positive scores only), highest first.
  public func boughtTogether(_ c: Int, table: [UInt32], top: Int) -> [(item: Int, score: Int)] {
    let m = items.count
    var scores = [UInt64](repeating: 0, count: m)
    table.withUnsafeBufferPointer { t in
      for a in baskets[c] { let row = a * m; for b in 0..<m { scores[b] &+= UInt64(t[row + b]) } }
    }
    for a in baskets[c] { scores[a] = 0 }
    return topItems(scores, top)
  }

  /// The `top` indices with the highest positive scores, ties by index (name order).
  private func topItems(_ scores: [UInt64], _ top: Int) -> [(item: Int, score: Int)] {
    var best: [(item: Int, score: Int)] = []
    for (i, s) in scores.enumerated() where s > 0 {
      if best.count == top, Int(s) <= best[top - 1].score { continue }
      let at = best.firstIndex { Int(s) > $0.score } ?? best.count
      best.insert((i, Int(s)), at: at)
      if best.count > top { best.removeLast() }
    }
    return best
  }
}
