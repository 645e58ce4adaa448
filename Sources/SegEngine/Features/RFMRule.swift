import Foundation

/// One row of the RFM segment table: a name and the score ranges it covers. Rules are tried
/// in order; the first that matches names the customer, and "Other" catches the rest.
public struct RFMRule: Sendable, Equatable {
  public var segment: String
  public var recency: ClosedRange<Int>
  public var frequency: ClosedRange<Int>
  public var monetary: ClosedRange<Int>

  public init(_ segment: String, r: ClosedRange<Int>, f: ClosedRange<Int>, m: ClosedRange<Int>) {
    self.segment = segment
    recency = r
    frequency = f
    monetary = m
  }

  /// The default table for 1–5 scores: the classic recency × frequency grid, in which every
  /// one of the 25 cells belongs to exactly one segment (At risk is listed before Hibernating,
  /// which it overlaps at R2 F3). Monetary ranges are there for custom tables.
  public static let defaults: [RFMRule] = [
    RFMRule("Champions", r: 4...5, f: 4...5, m: 1...5),
    RFMRule("Loyal", r: 3...3, f: 4...5, m: 1...5),
    RFMRule("Potential loyalist", r: 4...5, f: 2...3, m: 1...5),
    RFMRule("New", r: 5...5, f: 1...1, m: 1...5),
    RFMRule("Promising", r: 4...4, f: 1...1, m: 1...5),
    RFMRule("Need attention", r: 3...3, f: 2...3, m: 1...5),
    RFMRule("About to sleep", r: 3...3, f: 1...1, m: 1...5),
    RFMRule("At risk", r: 2...2, f: 3...5, m: 1...5),
    RFMRule("Can't lose", r: 1...1, f: 4...5, m: 1...5),
    RFMRule("Hibernating", r: 1...2, f: 2...3, m: 1...5),
    RFMRule("Lost", r: 1...2, f: 1...1, m: 1...5),
  ]

  static func segment(r: Int, f: Int, m: Int, rules: [RFMRule]) -> String {
    rules.first { $0.recency.contains(r) && $0.frequency.contains(f) && $0.monetary.contains(m) }?.segment ?? "Other"
  }

  /// The rule table as a frame: segment, r_min, r_max, f_min, f_max, m_min, m_max.
  public static func table(_ rules: [RFMRule]) throws -> DataFrame {
    try DataFrame(columns: [
      .strings("segment", rules.map(\.segment)),
      .ints("r_min", rules.map { $0.recency.lowerBound }), .ints("r_max", rules.map { $0.recency.upperBound }),
      .ints("f_min", rules.map { $0.frequency.lowerBound }), .ints("f_max", rules.map { $0.frequency.upperBound }),
      .ints("m_min", rules.map { $0.monetary.lowerBound }), .ints("m_max", rules.map { $0.monetary.upperBound }),
    ])
  }

  /// Reads a rule table written as that frame (a CSV with those seven columns, in order of priority).
  public static func rules(from frame: DataFrame) throws -> [RFMRule] {
    let names = ["segment", "r_min", "r_max", "f_min", "f_max", "m_min", "m_max"]
    let columns = try names.map { try frame.column($0) }
    var out: [RFMRule] = []
    for i in 0..<frame.rowCount {
      guard case .string(let name) = columns[0].value(at: i) else {
        throw EngineError.invalidParameter(name: "segment", value: "row \(i + 2)", reason: "every rule needs a segment name")
      }
      var bounds: [Int] = []
      for c in columns.dropFirst() {
        guard case .int(let v) = c.value(at: i) else {
          throw EngineError.invalidParameter(name: c.name, value: "row \(i + 2)", reason: "needs a whole-number score")
        }
        bounds.append(v)
      }
      guard bounds[0] <= bounds[1], bounds[2] <= bounds[3], bounds[4] <= bounds[5] else {
        throw EngineError.invalidParameter(name: "rule", value: "\"\(name)\" (row \(i + 2))", reason: "a minimum is above its maximum")
      }
      out.append(RFMRule(name, r: bounds[0]...bounds[1], f: bounds[2]...bounds[3], m: bounds[4]...bounds[5]))
    }
    guard !out.isEmpty else { throw EngineError.emptyInput("the rule table has no rules") }
    return out
  }
}
