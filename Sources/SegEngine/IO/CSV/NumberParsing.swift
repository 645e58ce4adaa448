import Foundation

/// Exact, allocation-free parsing of integers and decimals from bytes.
enum NumberParsing {
  /// An optionally signed decimal integer that fits in Int, or nil.
  @inline(__always)
  static func parseInt(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    var i = start
    guard i < end else { return nil }
    var negative = false
    if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
      negative = b[i] == UInt8(ascii: "-")
      i += 1
      guard i < end else { return nil }
    }
    var value = 0
    while i < end {
      let d = Int(b[i]) &- 48
      guard d >= 0 && d <= 9 else { return nil }
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
      guard !o1 && !o2 else { return nil }
      value = s
      i += 1
    }
    return value
  }

  private static let powers: [Double] = (0...22).map { pow(10.0, Double($0)) }

  /// A decimal number (`-12.5`, `1e-3`, `.5`, `inf`), correctly rounded; nil if malformed.
  /// Uses Clinger's exact fast path and falls back to strtod for the rare hard cases.
  @inline(__always)
  static func parseDouble(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, decimal: UInt8) -> Double? {
    var i = start
    guard i < end else { return nil }
    var negative = false
    if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
      negative = b[i] == UInt8(ascii: "-")
      i += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var significant = 0
    var exponent = 0
    var sawDigit = false
    while i < end, case let d = b[i] &- 48, d <= 9 {
      sawDigit = true
      if significant < 19 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        if mantissa > 0 { significant += 1 }
      } else {
        exponent += 1
      }
      digits += 1
      i += 1
    }
    if i < end && b[i] == decimal {
      i += 1
      while i < end, case let d = b[i] &- 48, d <= 9 {
        sawDigit = true
        if significant < 19 {
          mantissa = mantissa &* 10 &+ UInt64(d)
          if mantissa > 0 { significant += 1 }
          exponent -= 1
        }
        i += 1
      }
    }
    if !sawDigit { return parseSpecial(b, i, end, negative: negative) }
    if i < end && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
      i += 1
      var expNegative = false
      if i < end && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) {
        expNegative = b[i] == UInt8(ascii: "-")
        i += 1
      }
      guard i < end else { return nil }
      var e = 0
      while i < end, case let d = b[i] &- 48, d <= 9 {
        if e < 100_000 { e = e * 10 + Int(d) }
        i += 1
      }
      exponent += expNegative ? -e : e
    }
    guard i == end else { return nil }
    if significant < 19 && mantissa < (1 << 53) && abs(exponent) <= 22 {
      var v = Double(mantissa)
      v = exponent < 0 ? v / powers[-exponent] : v * powers[exponent]
      return negative ? -v : v
    }
    return slowPath(b, start, end, decimal: decimal)
  }

  private static func parseSpecial(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, negative: Bool) -> Double? {
    let rest = String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self).lowercased()
    if rest == "inf" || rest == "infinity" { return negative ? -.infinity : .infinity }
    return nil
  }

  private static func slowPath(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, decimal: UInt8) -> Double? {
    var text = Array(b[start..<end])
    if decimal != UInt8(ascii: ".") {
      for k in text.indices where text[k] == decimal { text[k] = UInt8(ascii: ".") }
    }
    text.append(0)
    return text.withUnsafeBufferPointer { p -> Double? in
      let s = UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: CChar.self)
      var endPtr: UnsafeMutablePointer<CChar>? = nil
      let v = strtod(s, &endPtr)
      guard let endPtr, endPtr - UnsafeMutablePointer(mutating: s) == text.count - 1 else { return nil }
      return v
    }
  }
}
