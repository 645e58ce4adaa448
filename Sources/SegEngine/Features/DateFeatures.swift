/// Calendar parts and ages of dates, for features such as sign-up month or tenure.
public enum DateFeatures {
  /// The parts `datefeatures` can add.
  public enum Part: String, Sendable, CaseIterable {
    case year, quarter, month, weekday, days_since, tenure_months
  }

  /// Adds `<column>_<part>` for each part. Ages count to `asOf` (days since 1970-01-01):
  /// days_since in whole days, tenure_months in whole calendar months (a month is complete
  /// when the day of month is reached again).
  public static func columns(_ column: Column, parts: [Part], asOf: Int) throws -> [Column] {
    let days: [Int]
    switch column.storage {
    case .date(let d): days = d
    case .datetime(let t): days = t.map { floorDiv($0, 86400) }
    default:
      throw EngineError.typeMismatch(
        column: column.name, expected: "dates (load with date_format= if they are text)", actual: column.type.rawValue)
    }
    let now = CivilDate.components(asOf)
    return parts.map { part in
      let values = days.indices.map { i -> Int? in
        guard column.isValid(i) else { return nil }
        let c = CivilDate.components(days[i])
        switch part {
        case .year: return c.year
        case .quarter: return (c.month - 1) / 3 + 1
        case .month: return c.month
        case .weekday: return CivilDate.weekday(days[i])
        case .days_since: return asOf - days[i]
        case .tenure_months:
          var months = (now.year - c.year) * 12 + (now.month - c.month)
          if now.day < c.day { months -= 1 }
          return months
        }
      }
      return .ints("\(column.name)_\(part.rawValue)", values)
    }
  }
}
