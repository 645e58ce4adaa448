/// The transactions a customer feature reads: checked once, the same way for RFM and CLV.
struct Transactions {
  /// Rows with a customer, a date and an amount (the others cannot count).
  let rows: DataFrame
  /// Seconds since 1970 of each kept row.
  let seconds: [Int]
  let amounts: [Double]
  let read: TransactionsRead

  /// Keeps the customer column and `keep` (the invoice) of the usable rows: nothing else is read.
  init(_ tx: DataFrame, customer: String, date: String, amount: Column, keep: String? = nil) throws {
    let customerColumn = try tx.column(customer)
    let dateColumn = try tx.column(date)
    let allSeconds: [Int]
    switch dateColumn.storage {
    case .date(let d): allSeconds = d.map { $0 * 86400 }
    case .datetime(let t): allSeconds = t
    default:
      throw EngineError.typeMismatch(
        column: date, expected: "dates (load with date_format= if they are text)", actual: dateColumn.type.rawValue)
    }
    guard let money = amount.doubles(), amount.type.isNumeric else {
      throw EngineError.typeMismatch(column: "amount", expected: "numbers for the purchase value", actual: amount.type.rawValue)
    }
    let usable = (0..<tx.rowCount).filter { customerColumn.isValid($0) && dateColumn.isValid($0) && !money[$0].isNaN }
    guard !usable.isEmpty else { throw EngineError.emptyInput("no transactions have a customer, a date and an amount") }
    rows = try tx.selecting([customer] + (keep.map { [$0] } ?? [])).gather(usable)
    seconds = usable.map { allSeconds[$0] }
    amounts = usable.map { money[$0] }
    let withoutCustomer = (0..<tx.rowCount).count { !customerColumn.isValid($0) }
    read = TransactionsRead(used: usable.count, withoutCustomer: withoutCustomer, incomplete: tx.rowCount - usable.count - withoutCustomer)
  }

  /// The purchases column for counting: distinct invoices, or every row without one.
  func purchases(invoice: String?, name: String) throws -> AggregateSpec {
    AggregateSpec(name: name, function: invoice == nil ? .count : .nunique, input: try invoice.map { try rows.column($0) })
  }
}

/// Which transactions a customer feature counted: rows without a customer, or with a
/// customer but no date or amount, are left out.
public struct TransactionsRead: Sendable, Equatable {
  public let used: Int
  public let withoutCustomer: Int
  public let incomplete: Int

  public init(used: Int, withoutCustomer: Int, incomplete: Int) {
    (self.used, self.withoutCustomer, self.incomplete) = (used, withoutCustomer, incomplete)
  }

  /// "15,523 without a customer and 3 without a date or amount left out", or nil when none were.
  public var leftOutNote: String? {
    var parts: [String] = []
    if withoutCustomer > 0 { parts.append("\(ValueFormatter.grouped(withoutCustomer)) without a customer") }
    if incomplete > 0 { parts.append("\(ValueFormatter.grouped(incomplete)) without a date or amount") }
    return parts.isEmpty ? nil : parts.joined(separator: " and ") + " left out"
  }
}
