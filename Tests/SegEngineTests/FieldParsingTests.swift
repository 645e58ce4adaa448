import Foundation
import Testing

@testable import SegEngine

/// The field parsers read eight digits at a time where they can; they must agree with
/// Swift's own parsing (strtod, correctly rounded) on every value, at every position in a
/// buffer (the last 16 bytes take the byte-at-a-time path).
@Suite struct FieldParsingTests {
  /// Parses `text` placed at the start of a buffer with room after it, and at its very end.
  /// The buffer ends where a page the process may not read begins, so a parser that reads
  /// past its buffer (as a mapped file's last field would let it) faults here, sanitizer or
  /// not; every amount of room from 0 to 20 bytes must give the same value.
  static func bothPositions<T: Equatable>(_ text: String, _ parse: (UnsafeBufferPointer<UInt8>, Int, Int) -> T?) -> (roomy: T?, atEnd: T?) {
    let bytes = Array(text.utf8)
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    guard bytes.count + 20 <= page, let map = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), map != MAP_FAILED else {
      Issue.record("cannot map a guard page")
      return (nil, nil)
    }
    defer { munmap(map, 2 * page) }
    mprotect(map + page, page, PROT_NONE)
    let pageEnd = map.assumingMemoryBound(to: UInt8.self) + page
    let results = (0...20).map { room -> T? in
      let start = pageEnd - bytes.count - room
      for (i, b) in (bytes + Array(repeating: UInt8(ascii: ","), count: room)).enumerated() { start[i] = b }
      return parse(UnsafeBufferPointer(start: start, count: bytes.count + room), 0, bytes.count)
    }
    #expect(Set(results.dropFirst().map { "\(String(describing: $0))" }).count == 1, "\(text): \(results)")
    return (results[20], results[0])
  }

  static let integers = [
    "0", "7", "-7", "+7", "42", "00042", "12345678", "123456789", "-123456789012", "9999999999999999",
    "12345678901234567", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1a", "-", "+", "1 ", " 1",
    "1.0", "١٢",
  ]

  @Test(arguments: integers)
  func integersMatchSwift(_ text: String) {
    let (roomy, atEnd) = Self.bothPositions(text) { NumberParsing.parseInt($0, $1, $2) }
    #expect(roomy == Int(text), "\(text)")
    #expect(atEnd == Int(text), "\(text)")
  }

  @Test(arguments: 0..<4)
  func randomNumbersMatchSwift(_ batch: Int) {
    var g = SeededGenerator(seed: UInt64(7000 + batch))
    // No x: Swift also reads hexadecimal (0x1p3), which a CSV number never is.
    let alphabet = Array("0123456789") + [".", "-", "e", "/"]
    for _ in 0..<5000 {
      var text = g.below(4) == 0 ? "-" : ""
      for _ in 0..<(1 + g.below(20)) { text.append(g.below(12) == 0 ? alphabet[10 + g.below(4)] : alphabet[g.below(10)]) }
      let ints = Self.bothPositions(text) { NumberParsing.parseInt($0, $1, $2) }
      #expect(ints.roomy == Int(text) && ints.atEnd == Int(text), "\(text)")
      let doubles = Self.bothPositions(text) { NumberParsing.parseDouble($0, $1, $2, decimal: UInt8(ascii: ".")) }
      let swift = Double(text).map(\.bitPattern)
      if doubles.roomy?.bitPattern != swift || doubles.atEnd?.bitPattern != swift {
        Issue.record("\(text): \(String(describing: doubles)) but Swift reads \(String(describing: Double(text)))")
      }
    }
  }

  static let decimals = [
    "1.5", "-0.0", "0.0", "-0", "3.", ".5", "-.5", ".", "-.", "12345678.87654321", "123456789.5", "1.123456789",
    "33380.0", "9007199254740993", "900719925474099.3", "1e3", "2.5E-3", "inf", "-Infinity", "nan", "1.5.2", "1,5",
  ]

  @Test(arguments: decimals)
  func decimalsMatchSwift(_ text: String) {
    let (roomy, atEnd) = Self.bothPositions(text) { NumberParsing.parseDouble($0, $1, $2, decimal: UInt8(ascii: ".")) }
    let swift = text.lowercased() == "nan" ? nil : Double(text)
    #expect(roomy?.bitPattern == swift?.bitPattern, "\(text)")
    #expect(atEnd?.bitPattern == swift?.bitPattern, "\(text)")
  }

  @Test func decimalCommaReadsLikeAPoint() {
    let (roomy, atEnd) = Self.bothPositions("-12,75") { NumberParsing.parseDouble($0, $1, $2, decimal: UInt8(ascii: ",")) }
    #expect(roomy == -12.75 && atEnd == -12.75)
  }

  /// Every day of 1999–2025 and impossible ones (a 30th of February, month 13, day 0, a
  /// 29th of February outside leap years, a letter for a digit) against the calendar.
  @Test func isoDatesMatchTheCalendar() {
    var texts: [String] = []
    for y in [1, 1900, 1999, 2000, 2023, 2024, 2025, 2100, 9999] {
      for m in 0...13 {
        for d in 0...32 { texts.append(String(format: "%04d-%02d-%02d", y, m, d)) }
      }
    }
    texts += ["2024-1-01", "2024-01-0a", "2024/01/01", "20240101", "2024-01-01 ", "+024-01-01"]
    for text in texts {
      let parts = text.split(separator: "-").compactMap { Int($0) }
      var expected: Int? = nil
      let digitsWhereDigitsGo = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { k in
        k < text.utf8.count && (48...57).contains(Array(text.utf8)[k])
      }
      if parts.count == 3, text.count == 10, digitsWhereDigitsGo, CivilDate.isValid(year: parts[0], month: parts[1], day: parts[2]) {
        expected = CivilDate.days(year: parts[0], month: parts[1], day: parts[2])
        #expect(CivilDate.components(expected!) == (parts[0], parts[1], parts[2]))
      }
      let (roomy, atEnd) = Self.bothPositions(text) { DateParsing.parseISODate($0, $1, $2) }
      #expect(roomy == expected && atEnd == expected, "\(text)")
    }
  }

  @Test func leapYearsFollowTheGregorianRules() {
    #expect(CivilDate.isValid(year: 2024, month: 2, day: 29))
    #expect(CivilDate.isValid(year: 2000, month: 2, day: 29))
    #expect(!CivilDate.isValid(year: 1900, month: 2, day: 29))
    #expect(!CivilDate.isValid(year: 2023, month: 2, day: 29))
    #expect(CivilDate.isValid(year: 2023, month: 12, day: 31) && !CivilDate.isValid(year: 2023, month: 11, day: 31))
  }

  /// Summaries of integers near Int.max come from the integers (their doubles round past it).
  @Test func describeKeepsExtremeIntegers() throws {
    let frame = try DataFrame(columns: [Column(name: "n", storage: .int([1, .max, .min]))])
    let s = try frame.describe()[0]
    #expect(s.min == .int(.min))
    #expect(s.max == .int(.max))
  }
}
