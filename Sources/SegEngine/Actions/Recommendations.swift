/// Recommendations for every customer of a purchases frame: the segment favourites (lift)
/// of each segment, and per customer the items bought together with theirs, filled up with
/// their segment's favourites they do not have yet.
public struct Recommendations: Sendable {
  public let recommender: Recommender
  /// Segment keys (label text, or "all" without segments) with their top items by lift.
  public let bySegment: [(segment: String, items: [Recommender.SegmentItem])]
  /// One row per pick: the customer key (under the purchases' key column), rank, item,
  /// times bought together (missing for a segment favourite), and where it came from.
  public let frame: DataFrame

  /// - Parameters:
  ///   - segment: the label column of `customers` (matched by `customer`); nil makes the
  ///     whole base one segment.
  public init(purchases: DataFrame, customer: String, item: String, customers: DataFrame, segment: String?, top: Int, minSupport: Double) throws {
    let recommender = Recommender(customer: try purchases.column(customer).plainTexts, item: try purchases.column(item).plainTexts)
    guard !recommender.customers.isEmpty else { throw EngineError.emptyInput("the purchases have no customer with an item") }
    var segmentOf: [String: String] = [:]
    if let segment {
      let labels = try customers.column(segment)
      for (row, key) in try customers.column(customer).plainTexts.enumerated() {
        if let key, !labels.value(at: row).isMissing { segmentOf[key] = ValueFormatter.plain(labels.value(at: row)) }
      }
    } else {
      for c in recommender.customers { segmentOf[c] = "all" }
    }
    let bySegment = recommender.segmentItems(segments: segmentOf, top: top, minSupport: minSupport)
    let table = try recommender.coOccurrence()
    let segmentTop = Dictionary(uniqueKeysWithValues: bySegment.map { ($0.segment, $0.items.map(\.item)) })
    var rows: (customer: [String], rank: [Int], item: [String], score: [Int?], source: [String]) = ([], [], [], [], [])
    for (c, key) in recommender.customers.enumerated() {
      if c % 1024 == 0 { try CancellationToken.check() }
      var picks = recommender.boughtTogether(c, table: table, top: top).map { ($0.item, Optional($0.score), "bought together") }
      let owned = Set(recommender.baskets[c])
      for item in segmentTop[segmentOf[key] ?? ""] ?? [] where picks.count < top && !owned.contains(item) && !picks.contains(where: { $0.0 == item }) {
        picks.append((item, nil, "segment favourite"))
      }
      for (rank, pick) in picks.enumerated() {
        rows.customer.append(key); rows.rank.append(rank + 1); rows.item.append(recommender.items[pick.0])
        rows.score.append(pick.1); rows.source.append(pick.2)
      }
    }
    frame = try DataFrame(columns: [
      .strings(customer, rows.customer), .ints("rank", rows.rank), .strings("item", rows.item),
      .ints("together", rows.score), .strings("source", rows.source),
    ])
    (self.recommender, self.bySegment) = (recommender, bySegment)
  }
}
