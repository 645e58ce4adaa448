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

  /// Population variance (ddof 0, as numpy's var and scikit-learn's scalers), two-pass.
  public static func populationVariance(_ v: [Double]) -> Double {
    let m = sum(v) / Double(v.count)
    return sum(v.map { ($0 - m) * ($0 - m) }) / Double(v.count)
  }

  /// Pearson's correlation of two equally long series without missing values (NaN when
  /// either is constant), two-pass as pandas' corr.
  public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let mx = sum(x) / Double(x.count), my = sum(y) / Double(y.count)
    let dx = x.map { $0 - mx }, dy = y.map { $0 - my }
    let cross = sum(zip(dx, dy).map { $0 * $1 })
    return cross / (sum(dx.map { $0 * $0 }) * sum(dy.map { $0 * $0 })).squareRoot()
  }

  /// Sample standard deviation (ddof = 1, as pandas), two-pass for accuracy.
  public static func std(_ x: [Double]) -> Double { sampleVariance(x).squareRoot() }

  /// Sample variance (ddof = 1), two-pass for accuracy; NaN below two present values.
  public static func sampleVariance(_ x: [Double]) -> Double {
    let v = present(x)
    guard v.count > 1 else { return .nan }
    let m = sum(v) / Double(v.count)
    return sum(v.map { ($0 - m) * ($0 - m) }) / Double(v.count - 1)
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

  public static func median(_ x: [Double]) -> Double { quantile(unsorted: present(x), 0.5) }

  /// The same quantile as `quantile(sorted:)`, by selection instead of a full sort (linear time).
  public static func quantile(unsorted values: [Double], _ q: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    var v = values
    let pos = q * Double(v.count - 1)
    let lo = Int(pos.rounded(.down))
    let a = select(&v, lo)
    guard lo + 1 < v.count, pos > Double(lo) else { return a }
    // After selecting, everything right of `lo` is ≥ a: the next order statistic is their minimum.
    let b = v[(lo + 1)...].min()!
    return a + (b - a) * (pos - Double(lo))
  }

  /// The k-th smallest value (0-based), partially reordering `v` (Hoare's quickselect with a
  /// median-of-three pivot: deterministic).
  static func select(_ v: inout [Double], _ k: Int) -> Double {
    var lo = 0
    var hi = v.count - 1
    while lo < hi {
      let mid = lo + (hi - lo) / 2
      // Median of three as the pivot.
      if v[mid] < v[lo] { v.swapAt(mid, lo) }
      if v[hi] < v[lo] { v.swapAt(hi, lo) }
      if v[hi] < v[mid] { v.swapAt(hi, mid) }
      let pivot = v[mid]
      var i = lo
      var j = hi
      while i <= j {
        while v[i] < pivot { i += 1 }
        while v[j] > pivot { j -= 1 }
        if i <= j {
          v.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if k <= j { hi = j } else if k >= i { lo = i } else { return v[k] }
    }
    return v[k]
  }
}
