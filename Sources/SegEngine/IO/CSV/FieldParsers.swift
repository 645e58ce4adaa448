/// The types a CSV column may have besides text, narrowest first: a column gets the first
/// that every present value fits.
enum CSVValueKind: CaseIterable {
  case int, double, bool, formatted, date, datetime
}

/// Parses one field's bytes as each column type; the general reader and the block reader
/// share it, so both read a value alike.
struct FieldParsers {
  let bytes: UnsafeBufferPointer<UInt8>
  let decimal: UInt8
  let dateFormat: DateParsing.Format?

  @inline(__always)
  func int(_ s: Int, _ e: Int) -> Int? { NumberParsing.parseInt(bytes, s, e) }

  @inline(__always)
  func double(_ s: Int, _ e: Int) -> Double? { NumberParsing.parseDouble(bytes, s, e, decimal: decimal) }

  /// `true` or `false`, in any case; compared a word at a time where 8 bytes can be read,
  /// with no branch on the length (true and false alternate unpredictably in a column).
  @inline(__always)
  func bool(_ s: Int, _ e: Int) -> Bool? {
    let n = e - s
    guard s + 8 <= bytes.count else { return slowBool(s, e) }
    let w = UnsafeRawPointer(bytes.baseAddress! + s).loadUnaligned(as: UInt64.self) | 0x2020_2020_2020_2020
    let isTrue = n == 4 && w & 0xFFFF_FFFF == 0x6575_7274  // "eurt": little-endian "true"
    let isFalse = n == 5 && w & 0xFF_FFFF_FFFF == 0x65_736C_6166  // "eslaf"
    return isTrue ? true : isFalse ? false : nil
  }

  private func slowBool(_ s: Int, _ e: Int) -> Bool? {
    let lower = String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]).map { $0 | 0x20 }, as: UTF8.self)
    return lower == "true" ? true : lower == "false" ? false : nil
  }

  @inline(__always)
  func date(_ s: Int, _ e: Int) -> Int? { DateParsing.parseISODate(bytes, s, e) }

  @inline(__always)
  func datetime(_ s: Int, _ e: Int) -> Int? { DateParsing.parseISODateTime(UnsafeBufferPointer(rebasing: bytes[s..<e])) }

  /// A value in `date_format`: days when the format has no time of day, else seconds.
  @inline(__always)
  func formatted(_ s: Int, _ e: Int) -> Int? {
    guard let format = dateFormat, let seconds = format.parse(UnsafeBufferPointer(rebasing: bytes[s..<e])) else { return nil }
    return format.hasTime ? seconds : seconds / 86400
  }

  /// The storage of values parsed by `formatted`.
  func formattedStorage(_ values: [Int]) -> ColumnStorage {
    dateFormat?.hasTime == true ? .datetime(values) : .date(values)
  }
}

/// One column type's parser as a type, so that the block reader's loops over fields
/// (ColumnPiece) specialize for it; `zero` is what a missing field's slot holds.
protocol FieldParser {
  associatedtype Value: BitwiseCopyable
  static var zero: Value { get }
  mutating func parse(_ s: Int, _ e: Int) -> Value?
}

/// Whole numbers; notes "-0", whose sign an integer cannot keep.
struct IntField: FieldParser {
  let parse: FieldParsers
  private(set) var sawNegativeZero = false
  init(parse: FieldParsers) { self.parse = parse }
  static var zero: Int { 0 }
  @inline(__always)
  mutating func parse(_ s: Int, _ e: Int) -> Int? {
    let v = parse.int(s, e)
    if v == 0 && parse.bytes[s] == UInt8(ascii: "-") { sawNegativeZero = true }
    return v
  }
}

struct DoubleField: FieldParser {
  let parse: FieldParsers
  static var zero: Double { 0 }
  @inline(__always) func parse(_ s: Int, _ e: Int) -> Double? { parse.double(s, e) }
}

struct BoolField: FieldParser {
  let parse: FieldParsers
  static var zero: Bool { false }
  @inline(__always) func parse(_ s: Int, _ e: Int) -> Bool? { parse.bool(s, e) }
}

struct DateField: FieldParser {
  let parse: FieldParsers
  static var zero: Int { 0 }
  @inline(__always) func parse(_ s: Int, _ e: Int) -> Int? { parse.date(s, e) }
}

struct DateTimeField: FieldParser {
  let parse: FieldParsers
  static var zero: Int { 0 }
  @inline(__always) func parse(_ s: Int, _ e: Int) -> Int? { parse.datetime(s, e) }
}

struct FormattedField: FieldParser {
  let parse: FieldParsers
  static var zero: Int { 0 }
  @inline(__always) func parse(_ s: Int, _ e: Int) -> Int? { parse.formatted(s, e) }
}
