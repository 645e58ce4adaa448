import SegEngine

/// The engine's calendar, reached from the language for date literals.
enum SegEngineCalendar {
  static func days(_ y: Int, _ m: Int, _ d: Int) -> Int? {
    CivilDate.isValid(year: y, month: m, day: d) ? CivilDate.days(year: y, month: m, day: d) : nil
  }
}
