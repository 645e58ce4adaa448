import Testing
@testable import SegEngine

/// The column that names each customer is found by its name, if its values are unique.
@Suite struct CustomerKeyTests {
  @Test(arguments: [
    (["CustomerID", "recency"], "CustomerID"),
    (["age", "customer_id"], "customer_id"),
    (["Customer ID", "spend"], "Customer ID"),
    (["id", "client_id"], "client_id"),
    (["id", "x"], "id"),
    (["x", "y"], nil),
  ] as [([String], String?)])
  func theKeyIsFoundByName(_ names: [String], _ key: String?) throws {
    let frame = try DataFrame(columns: names.map { .ints($0, [1, 2, 3]) })
    #expect(frame.customerKey == key)
  }

  @Test func aColumnWithRepeatsIsNoKey() throws {
    let frame = try DataFrame(columns: [.ints("customer_id", [1, 1, 2]), .strings("id", ["a", "b", "c"])])
    #expect(frame.customerKey == "id")
  }
}
