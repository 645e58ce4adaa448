/// Parses ISO 8601 dates and datetimes, and strftime-style custom formats, from bytes.
public enum DateParsing {
  @inline(__always)
  static func digits<C: RandomAccessCollection<UInt8>>(_ b: C, _ at: Int, _ count: Int) -> Int? where C.Index == Int {
    guard at + count <= b.endIndex else { return nil }
    var v = 0
    for k in at..<(at + count) {
      let d = Int(b[k]) - 48
      guard d >= 0 && d <= 9 else { return nil }
      v = v * 10 + d
    }
    return v
  }

  /// `YYYY-MM-DD` at `b[s..<e]` → days since 1970-01-01; the eight digits are checked and
  /// read at once when 16 bytes can be read.
  @inline(__always)
  static func parseISODate(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
    guard e - s == 10 else { return nil }
    guard s + 16 <= b.count else { return parseISODate(UnsafeBufferPointer(rebasing: b[s..<e])) }
    let p = UnsafeRawPointer(b.baseAddress! + s)
    let w = p.loadUnaligned(as: UInt64.self)  // YYYY-MM-
    guard (w >> 32) & 0xFF == 0x2D, w >> 56 == 0x2D else { return nil }
    let day = UInt64(p.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
    let packed = (w & 0xFFFF_FFFF) | ((w >> 40) & 0xFFFF) << 32 | day << 48  // YYYYMMDD
    guard let v = NumberParsing.eightDigits(packed, count: 8) else { return nil }
    let (y, m, d) = (Int(v / 10000), Int(v / 100 % 100), Int(v % 100))
    guard CivilDate.isValid(year: y, month: m, day: d) else { return nil }
    return CivilDate.days(year: y, month: m, day: d)
  }

  /// `YYYY-MM-DD` → days since 1970-01-01.
  public static func parseISODate<C: RandomAccessCollection<UInt8>>(_ b: C) -> Int? where C.Index == Int {
    guard b.count == 10, b[b.startIndex + 4] == UInt8(ascii: "-"), b[b.startIndex + 7] == UInt8(ascii: "-"),
      let y = digits(b, b.startIndex, 4), let m = digits(b, b.startIndex + 5, 2),
      let d = digits(b, b.startIndex + 8, 2), CivilDate.isValid(year: y, month: m, day: d)
    else { return nil }
    return CivilDate.days(year: y, month: m, day: d)
  }

  /// `YYYY-MM-DD HH:MM[:SS[.fff]]` (or `T` between) → seconds since 1970-01-01;
  /// fractions of a second are dropped.
  public static func parseISODateTime<C: RandomAccessCollection<UInt8>>(_ b: C) -> Int? where C.Index == Int {
    let s = b.startIndex
    guard b.count >= 16, let day = parseISODate(b[s..<(s + 10)]),
      b[s + 10] == UInt8(ascii: " ") || b[s + 10] == UInt8(ascii: "T"),
      let hh = digits(b, s + 11, 2), b[s + 13] == UInt8(ascii: ":"), let mm = digits(b, s + 14, 2),
      hh < 24, mm < 60
    else { return nil }
    var sec = 0
    var i = s + 16
    if i < b.endIndex {
      guard b[i] == UInt8(ascii: ":"), let ss = digits(b, i + 1, 2), ss < 60 else { return nil }
      sec = ss
      i += 3
      if i < b.endIndex {
        guard b[i] == UInt8(ascii: "."), i + 1 < b.endIndex else { return nil }
        for k in (i + 1)..<b.endIndex where !(48...57).contains(b[k]) { return nil }
      }
    }
    return day * 86400 + hh * 3600 + mm * 60 + sec
  }

  /// A compiled strftime-like format: %Y %y %m %d %H %M %S %b and literal characters.
  public struct Format: Sendable {
    enum Piece: Sendable { case literal(UInt8), year4, year2, month, day, hour, minute, second, monthName }
    let pieces: [Piece]
    /// Whether the format has a time of day (so values are datetimes).
    public let hasTime: Bool

    public init(_ text: String) throws {
      var pieces: [Piece] = []
      var it = Array(text.utf8).makeIterator()
      while let c = it.next() {
        guard c == UInt8(ascii: "%") else {
          pieces.append(.literal(c))
          continue
        }
        switch it.next().map({ Character(UnicodeScalar($0)) }) {
        case "Y": pieces.append(.year4)
        case "y": pieces.append(.year2)
        case "m": pieces.append(.month)
        case "d": pieces.append(.day)
        case "H": pieces.append(.hour)
        case "M": pieces.append(.minute)
        case "S": pieces.append(.second)
        case "b": pieces.append(.monthName)
        case "%": pieces.append(.literal(UInt8(ascii: "%")))
        case let other:
          throw EngineError.invalidParameter(
            name: "date_format", value: "\"\(text)\"",
            reason: "%\(other.map(String.init) ?? "") is not supported; use %Y %y %m %d %H %M %S %b")
        }
      }
      self.pieces = pieces
      hasTime = pieces.contains { if case .hour = $0 { true } else { false } }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since 1970-01-01 (dates at midnight), or nil when the text does not match.
    public func parse<C: RandomAccessCollection<UInt8>>(_ b: C) -> Int? where C.Index == Int {
      var i = b.startIndex
      var (y, mo, d, h, mi, s) = (1970, 1, 1, 0, 0, 0)
      func number(maxDigits: Int) -> Int? {
        var v = 0
        var n = 0
        while n < maxDigits && i < b.endIndex && (48...57).contains(b[i]) {
          v = v * 10 + Int(b[i]) - 48
          i += 1
          n += 1
        }
        return n == 0 ? nil : v
      }
      for p in pieces {
        switch p {
        case .literal(let c):
          guard i < b.endIndex && b[i] == c else { return nil }
          i += 1
        case .year4: guard let v = number(maxDigits: 4) else { return nil }; y = v
        case .year2: guard let v = number(maxDigits: 2) else { return nil }; y = v < 69 ? 2000 + v : 1900 + v
        case .month: guard let v = number(maxDigits: 2) else { return nil }; mo = v
        case .day: guard let v = number(maxDigits: 2) else { return nil }; d = v
        case .hour: guard let v = number(maxDigits: 2), v < 24 else { return nil }; h = v
        case .minute: guard let v = number(maxDigits: 2), v < 60 else { return nil }; mi = v
        case .second: guard let v = number(maxDigits: 2), v < 60 else { return nil }; s = v
        case .monthName:
          guard i + 3 <= b.endIndex else { return nil }
          let name = String(decoding: b[i..<(i + 3)], as: UTF8.self).lowercased()
          guard let k = Self.months.firstIndex(of: name) else { return nil }
          mo = k + 1
          i += 3
        }
      }
      guard i == b.endIndex, CivilDate.isValid(year: y, month: mo, day: d) else { return nil }
      return CivilDate.days(year: y, month: mo, day: d) * 86400 + h * 3600 + mi * 60 + s
    }
  }
}
