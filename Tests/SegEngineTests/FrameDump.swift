@testable import SegEngine

/// A compact text form of a frame for table-driven expectations: `name:type=v|v|·; …`
/// where `·` is missing and text shows as written.
func dump(_ frame: DataFrame) -> String {
  frame.columns.map { c in
    "\(c.name):\(c.type.rawValue)=" + (0..<c.count).map { i in
      let v = c.value(at: i)
      return v.isMissing ? "·" : ValueFormatter.plain(v)
    }.joined(separator: "|")
  }.joined(separator: "; ")
}

import Foundation

/// Online Retail after the standard cleaning (customer present, not a C invoice, quantity
/// and price above 0): the rows RFM and the reference computations start from.
enum RetailFixture {
  static let keep: ColumnExpr = .binary(
    .and,
    .binary(.and, .isMissing(.column("CustomerID"), negated: true), .not(.call("starts_with", [.column("InvoiceNo"), .literal(.string("C"))]))),
    .binary(.and, .binary(.greater, .column("Quantity"), .literal(.int(0))), .binary(.greater, .column("UnitPrice"), .literal(.int(0)))))

  static func clean(_ retail: DataFrame) throws -> DataFrame {
    try retail.filtering(try retail.evaluateCondition(keep, context: EvaluationContext(today: 0)))
  }
}
