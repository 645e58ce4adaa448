/// The values of one column, stored contiguously by type.
public enum ColumnStorage: Sendable, Equatable {
  case int([Int])
  case double([Double])
  /// Dictionary-encoded text: each row holds an index into `levels`.
  case string(codes: [Int32], levels: [String])
  case bool([Bool])
  /// Days since 1970-01-01.
  case date([Int])
  /// Seconds since 1970-01-01T00:00:00, no time zone.
  case datetime([Int])
}

/// A named, typed column with a validity mask (`nil` when no value is missing).
public struct Column: Sendable, Equatable {
  public var name: String
  public var storage: ColumnStorage
  public var validity: ValidityMask?

  public init(name: String, storage: ColumnStorage, validity: ValidityMask? = nil) {
    self.name = name
    self.storage = storage
    if let validity, validity.missingCount > 0 { self.validity = validity } else { self.validity = nil }
  }

  public var type: DataType {
    switch storage {
    case .int: .int
    case .double: .double
    case .string: .string
    case .bool: .bool
    case .date: .date
    case .datetime: .datetime
    }
  }

  public var count: Int {
    switch storage {
    case .int(let v), .date(let v), .datetime(let v): v.count
    case .double(let v): v.count
    case .string(let codes, _): codes.count
    case .bool(let v): v.count
    }
  }

  @inline(__always)
  public func isValid(_ row: Int) -> Bool { validity?[row] ?? true }

  public var missingCount: Int { validity?.missingCount ?? 0 }

  /// Values `value(at:)` reads as missing: masked ones, and NaN in a column of decimals.
  public var absentCount: Int {
    guard case .double(let v) = storage else { return missingCount }
    var absent = 0
    for i in v.indices where v[i].isNaN || !isValid(i) { absent += 1 }
    return absent
  }

  /// The value at `row` as a scalar, for display and for row-wise consumers.
  public func value(at row: Int) -> Scalar {
    guard isValid(row) else { return .missing }
    switch storage {
    case .int(let v): return .int(v[row])
    case .double(let v): return v[row].isNaN ? .missing : .double(v[row])
    case .string(let codes, let levels): return .string(levels[Int(codes[row])])
    case .bool(let v): return .bool(v[row])
    case .date(let v): return .date(v[row])
    case .datetime(let v): return .datetime(v[row])
    }
  }

  /// Numeric values as doubles (missing as NaN); nil for non-numeric columns.
  public func doubles() -> [Double]? {
    var out: [Double]
    switch storage {
    case .double(let v): out = v
    case .int(let v): out = v.map(Double.init)
    case .bool(let v): out = v.map { $0 ? 1 : 0 }
    default: return nil
    }
    if let validity { for i in 0..<out.count where !validity[i] { out[i] = .nan } }
    return out
  }

  /// The rows at `indices` (which may repeat), in that order.
  public func gather(_ indices: [Int]) -> Column {
    let storage: ColumnStorage =
      switch self.storage {
      case .int(let v): .int(indices.map { v[$0] })
      case .double(let v): .double(indices.map { v[$0] })
      case .string(let codes, let levels): .string(codes: indices.map { codes[$0] }, levels: levels)
      case .bool(let v): .bool(indices.map { v[$0] })
      case .date(let v): .date(indices.map { v[$0] })
      case .datetime(let v): .datetime(indices.map { v[$0] })
      }
    return Column(name: name, storage: storage, validity: validity?.gather(indices))
  }

  /// Every value as plain text (`ValueFormatter.plain`), missing as nil: how keys and
  /// categories are compared whatever the column's type.
  public var plainTexts: [String?] {
    (0..<count).map { i in
      let v = value(at: i)
      return v.isMissing ? nil : ValueFormatter.plain(v)
    }
  }

  /// `plainTexts` without a string per row: each value's index into `texts`, missing as -1
  /// (a text column's own levels; for other types the distinct texts in order of appearance).
  public var plainTextCodes: (codes: [Int32], texts: [String]) {
    if case .string(let codes, let levels) = storage {
      guard let validity else { return (codes, levels) }
      return (codes.indices.map { validity[$0] ? codes[$0] : -1 }, levels)
    }
    var index: [String: Int32] = [:], texts: [String] = []
    let codes = plainTexts.map { text -> Int32 in
      guard let text else { return -1 }
      if let k = index[text] { return k }
      index[text] = Int32(texts.count)
      texts.append(text)
      return Int32(texts.count - 1)
    }
    return (codes, texts)
  }

  /// Like `gather`, but index -1 yields a missing value (used by left joins).
  func gatherAllowingMissing(_ indices: [Int]) -> Column {
    // An empty column has no row to stand in for the missing ones (aggregate of no rows).
    guard count > 0 else { return Column.missing(name, type: type, count: indices.count) }
    let safe = indices.map { max($0, 0) }
    var column = gather(safe)
    var mask = column.validity ?? ValidityMask(allValid: indices.count)
    for (j, i) in indices.enumerated() where i < 0 { mask[j] = false }
    column.validity = mask.missingCount > 0 ? mask : nil
    return column
  }
}

/// One value of any column type, or missing.
public enum Scalar: Sendable, Equatable, Hashable {
  case missing
  case int(Int)
  case double(Double)
  case string(String)
  case bool(Bool)
  case date(Int)
  case datetime(Int)

  public var isMissing: Bool { self == .missing }

  /// The type of the value; nil for missing, which fits any type.
  public var type: DataType? {
    switch self {
    case .missing: nil
    case .int: .int
    case .double: .double
    case .string: .string
    case .bool: .bool
    case .date: .date
    case .datetime: .datetime
    }
  }

  public var doubleValue: Double? {
    switch self {
    case .int(let v): Double(v)
    case .double(let v): v
    case .bool(let v): v ? 1 : 0
    default: nil
    }
  }
}

/// In a model file a value is an object with one key naming its type: `{"int": 5}`,
/// `{"string": "gold"}`, `{"date": 19876}` (days since 1970), `{"missing": true}`.
extension Scalar: Codable {
  private enum CodingKeys: String, CodingKey { case missing, int, double, string, bool, date, datetime }

  public init(from decoder: any Swift.Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    guard c.allKeys.count == 1, let key = c.allKeys.first else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a value is an object with one key naming its type"))
    }
    switch key {
    case .missing: self = .missing
    case .int: self = .int(try c.decode(Int.self, forKey: key))
    case .double: self = .double(try c.decode(Double.self, forKey: key))
    case .string: self = .string(try c.decode(String.self, forKey: key))
    case .bool: self = .bool(try c.decode(Bool.self, forKey: key))
    case .date: self = .date(try c.decode(Int.self, forKey: key))
    case .datetime: self = .datetime(try c.decode(Int.self, forKey: key))
    }
  }

  public func encode(to encoder: any Swift.Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .missing: try c.encode(true, forKey: .missing)
    case .int(let v): try c.encode(v, forKey: .int)
    case .double(let v): try c.encode(v, forKey: .double)
    case .string(let v): try c.encode(v, forKey: .string)
    case .bool(let v): try c.encode(v, forKey: .bool)
    case .date(let v): try c.encode(v, forKey: .date)
    case .datetime(let v): try c.encode(v, forKey: .datetime)
    }
  }
}
