import Foundation

/// Colours for charts: the Okabe–Ito set, told apart with every common colour blindness.
public enum ChartPalette {
  public static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

  /// The colour of group `i` (colours repeat after eight groups; markers then tell them apart).
  public static func color(_ i: Int) -> String { colors[((i % colors.count) + colors.count) % colors.count] }

  /// A diverging shade for `z` in standard deviations: blue below the mean, orange above,
  /// white at it, full strength at ±2 (blue–orange stays readable with red–green blindness).
  public static func diverging(_ z: Double) -> String {
    let t = min(1, abs(z.isFinite ? z : 0) / 2)
    let end: (Double, Double, Double) = z < 0 ? (33, 102, 172) : (230, 97, 1)
    func mix(_ c: Double) -> Int { Int((255 + (c - 255) * t).rounded()) }
    return "#" + [mix(end.0), mix(end.1), mix(end.2)].map { hex2($0) }.joined()
  }

  private static func hex2(_ v: Int) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[(v >> 4) & 15], digits[v & 15]])
  }
}

/// Round tick values for an axis (steps of 1, 2 or 5 times a power of ten).
public enum AxisTicks {
  public static func ticks(_ low: Double, _ high: Double, target: Int = 5) -> [Double] {
    guard low.isFinite, high.isFinite else { return [] }
    if high <= low { return [low] }
    let raw = (high - low) / Double(max(1, target))
    let power = pow10(Int((log10(raw)).rounded(.down)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
    let first = (low / step).rounded(.up)
    var out: [Double] = []
    var i = 0.0
    // Multiples of the step (not a running sum), so 0.1 steps stay 0.3 and not 0.30000000000000004.
    while (first + i) * step <= high + step * 1e-9 {
      let t = (first + i) * step
      out.append(abs(t) < step * 1e-9 ? 0 : t)
      i += 1
    }
    return out
  }

  private static func pow10(_ e: Int) -> Double {
    var r = 1.0
    if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
    return r
  }
}
