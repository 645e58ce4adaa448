/// How `drift` measures a column's change.
public enum DriftMethod: String, Sendable, CaseIterable {
  /// Population stability index over the baseline's quantile bins or categories.
  case psi
  /// Two-sample Kolmogorov–Smirnov test (numbers and dates only).
  case ks
  /// Chi-squared test of homogeneity over the same bins as psi.
  case chi2
  /// Jensen–Shannon distance (bits) over the same bins as psi.
  case js

  /// What the statistic is called in tables.
  public var statisticName: String {
    switch self {
    case .psi: "PSI"
    case .ks: "KS D"
    case .chi2: "chi²"
    case .js: "JS distance"
    }
  }

  /// The verdict's rule, as help and reports state it.
  public var thresholds: String {
    switch self {
    case .psi: "PSI < 0.1 stable, 0.1–0.25 moderate, > 0.25 major"
    case .js: "JS distance < 0.1 stable, 0.1–0.2 moderate, > 0.2 major"
    case .ks, .chi2: "p ≥ 0.05 stable, 0.01–0.05 moderate, < 0.01 major"
    }
  }

  /// The verdict for a statistic (psi, js) or a p-value (ks, chi2).
  func verdict(statistic: Double, pValue: Double?) -> DriftVerdict {
    switch self {
    case .psi: statistic < 0.1 ? .stable : statistic <= 0.25 ? .moderate : .major
    case .js: statistic < 0.1 ? .stable : statistic <= 0.2 ? .moderate : .major
    case .ks, .chi2:
      pValue.map { $0 >= 0.05 ? .stable : $0 >= 0.01 ? .moderate : .major } ?? .stable
    }
  }
}

/// How much a column moved, worst last so the largest verdict is `max()`.
public enum DriftVerdict: String, Sendable, CaseIterable, Comparable {
  case stable, moderate, major

  public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// One column's drift between a baseline and a current frame.
public struct ColumnDrift: Sendable {
  public let column: String
  /// Text and true/false columns are compared by category, numbers and dates by bins.
  public let categorical: Bool
  public let bins: DriftBins
  public let statistic: Double
  /// For ks and chi2.
  public let pValue: Double?
  public let verdict: DriftVerdict
}

/// Drift of several columns from a baseline frame to a current one (`drift`, `monitor`).
public struct DriftReport: Sendable {
  public let method: DriftMethod
  /// The quantile bins asked for (numbers); ties may leave a column fewer.
  public let binCount: Int
  public let columns: [ColumnDrift]

  /// The worst column's verdict.
  public var verdict: DriftVerdict { columns.map(\.verdict).max() ?? .stable }

  /// Compares `columns` of `current` with the same columns of `baseline`. A column with no
  /// value in the baseline is refused; one constant there is compared below, at and above
  /// its value (in a time split that is where drift shows: Bank Marketing's pdays is -1 for
  /// every customer of the first half).
  public init(baseline: DataFrame, current: DataFrame, columns: [String], method: DriftMethod, bins: Int = 10) throws {
    guard (2...100).contains(bins) else {
      throw EngineError.invalidParameter(name: "bins", value: "\(bins)", reason: "use 2 to 100 quantile bins")
    }
    guard baseline.rowCount > 0 else { throw EngineError.emptyInput("the baseline frame has no rows") }
    guard current.rowCount > 0 else { throw EngineError.emptyInput("the current frame has no rows") }
    let pairs = try columns.map { name -> (Column, Column) in
      guard let b = try? baseline.column(name) else {
        throw EngineError.unsupported("the baseline frame has no column \"\(name)\"; compare the columns both frames have")
      }
      guard let c = try? current.column(name) else {
        throw EngineError.unsupported("the current frame has no column \"\(name)\", which the baseline has; compare the columns both have, or derive it first")
      }
      guard Self.isCategorical(b) == Self.isCategorical(c) else {
        throw EngineError.typeMismatch(column: name, expected: "\(b.type.rawValue) as in the baseline", actual: c.type.rawValue)
      }
      if method == .ks && Self.isCategorical(b) {
        throw EngineError.typeMismatch(column: name, expected: "a number or date for ks (chi2 and psi compare categories)", actual: b.type.rawValue)
      }
      if b.missingCount == b.count {
        throw EngineError.unsupported("\"\(name)\" has no value in the baseline: there is nothing to compare; leave it out or impute it")
      }
      return (b, c)
    }
    self.method = method
    self.binCount = bins
    self.columns = try Parallel.map(pairs.count) { i in Self.measure(pairs[i].0, pairs[i].1, method: method, bins: bins) }
  }

