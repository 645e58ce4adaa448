/// Percentile limits for `winsorize`, with the semantics of scipy.stats.mstats.winsorize:
/// of the n present values sorted, the lowest ⌊lower·n⌋ are raised to the next one and the
/// highest ⌊(1 − upper)·n⌋ lowered to the one below them.
public enum Winsorizer {
  /// The (low, high) bounds for `lower` and `upper` given as shares (1% is 0.01, 99% is 0.99).
  public static func bounds(_ values: [Double], lower: Double, upper: Double) throws -> (low: Double, high: Double) {
    try bounds(present: Statistics.present(values), lower: lower, upper: upper)
  }

  /// The same from values known to be present, reordered in place (no copy when the caller
  /// passes its last use).
  public static func bounds(present values: consuming [Double], lower: Double, upper: Double) throws -> (low: Double, high: Double) {
    let percent = { (x: Double) in ValueFormatter.number(100 * x) + "%" }
    guard (0...1).contains(lower), (0...1).contains(upper), lower < upper else {
      throw EngineError.invalidParameter(
        name: "lower", value: percent(lower),
        reason: "lower= must be below upper= (\(percent(upper))), both from 0% to 100%: values under the lower percentile are raised to it, values over the upper one lowered")
    }
    var v = values
    guard !v.isEmpty else { throw EngineError.emptyInput("there are no values to winsorize") }
    let n = Double(v.count)
    // Rounded to 9 digits first so that 1 − 99% counts the same tail as scipy's 0.01.
    let lowCount = Int((lower * n * 1e9).rounded() / 1e9)
    let highCount = Int(((1 - upper) * n * 1e9).rounded() / 1e9)
    let lowIndex = min(lowCount, v.count - 1)
    let highIndex = max(v.count - highCount - 1, lowIndex)
    // Two order statistics by selection, not a full sort.
    let low = Statistics.select(&v, lowIndex)
    let high = Statistics.select(&v, highIndex)
    return (low, high)
  }

  /// Values limited to [low, high]; missing values stay missing. Returns how many changed.
  public static func clip(_ values: [Double], low: Double, high: Double) -> ([Double], changed: Int) {
    var changed = 0
    let out = values.map { x -> Double in
      if x.isNaN { return x }
      if x < low { changed += 1; return low }
      if x > high { changed += 1; return high }
      return x
    }
    return (out, changed)
  }

  /// The present values of a numeric column (of the rows `rows` selects), in one pass.
  public static func presentValues(_ column: Column, rows: [Bool]?) -> [Double]? {
    var out: [Double] = []
    out.reserveCapacity(column.count)
    switch column.storage {
    case .int(let v):
      for i in v.indices where column.isValid(i) && (rows?[i] ?? true) { out.append(Double(v[i])) }
    case .double(let v):
      for i in v.indices where !v[i].isNaN && column.isValid(i) && (rows?[i] ?? true) { out.append(v[i]) }
    default: return nil
    }
    return out
  }

  /// The column limited to [low, high] on the rows `rows` selects, in one pass; whole-number
  /// columns stay whole when both limits are whole. Returns how many values changed.
  public static func limit(_ column: Column, low: Double, high: Double, rows: [Bool]?) -> (Column, changed: Int)? {
    var changed = 0
    switch column.storage {
    case .int(var v) where low.rounded() == low && high.rounded() == high:
      // Limits beyond the range of whole numbers limit nothing on that side.
      let lo = abs(low) < 9e18 ? Int(low) : (low < 0 ? Int.min : Int.max)
      let hi = abs(high) < 9e18 ? Int(high) : (high < 0 ? Int.min : Int.max)
      for i in v.indices where (rows?[i] ?? true) && column.isValid(i) && (v[i] < lo || v[i] > hi) {
        v[i] = v[i] < lo ? lo : hi
        changed += 1
      }
      return (Column(name: column.name, storage: .int(v), validity: column.validity), changed)
    default:
      guard var d = column.doubles(), column.type.isNumeric else { return nil }
      for i in d.indices where (rows?[i] ?? true) && !d[i].isNaN && (d[i] < low || d[i] > high) {
        d[i] = d[i] < low ? low : high
        changed += 1
      }
      return (.doubles(column.name, d), changed)
    }
  }
}
