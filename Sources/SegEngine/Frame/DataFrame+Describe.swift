/// Per-column summary statistics, one row per column (like pandas' `describe`, transposed).
public struct ColumnSummary: Sendable, Equatable {
  public var name: String
  public var type: DataType
  public var count: Int
  public var missing: Int
  public var mean: Double?
  public var std: Double?
  public var min: Scalar
  public var q25: Double?
  public var median: Double?
  public var q75: Double?
  public var max: Scalar
  public var unique: Int
  public var top: Scalar
  public var topCount: Int

  /// A column with nothing counted yet: a backend fills in what it computed.
  public init(name: String, type: DataType) {
    self.init(name: name, type: type, count: 0, missing: 0, mean: nil, std: nil, min: .missing, q25: nil, median: nil, q75: nil, max: .missing,
      unique: 0, top: .missing, topCount: 0)
  }

  init(name: String, type: DataType, count: Int, missing: Int, mean: Double?, std: Double?, min: Scalar, q25: Double?, median: Double?, q75: Double?,
    max: Scalar, unique: Int, top: Scalar, topCount: Int) {
    (self.name, self.type, self.count, self.missing, self.mean, self.std) = (name, type, count, missing, mean, std)
    (self.min, self.q25, self.median, self.q75, self.max) = (min, q25, median, q75, max)
    (self.unique, self.top, self.topCount) = (unique, top, topCount)
  }
}

extension DataFrame {
  /// Summarises the given columns (all when empty). Numeric columns get mean, std (ddof 1)
  /// and quartiles (linear interpolation); every column gets count, missing, unique and top
  /// (the most frequent value; ties go to the value seen first).
  public func describe(_ names: [String] = []) throws -> [ColumnSummary] {
    try (names.isEmpty ? columnNames : names).map { name in
      let c = try column(name)
      try CancellationToken.check()
      return Self.summary(c)
    }
  }

  static func summary(_ c: Column) -> ColumnSummary {
    let n = c.count
    var counts: [Scalar: Int] = [:]
    var firstSeen: [Scalar] = []
    for i in 0..<n {
      let v = c.value(at: i)
      if v.isMissing { continue }
      if counts[v] == nil { firstSeen.append(v) }
      counts[v, default: 0] += 1
    }
    let present = counts.values.reduce(0, +)
    var top = Scalar.missing
    var topCount = 0
    for v in firstSeen where counts[v]! > topCount {
      top = v
      topCount = counts[v]!
    }
    var s = ColumnSummary(
      name: c.name, type: c.type, count: present, missing: n - present, mean: nil, std: nil,
      min: .missing, q25: nil, median: nil, q75: nil, max: .missing, unique: counts.count,
      top: top, topCount: topCount)
    if c.type.isNumeric, let d = c.doubles() {
      let v = Statistics.present(d).sorted()
      if !v.isEmpty {
        s.mean = Statistics.mean(v)
        s.std = Statistics.std(v)
        s.q25 = Statistics.quantile(sorted: v, 0.25)
        s.median = Statistics.quantile(sorted: v, 0.5)
        s.q75 = Statistics.quantile(sorted: v, 0.75)
        if case .int(let ints) = c.storage {
          // From the integers themselves: near Int.max their doubles round past it.
          let present = ints.indices.lazy.filter(c.isValid).map { ints[$0] }
          s.min = .int(present.min()!)
          s.max = .int(present.max()!)
        } else {
          s.min = .double(v.first!)
          s.max = .double(v.last!)
        }
      }
    } else if !firstSeen.isEmpty {
      s.min = firstSeen.min(by: ScalarOrder.less)!
      s.max = firstSeen.max(by: ScalarOrder.less)!
    }
    return s
  }
}
