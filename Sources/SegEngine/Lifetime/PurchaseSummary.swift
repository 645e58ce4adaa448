import Foundation

/// Each customer's purchase history as the buy-till-you-die models read it, defined as the
/// literature and lifetimes' `summary_data_from_transaction_data` define it: purchases in the
/// same period merge into one, `frequency` counts the repeat purchases, `recency` and `T`
/// run from the first purchase to the last one and to the end of the observation.
public struct PurchaseSummary: Sendable {
  /// The calendar period purchases merge in, and the unit times are counted in.
  public enum Period: String, CaseIterable, Sendable, Codable {
    case day, week

    /// Days in one period.
    public var days: Int { self == .day ? 1 : 7 }

    /// The period a day falls in: weeks run Monday to Sunday, as pandas' "W" periods.
    func index(ofDay day: Int) -> Int { self == .day ? day : floorDiv(day + 3, 7) }

    /// The first day of a period.
    func firstDay(ofIndex index: Int) -> Int { self == .day ? index : index * 7 - 3 }
  }

  public struct Options: Sendable {
    public var customer: String
    public var date: String
    /// Purchases on the same day (or in the same week) count as one.
    public var period = Period.day
    /// The unit of recency and T; at least as long as the period (`freq=day unit=week`
    /// gives the weeks of the papers: days divided by 7).
    public var unit: Period? = nil
    /// The last day of the calibration part (days since 1970); later purchases are the holdout.
    public var calibrationEnd: Int? = nil
    public init(customer: String, date: String) {
      self.customer = customer
      self.date = date
    }
  }

  /// Customer keys, sorted.
  public var customers: Column
  /// Repeat purchases (periods with a purchase after the first), whole numbers.
  public var frequency: [Double]
  /// Time from the first to the last purchase.
  public var recency: [Double]
  /// Time from the first purchase to the end of the (calibration) observation.
  public var age: [Double]
  /// The mean value of the repeat purchases (same-period purchases summed), 0 without any;
  /// nil when no amount was given.
  public var monetary: [Double]?
  public var holdout: Holdout?
  /// Births and repeat purchases per period, from the first purchase to the end of the data.
  public var tracking: Tracking
  public var period: Period
  public var unit: Period
  /// The last day counted (the calibration end when there is one).
  public var observationEnd: Int
  public var read: TransactionsRead
  /// Customers whose first purchase falls in the holdout (left out: they have no history to fit).
  public var holdoutOnly: Int

  /// What happened after the calibration end, per customer of the summary.
  public struct Holdout: Sendable {
    /// Periods with a purchase in the holdout.
    public var frequency: [Double]
    /// The mean holdout purchase value (per transaction row, as lifetimes), 0 without any.
    public var monetary: [Double]?
    /// The holdout's length in units.
    public var duration: Double
    /// The last day of the data.
    public var end: Int
  }

  /// First and repeat purchases per period, for the cumulative repeat transactions check.
  public struct Tracking: Sendable {
    /// The first period's first day (days since 1970).
    public var firstDay: Int
    /// Customers whose first purchase is in each period.
    public var births: [Int]
    /// Repeat purchases (merged per period) in each period.
    public var repeats: [Int]
    /// Periods in the calibration part (all, without a calibration end).
    public var calibrationPeriods: Int
  }

  /// Units per period, as a factor: 1/7 for daily periods counted in weeks.
  var unitsPerPeriod: Double { Double(period.days) / Double(unit.days) }

  /// Summarises `tx` (one row per purchase line); `amount` is each row's value, or nil.
  public init(_ tx: DataFrame, amount: Column?, options: Options) throws {
    let value = amount ?? .doubles("amount", [Double](repeating: 0, count: tx.rowCount))
    let rows = try Transactions(tx, customer: options.customer, date: options.date, amount: value)
    try self.init(customers: try rows.rows.column(options.customer), days: rows.seconds.map { floorDiv($0, 86400) }, amounts: rows.amounts,
      lines: nil, hasAmount: amount != nil, read: rows.read, options: options)
  }

  /// Summarises purchases already summed per customer and day where the transactions are (a
  /// cluster): columns `options.customer`, `day` (days since 1970), `amount` (the day's
  /// value, when there is one) and `lines` (the transaction rows the day holds); `read` says
  /// how many transaction rows there were and why some were left out.
  public init(customerDays: DataFrame, day: String, amount: String?, lines: String, read: TransactionsRead, options: Options) throws {
    guard customerDays.rowCount > 0 else { throw EngineError.emptyInput("no transactions have a customer, a date and an amount") }
    let whole = { (name: String) throws -> [Int] in
      let column = try customerDays.column(name)
      return try (0..<column.count).map { i in
        guard case .int(let v) = column.value(at: i) else { throw EngineError.typeMismatch(column: name, expected: "whole numbers", actual: column.type.rawValue) }
        return v
      }
    }
    let amounts = try amount.map { name in
      let column = try customerDays.column(name)
      guard column.type.isNumeric, let values = column.doubles() else {
        throw EngineError.typeMismatch(column: name, expected: "numbers for the purchase value", actual: column.type.rawValue)
      }
      return values
    } ?? [Double](repeating: 0, count: customerDays.rowCount)
    try self.init(customers: try customerDays.column(options.customer), days: try whole(day), amounts: amounts, lines: try whole(lines),
      hasAmount: amount != nil, read: read, options: options)
  }

