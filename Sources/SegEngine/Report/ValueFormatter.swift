import Foundation

/// Turns values into text: `plain` keeps full precision (files), `display` is for people.
public enum ValueFormatter {
  /// A whole number with thousands separators: 1,234,567.
  public static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// Exact text that reads back as the same value (shortest round-trip for doubles).
  public static func plain(_ v: Scalar) -> String {
    switch v {
    case .missing: ""
    case .int(let x): String(x)
    case .double(let x): x.isNaN ? "" : x == x.rounded() && abs(x) < 1e15 ? String(format: "%.1f", x) : "\(x)"
    case .string(let s): s
    case .bool(let b): b ? "true" : "false"
    case .date(let d): CivilDate.format(days: d)
    case .datetime(let t): CivilDate.format(seconds: t)
    }
  }

  /// Short text for tables: up to 6 significant digits, no trailing zeros.
  public static func display(_ v: Scalar) -> String {
    switch v {
    case .missing: "·"
    case .double(let x): number(x)
    default: plain(v)
    }
  }

  /// A number with up to `significant` significant digits, plain notation unless it is huge
  /// or tiny. Below 1 the leading zeros are not significant: a p-value of 0.000702 keeps its
  /// digits (0.000702), where counting the zeros would print 0.
  public static func number(_ x: Double, significant: Int = 6) -> String {
    if x.isNaN { return "·" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude >= 1e15 || magnitude < 1e-4 { return String(format: "%.\(significant - 1)e", x) }
    // Digits before the point: 2 for 12.3, 0 for 0.5, -3 for 0.000702.
    let intDigits = Int(log10(magnitude).rounded(.down)) + 1
    // Large amounts keep their cents: 8278519.01, not 8278519.
    let decimals = max(significant >= 6 ? 2 : 0, significant - intDigits)
    var s = String(format: "%.\(decimals)f", x)
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s == "-0" ? "0" : s
  }
}
