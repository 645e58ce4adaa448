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
    if let v = digits(b, i, end) { return negative ? -Int(v) : Int(v) }
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

  /// The value of the 1 to 16 ASCII digits `b[start..<end]`, eight at a time; nil when one
  /// is not a digit, or when there are more, or too few bytes after them to read eight.
  @inline(__always)
  static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
    let n = end - start
    guard n >= 1, start + 16 <= b.count else { return nil }
    let p = UnsafeRawPointer(b.baseAddress! + start)
    if n <= 8 { return eightDigits(p.loadUnaligned(as: UInt64.self), count: n) }
    guard n <= 16, let high = eightDigits(p.loadUnaligned(as: UInt64.self), count: n - 8),
      let low = eightDigits(p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), count: 8)
    else { return nil }
    return high &* 100_000_000 &+ low
  }

  /// The value of the first `n` (1...8) bytes of `word` (read little-endian from memory) as
  /// ASCII digits, or nil when one is not a digit (after Lemire's SWAR method).
  @inline(__always)
  static func eightDigits(_ word: UInt64, count n: Int) -> UInt64? {
    let shift = UInt64(8 * (8 - n))
    // The digits move to the top bytes; the bytes below become leading zeros.
    let w = (word << shift) | (0x3030_3030_3030_3030 & ~(UInt64.max << shift))
    let nibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    // Every byte's high nibble is 3, and stays 3 when 6 is added (so the low one is at most 9).
    guard (w & nibbles) | (((w &+ 0x0606_0606_0606_0606) & nibbles) >> 4) == 0x3333_3333_3333_3333 else { return nil }
    var v = w &- 0x3030_3030_3030_3030
    v = v &* 10 &+ (v >> 8)
    let pairs: UInt64 = 0x0000_00FF_0000_00FF
    return ((v & pairs) &* 0x000F_4240_0000_0064 &+ ((v >> 16) & pairs) &* 0x0000_2710_0000_0001) >> 32
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
    if let v = plainDecimal(b, i, end, decimal: decimal) { return negative ? -v : v }
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

  /// Digits, a decimal point and digits (at most eight on each side, no exponent), read
  /// eight at a time; nil for anything else, which the general loop then reads. The result is
  /// the general loop's: the same exact mantissa, divided by the same power of ten.
  @inline(__always)
  private static func plainDecimal(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, decimal: UInt8) -> Double? {
    let n = end - start
    guard n >= 1, n <= 17, start + 17 <= b.count else { return nil }
    let p = UnsafeRawPointer(b.baseAddress! + start)
    let ones: UInt64 = 0x0101_0101_0101_0101
    func point(_ w: UInt64) -> Int {
      let x = w ^ (ones &* UInt64(decimal))
      let hits = (x &- ones) & ~x & 0x8080_8080_8080_8080
      return hits == 0 ? 8 : hits.trailingZeroBitCount >> 3
    }
    var at = point(p.loadUnaligned(as: UInt64.self))
    if at == 8 { at = 8 + point(p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    guard at < n else { return n <= 8 ? eightDigits(p.loadUnaligned(as: UInt64.self), count: n).map { Double($0) } : nil }
    let fraction = n - at - 1
    guard at <= 8, fraction <= 8 else { return nil }
    let whole: UInt64
    if at == 0 {
      guard fraction > 0 else { return nil }  // a lone point
      whole = 0
    } else {
      guard let w = eightDigits(p.loadUnaligned(as: UInt64.self), count: at) else { return nil }
      whole = w
    }
    var mantissa = whole
    if fraction > 0 {
      guard let f = eightDigits(p.loadUnaligned(fromByteOffset: at + 1, as: UInt64.self), count: fraction) else { return nil }
      mantissa = whole &* UInt64(powers[fraction]) &+ f
    }
    guard mantissa < (1 << 53) else { return nil }
    return Double(mantissa) / powers[fraction]
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