  /// The summary of purchases on `days` (days since 1970), each `lines` transaction rows (1 when nil).
  private init(customers customerColumn: Column, days: [Int], amounts: [Double], lines: [Int]?, hasAmount: Bool, read: TransactionsRead, options: Options) throws {
    let unit = options.unit ?? options.period
    guard unit.days >= options.period.days else {
      throw EngineError.invalidParameter(name: "unit", value: unit.rawValue,
        reason: "is shorter than the period purchases merge in (freq=\(options.period.rawValue)); use unit=\(options.period.rawValue) or longer")
    }
    let lastDay = days.max()!, firstDay = days.min()!
    if let end = options.calibrationEnd {
      guard end >= firstDay, end < lastDay else {
        throw EngineError.invalidParameter(name: "calibration_end", value: CivilDate.format(days: end),
          reason: "must fall from the first purchase (\(CivilDate.format(days: firstDay))) to the day before the last (\(CivilDate.format(days: lastDay))), so both parts have purchases")
      }
    }
    let calibrationEnd = options.calibrationEnd ?? lastDay
    let period = options.period
    let periods = days.map(period.index(ofDay:))
    let keys = RowKeys([customerColumn])
    let origin = periods.min()!
    let span = periods.max()! - origin + 1
    let endPeriod = period.index(ofDay: calibrationEnd)

    // One entry per (customer, period): rows sorted by customer, then period.
    let order = (0..<periods.count).sorted { (keys.ids[$0], periods[$0]) < (keys.ids[$1], periods[$1]) }
    let customerCount = keys.groupCount
    var first = [Int](repeating: Int.max, count: customerCount)
    var last = [Int](repeating: Int.min, count: customerCount)
    var count = [Int](repeating: 0, count: customerCount)
    var repeatSum = [Double](repeating: 0, count: customerCount)
    var holdoutPeriods = [Int](repeating: 0, count: customerCount)
    var holdoutSum = [Double](repeating: 0, count: customerCount)
    var holdoutRows = [Int](repeating: 0, count: customerCount)
    var births = [Int](repeating: 0, count: span)
    var repeats = [Int](repeating: 0, count: span)
    var everSeen = [Bool](repeating: false, count: customerCount)
    var k = 0
    while k < order.count {
      let c = keys.ids[order[k]], p = periods[order[k]]
      var spent = 0.0
      var holdoutLines = 0
      var holdoutSpent = 0.0
      var inCalibration = false
      while k < order.count, keys.ids[order[k]] == c, periods[order[k]] == p {
        let row = order[k]
        if days[row] <= calibrationEnd {
          inCalibration = true
          spent += amounts[row]
        } else {
          holdoutLines += lines?[row] ?? 1
          holdoutSpent += amounts[row]
        }
        k += 1
      }
      if everSeen[c] { repeats[p - origin] += 1 } else { births[p - origin] += 1 }
      everSeen[c] = true
      if inCalibration {
        if count[c] > 0 { repeatSum[c] += spent }
        first[c] = min(first[c], p)
        last[c] = max(last[c], p)
        count[c] += 1
      }
      if holdoutLines > 0 {
        holdoutPeriods[c] += 1
        holdoutSum[c] += holdoutSpent
        holdoutRows[c] += holdoutLines
      }
    }

    let kept = (0..<customerCount).filter { count[$0] > 0 }
    let scale = Double(period.days) / Double(unit.days)
    let keyColumn = customerColumn.gather(kept.map { keys.firstRows[$0] })
    let sorted = try DataFrame(columns: [keyColumn]).sortOrder(by: [SortKey(options.customer)])
    let slots = sorted.map { kept[$0] }
    customers = keyColumn.gather(sorted)
    frequency = slots.map { Double(count[$0] - 1) }
    recency = slots.map { Double(last[$0] - first[$0]) * scale }
    age = slots.map { Double(endPeriod - first[$0]) * scale }
    monetary = !hasAmount ? nil : slots.map { count[$0] > 1 ? repeatSum[$0] / Double(count[$0] - 1) : 0 }
    if options.calibrationEnd != nil {
      holdout = Holdout(
        frequency: slots.map { Double(holdoutPeriods[$0]) },
        monetary: !hasAmount ? nil : slots.map { holdoutRows[$0] > 0 ? holdoutSum[$0] / Double(holdoutRows[$0]) : 0 },
        duration: Double(period.index(ofDay: lastDay) - endPeriod) * scale, end: lastDay)
    }
    tracking = Tracking(firstDay: period.firstDay(ofIndex: origin), births: births, repeats: repeats, calibrationPeriods: endPeriod - origin + 1)
    self.period = period
    self.unit = unit
    observationEnd = calibrationEnd
    self.read = read
    holdoutOnly = customerCount - kept.count
  }

  /// The summary as a frame: customer, frequency, recency, T, monetary_value and the holdout columns.
  public func frame() throws -> DataFrame {
    var columns: [Column] = [customers, .doubles("frequency", frequency), .doubles("recency", recency), .doubles("T", age)]
    if let monetary { columns.append(.doubles("monetary_value", monetary)) }
    if let holdout {
      columns.append(.doubles("frequency_holdout", holdout.frequency))
      if let m = holdout.monetary { columns.append(.doubles("monetary_value_holdout", m)) }
      columns.append(.doubles("duration_holdout", [Double](repeating: holdout.duration, count: frequency.count)))
    }
    return try DataFrame(columns: columns)
  }
}
