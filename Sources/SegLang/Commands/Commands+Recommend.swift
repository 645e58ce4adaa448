import SegEngine

/// Recommendations from what customers bought.
extension CommandTable {
  static let recommend = CommandSpec(
    "recommend", family: .segment, summary: "items to recommend, per segment and per customer",
    explanation: """
      Reads purchases (from=, one row per line bought) and recommends items. Per segment
      (by=): the items its customers buy far more often than the whole base, ranked by lift
      (the segment's share of buyers divided by the base's; 3 means three times as common),
      among items at least min_support of the segment bought. Per customer: the items most
      often bought together with what they bought ("bought together": for each item they
      have, how many customers bought both), never what they already have; customers with
      too few such items get their segment's top items. Ties go to the item name, so the
      result is the same every run. as names the per-customer frame.
      """,
    options: [
      OptionSpec("from", .frame, default: .required, "the purchases frame"),
      OptionSpec("item", .column, default: .required, "the purchases column that names the item"),
      OptionSpec("customer", .column, default: "customer_id", "the customer key, in both frames"),
      OptionSpec("by", .column, default: .described("the latest segment labels of the current frame"), "the segment column of the current frame"),
      OptionSpec("top", .integer(min: 1), default: "5", "items per segment and per customer"),
      OptionSpec("min_support", .fraction, default: "2%", "the smallest share of a segment that must have bought an item"),
    ],
    output: "the per-customer recommendations frame (default: recommendations)",
    example: segmentExampleSetup + """
      sample transactions seed=7 as tx
      use customers
      recommend from=tx item=category top=2 as recs
      show n=4
      """
  ) { inv in
    let purchases = try inv.env.catalog.frame(named: inv.text("from") ?? "")
    let customerName = inv.names("customer").first ?? "customer_id"
    let (_, customers) = try inv.env.catalog.current()
    let keys = { (frame: DataFrame) throws -> [String?] in
      let c = try frame.column(customerName)
      return (0..<c.count).map { c.value(at: $0).isMissing ? nil : ValueFormatter.plain(c.value(at: $0)) }
    }
    let items = try purchases.column(inv.names("item").first ?? "")
    let recommender = Recommender(customer: try keys(purchases), item: (0..<items.count).map { items.value(at: $0).isMissing ? nil : ValueFormatter.plain(items.value(at: $0)) })
    guard !recommender.customers.isEmpty else { throw EngineError.emptyInput("the purchases have no customer with an item") }
    let top = inv.int("top") ?? 5
    // Segments of the customers frame, by key; without one everybody is one segment.
    let segmentName = inv.names("by").first ?? inv.env.catalog.latestLabel(in: customers)
    var segmentOf: [String: String] = [:]
    if let segmentName {
      let labels = try customers.column(segmentName)
      for (row, key) in try keys(customers).enumerated() {
        if let key, !labels.value(at: row).isMissing { segmentOf[key] = ValueFormatter.plain(labels.value(at: row)) }
      }
    } else {
      for c in recommender.customers { segmentOf[c] = "all" }
    }
    let bySegment = recommender.segmentItems(segments: segmentOf, top: top, minSupport: inv.number("min_support") ?? 0.02)
    let display = { (s: String) in Int(s).map { inv.env.catalog.segmentLabel($0, of: segmentName ?? "") } ?? s }
    inv.output(.table(Table(
      title: "items with the highest lift per \(segmentName ?? "customer base")", headers: [segmentName ?? "segment", "item", "buyers", "support", "base support", "lift"],
      rows: bySegment.flatMap { s, items in
        items.map { [display(s), recommender.items[$0.item], grouped($0.buyers), percent($0.support), percent($0.baseSupport), ValueFormatter.number($0.lift, significant: 3)] }
      }, numeric: [false, false, true, true, true, true])))
    let table = try recommender.coOccurrence()
    let segmentTop = Dictionary(uniqueKeysWithValues: bySegment.map { ($0.segment, $0.items.map(\.item)) })
    var rows: (customer: [String], rank: [Int], item: [String], score: [Int?], source: [String]) = ([], [], [], [], [])
    for (c, key) in recommender.customers.enumerated() {
      try Task.checkCancellation()
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
    let out = try DataFrame(columns: [
      .strings(customerName, rows.customer), .ints("rank", rows.rank), .strings("item", rows.item),
      .ints("together", rows.score), .strings("source", rows.source),
    ])
    let name = inv.outputName ?? "recommendations"
    inv.env.catalog.store(out, as: name, makeCurrent: false)
    inv.message("\(name): \(plural(out.rowCount, "recommendation")) for \(plural(recommender.customers.count, "customer")) from \(plural(recommender.items.count, "item")) (together: customers who bought it with what this customer bought)")
  }
}
