import Foundation

/// Finding the column that names each customer, so outputs can say "customer 17850" rather
/// than "row 1174".
extension DataFrame {
  /// The first column whose name reads as a customer key (customer_id, CustomerID,
  /// `Customer ID`, client_id, …, then id) and whose present values are all different.
  public var customerKey: String? {
    let preferred = ["customerid", "customer", "customerkey", "customerno", "customernumber", "clientid", "client", "id"]
    let normal = { (name: String) in String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }) }
    for wanted in preferred {
      for column in columns where normal(column.name) == wanted && column.type != .double && column.type != .bool {
        let values = (0..<column.count).map { column.value(at: $0) }.filter { !$0.isMissing }
        if !values.isEmpty && Set(values).count == values.count { return column.name }
      }
    }
    return nil
  }
}
