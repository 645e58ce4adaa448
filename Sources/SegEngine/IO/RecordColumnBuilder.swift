/// The values of one field across records read one at a time (JSON objects, database rows),
/// typed by what they hold: whole numbers become decimals when a decimal appears; any other
/// mix of types is refused where it happens, so the reader can say where.
struct RecordColumnBuilder {
  let name: String
  private(set) var type: DataType?
  private var numbers: [Int] = []  // ints, dates and datetimes
  private var doubles: [Double] = []
  private var bools: [Bool] = []
  private var strings: [String] = []
  /// Rows that hold a value (the others are missing), in order.
  private var present: [Int] = []
  /// The record where the column's type was set, for the message when another type turns up.
  private var typedAt = 0

  init(name: String, type: DataType? = nil) {
    self.name = name
    self.type = type
  }

  /// Adds the value of record `row` (rows arrive in order); nil, or why it does not fit.
  mutating func append(_ value: Scalar, row: Int) -> String? {
    guard let incoming = value.type else { return nil }
    switch (type, incoming) {
    case (nil, _):
      type = incoming
      typedAt = row
    case (.int?, .double):
      doubles = numbers.map(Double.init)
      numbers = []
      type = .double
    case (let t?, _) where t == incoming || (t == .double && incoming == .int): break
    case (let t?, _): return "record \(typedAt + 1) made it \(Self.described(t))"
    }
    switch value {
    case .missing: break
    case .int(let v): if type == .double { doubles.append(Double(v)) } else { numbers.append(v) }
    case .double(let v): doubles.append(v)
    case .bool(let v): bools.append(v)
    case .string(let v): strings.append(v)
    case .date(let v), .datetime(let v): numbers.append(v)
    }
    present.append(row)
    return nil
  }

  static func described(_ t: DataType) -> String {
    switch t {
    case .int, .double: "a number"
    case .bool: "true/false"
    case .string: "text"
    case .date: "a date"
    case .datetime: "a date-time"
    }
  }

  /// The column over `rows` records. With `datesFromText`, text that is all ISO dates (or
  /// all date-times) becomes dates, as CSV's typing does.
  func column(rows: Int, datesFromText: Bool) -> Column {
    var mask = ValidityMask(allValid: rows)
    if present.count < rows {
      var isPresent = [Bool](repeating: false, count: rows)
      for r in present { isPresent[r] = true }
      for r in 0..<rows where !isPresent[r] { mask[r] = false }
    }
    func spread<T>(_ values: [T], zero: T) -> [T] {
      if present.count == rows { return values }
      var out = [T](repeating: zero, count: rows)
      for (k, r) in present.enumerated() { out[r] = values[k] }
      return out
    }
    switch type {
    case nil: return Column(name: name, storage: .double([Double](repeating: .nan, count: rows)), validity: mask)
    case .int?: return Column(name: name, storage: .int(spread(numbers, zero: 0)), validity: mask)
    case .date?: return Column(name: name, storage: .date(spread(numbers, zero: 0)), validity: mask)
    case .datetime?: return Column(name: name, storage: .datetime(spread(numbers, zero: 0)), validity: mask)
    case .double?: return Column(name: name, storage: .double(spread(doubles, zero: .nan)), validity: mask)
    case .bool?: return Column(name: name, storage: .bool(spread(bools, zero: false)), validity: mask)
    case .string?:
      if datesFromText && !strings.isEmpty {
        if let days = parsedAll(DateParsing.parseISODate) {
          return Column(name: name, storage: .date(spread(days, zero: 0)), validity: mask)
        }
        if let seconds = parsedAll(DateParsing.parseISODateTime) {
          return Column(name: name, storage: .datetime(spread(seconds, zero: 0)), validity: mask)
        }
      }
      return Column.strings(name, spread(strings.map { Optional($0) }, zero: nil))
    }
  }

  private func parsedAll(_ parse: (ArraySlice<UInt8>) -> Int?) -> [Int]? {
    var out: [Int] = []
    out.reserveCapacity(strings.count)
    for s in strings {
      guard let v = parse(ArraySlice(s.utf8)) else { return nil }
      out.append(v)
    }
    return out
  }
}
