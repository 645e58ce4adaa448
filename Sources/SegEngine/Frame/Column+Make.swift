/// Convenience constructors that build typed columns from Swift arrays.
extension Column {
  /// Doubles, with NaN treated as missing.
  public static func doubles(_ name: String, _ values: [Double]) -> Column {
    var mask = ValidityMask(allValid: values.count)
    var any = false
    for (i, v) in values.enumerated() where v.isNaN {
      mask[i] = false
      any = true
    }
    return Column(name: name, storage: .double(values), validity: any ? mask : nil)
  }

  public static func ints(_ name: String, _ values: [Int?]) -> Column {
    Column(name: name, storage: .int(values.map { $0 ?? 0 }), validity: mask(values))
  }

  public static func bools(_ name: String, _ values: [Bool?]) -> Column {
    Column(name: name, storage: .bool(values.map { $0 ?? false }), validity: mask(values))
  }

  public static func dates(_ name: String, _ days: [Int?]) -> Column {
    Column(name: name, storage: .date(days.map { $0 ?? 0 }), validity: mask(days))
  }

  public static func datetimes(_ name: String, _ seconds: [Int?]) -> Column {
    Column(name: name, storage: .datetime(seconds.map { $0 ?? 0 }), validity: mask(seconds))
  }

  /// Text, dictionary-encoded with levels in order of first appearance.
  public static func strings(_ name: String, _ values: [String?]) -> Column {
    var index: [String: Int32] = [:]
    var levels: [String] = []
    var codes = [Int32](repeating: 0, count: values.count)
    for (i, v) in values.enumerated() {
      guard let v else { continue }
      if let c = index[v] {
        codes[i] = c
      } else {
        let c = Int32(levels.count)
        index[v] = c
        levels.append(v)
        codes[i] = c
      }
    }
    return Column(name: name, storage: .string(codes: codes, levels: levels), validity: mask(values))
  }

  /// Builds a column of the given type from scalars (missing where `.missing` or mistyped).
  public static func fromScalars(_ name: String, type: DataType, _ values: [Scalar]) -> Column {
    switch type {
    case .int:
      return ints(name, values.map { if case .int(let v) = $0 { v } else { nil } })
    case .double:
      return doubles(name, values.map { $0.doubleValue ?? .nan })
    case .bool:
      return bools(name, values.map { if case .bool(let v) = $0 { v } else { nil } })
    case .date:
      return dates(name, values.map { if case .date(let v) = $0 { v } else { nil } })
    case .datetime:
      return datetimes(name, values.map { if case .datetime(let v) = $0 { v } else { nil } })
    case .string:
      return strings(
        name,
        values.map {
          switch $0 {
          case .missing: nil
          case .string(let s): s
          default: ValueFormatter.plain($0)
          }
        })
    }
  }

  /// A column of `count` missing values of the given type.
  public static func missing(_ name: String, type: DataType, count: Int) -> Column {
    fromScalars(name, type: type, Array(repeating: .missing, count: count))
  }

  private static func mask<T>(_ values: [T?]) -> ValidityMask? {
    guard values.contains(where: { $0 == nil }) else { return nil }
    return ValidityMask(values.map { $0 != nil })
  }
}
