/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), with no
/// time zones, so dates mean the same on every machine (Howard Hinnant's algorithms).
public enum CivilDate {
  @inline(__always)
  public static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  public static func components(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }

  @inline(__always)
  public static func isValid(year: Int, month: Int, day: Int) -> Bool {
    guard month >= 1 && month <= 12 && day >= 1 else { return false }
    // Days in each month as 2 bits each (28 + n) from January: no branch on the month, which
    // is unpredictable in a column of dates.
    let lengths: UInt32 = 0b11_10_11_10_11_11_10_11_10_11_00_11
    let extra = Int((lengths >> UInt32(2 * (month - 1))) & 3) + (month == 2 && isLeap(year) ? 1 : 0)
    return day <= 28 + extra
  }

  @inline(__always)
  static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

  /// ISO weekday: Monday = 1 … Sunday = 7.
  public static func weekday(_ days: Int) -> Int {
    let w = (days + 3) % 7  // 1970-01-01 was a Thursday
    return (w < 0 ? w + 7 : w) + 1
  }

  public static func format(days: Int) -> String {
    let (y, m, d) = components(days)
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  public static func format(seconds: Int) -> String {
    let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
    let rest = seconds - days * 86400
    return "\(format(days: days)) \(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))"
  }

  private static func pad(_ v: Int, _ width: Int) -> String {
    let s = String(abs(v))
    return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
  }
}
