/// Breaking text into lines at spaces, for terminals: chart titles and notes, help pages.
public enum WordWrap {
  /// `text` broken at spaces into lines of at most `width` characters, the first line after
  /// `first`, the others after `rest`; a word longer than a line stands alone rather than
  /// being cut. Runs of spaces inside a line are kept.
  public static func lines(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
    var lines: [String] = []
    var line = first
    // Nothing but empty words on this line yet (so no space goes before the next word).
    var atStart = true
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      if !atStart && line.count + 1 + word.count > width {
        lines.append(line)
        line = rest + word
        atStart = word.isEmpty
      } else {
        line += (atStart ? "" : " ") + word
        atStart = atStart && word.isEmpty
      }
    }
    return lines + [line]
  }
}
