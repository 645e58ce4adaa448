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
    let (_, customers) = try inv.env.catalog.current()
    let segmentName = inv.names("by").first ?? inv.env.catalog.latestLabel(in: customers)
    let result = try Recommendations(purchases: purchases, customer: inv.names("customer").first ?? "customer_id", item: inv.names("item").first ?? "",
      customers: customers, segment: segmentName, top: inv.int("top") ?? 5, minSupport: inv.number("min_support") ?? 0.02)
    let recommender = result.recommender
    let display = { (s: String) in Int(s).map { inv.env.catalog.segmentLabel($0, of: segmentName ?? "") } ?? s }
    inv.output(.table(Table(
      title: "items with the highest lift per \(segmentName ?? "customer base")", headers: [segmentName ?? "segment", "item", "buyers", "support", "base support", "lift"],
      rows: result.bySegment.flatMap { s, items in
        items.map { [display(s), recommender.items[$0.item], grouped($0.buyers), percent($0.support), percent($0.baseSupport), ValueFormatter.number($0.lift, significant: 3)] }
      }, numeric: [false, false, true, true, true, true])))
    let out = result.frame
    let name = inv.outputName ?? "recommendations"
    inv.env.catalog.store(out, as: name, makeCurrent: false)
    inv.message("\(name): \(plural(out.rowCount, "recommendation")) for \(plural(recommender.customers.count, "customer")) from \(plural(recommender.items.count, "item")) (together: customers who bought it with what this customer bought)")
  }
}