  /// Compares `current` with distributions a model file kept (`monitor`): psi, js or chi2,
  /// since ks needs the baseline's rows.
  public init(baselines: [FeatureDistribution], current: DataFrame, method: DriftMethod, bins: Int) throws {
    guard method != .ks else {
      throw EngineError.invalidParameter(name: "method", value: "ks", reason: "a model keeps its customers' distributions, not their rows; use psi, js or chi2")
    }
    let columns = try baselines.map { b -> Column in
      guard let c = try? current.column(b.column) else {
        throw EngineError.unsupported("the frame has no column \"\(b.column)\", which the model reads; load or join data with it first")
      }
      guard b.isCategorical == Self.isCategorical(c) else {
        throw EngineError.typeMismatch(column: b.column, expected: "\(b.type.rawValue) as when the model was fitted", actual: c.type.rawValue)
      }
      return c
    }
    self.method = method
    self.binCount = bins
    self.columns = try Parallel.map(baselines.count) { i in Self.measure(baselines[i], columns[i], method: method) }
  }

  /// The columns drift compares when none are named: those both frames have, but for the
  /// customer key, dates (which always move between periods) and columns the baseline has
  /// no value in (returned apart, to be named in a warning).
  public static func defaultColumns(baseline: DataFrame, current: DataFrame) -> (columns: [String], empty: [String]) {
    let key = baseline.customerKey
    var columns: [String] = [], empty: [String] = []
    for c in baseline.columns where c.name != key && c.type != .date && c.type != .datetime && current.index(of: c.name) != nil {
      if c.missingCount == c.count { empty.append(c.name) } else { columns.append(c.name) }
    }
    return (columns, empty)
  }

  static func isCategorical(_ c: Column) -> Bool { FeatureDistribution.isCategorical(c.type) }

  static func measure(_ b: Column, _ c: Column, method: DriftMethod, bins binCount: Int) -> ColumnDrift {
    guard method == .ks, !isCategorical(b) else { return measure(.of(b, bins: binCount), c, method: method) }
    // ks needs both samples sorted; the baseline's bins then come from its sorted values.
    let values = FeatureDistribution.numbers(b)
    let sorted = RadixSort.sorted(values)
    let current = RadixSort.sorted(FeatureDistribution.numbers(c))
    let d = KolmogorovSmirnov.statistic(sorted, current)
    return measure(.numeric(b.name, type: b.type, values: values, sorted: sorted, bins: binCount), c, method: method,
                   ks: (d, KolmogorovSmirnov.pValue(d, sorted.count, current.count)))
  }

  /// A column against a baseline's distribution; ks needs the baseline's values, so its
  /// result comes in already computed.
  static func measure(_ distribution: FeatureDistribution, _ c: Column, method: DriftMethod, ks: (d: Double, p: Double)? = nil) -> ColumnDrift {
    let bins = distribution.compared(with: c)
    let statistic: Double, p: Double?
    switch method {
    case .psi: (statistic, p) = (PopulationStability.index(bins), nil)
    case .js: (statistic, p) = (JensenShannon.distance(bins), nil)
    case .ks: (statistic, p) = (ks?.d ?? .nan, ks?.p)
    case .chi2:
      let test = ChiSquaredHomogeneity.test(bins)
      (statistic, p) = (test.statistic, test.pValue)
    }
    return ColumnDrift(column: distribution.column, categorical: distribution.isCategorical, bins: bins, statistic: statistic, pValue: p,
                       verdict: method.verdict(statistic: statistic, pValue: p))
  }
}

extension DriftReport {
  /// One row per column (statistic, p-value, verdict, the bin that moved most), for `as`
  /// and a nightly job's export.
  public func frame() throws -> DataFrame {
    let shifts = columns.map(\.bins.largestShift)
    return try DataFrame(columns: [
      .strings("column", columns.map(\.column)),
      .strings("kind", columns.map { $0.categorical ? "categories" : "numbers" }),
      .strings("method", columns.map { _ in method.rawValue }),
      .doubles("statistic", columns.map(\.statistic)),
      .doubles("p_value", columns.map { $0.pValue ?? .nan }),
      .strings("verdict", columns.map(\.verdict.rawValue)),
      .strings("largest_shift", zip(columns, shifts).map { c, s in s.map { c.bins.labels[$0.bin] } }),
      .doubles("baseline_share", shifts.map { $0?.baseline ?? .nan }),
      .doubles("current_share", shifts.map { $0?.current ?? .nan }),
    ])
  }
}
