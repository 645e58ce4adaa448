/// Summary statistics over doubles, skipping NaN (missing) like pandas.
public enum Statistics {
  public static func present(_ x: [Double]) -> [Double] { x.filter { !$0.isNaN } }

  /// Sum with Neumaier compensation, so results do not depend on chunking.
  public static func sum(_ x: [Double]) -> Double {
    var s = 0.0
    var c = 0.0
    for v in x where !v.isNaN {
      let t = s + v
      if abs(s) >= abs(v) { c += (s - t) + v } else { c += (v - t) + s }
      s = t
    }
    return s + c
  }

  public static func mean(_ x: [Double]) -> Double {
    let n = x.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
    return n == 0 ? .nan : sum(x) / Double(n)
  }

  /// Sample standard deviation (ddof = 1, as pandas), two-pass for accuracy.
  public static func std(_ x: [Double]) -> Double {
    let v = present(x)
    guard v.count > 1 else { return .nan }
    let m = sum(v) / Double(v.count)
    return (sum(v.map { ($0 - m) * ($0 - m) }) / Double(v.count - 1)).squareRoot()
  }

  /// Quantile with linear interpolation between order statistics (numpy's default).
  public static func quantile(sorted v: [Double], _ q: Double) -> Double {
    guard !v.isEmpty else { return .nan }
    let pos = q * Double(v.count - 1)
    let lo = Int(pos.rounded(.down))
    let hi = min(lo + 1, v.count - 1)
    let frac = pos - Double(lo)
    return v[lo] + (v[hi] - v[lo]) * frac
  }

  public static func median(_ x: [Double]) -> Double { quantile(sorted: present(x).sorted(), 0.5) }
}
