/// Text from scripts and data made safe to show on a terminal: control characters (ESC, BEL,
/// CR, NUL, …), C1 controls and bidirectional overrides are written as `\u{1B}`, so a cell or
/// a column name can neither drive the terminal nor cut a message short.
public enum VisibleText {
  /// `text` with every character a terminal would act on, rather than show, escaped; line
  /// breaks stay when `keepingNewlines` (messages of several lines).
  public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { needsEscape($0, keepingNewlines) }) else { return text }
    var out = ""
    for s in text.unicodeScalars {
      if needsEscape(s, keepingNewlines) {
        out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(s)
      }
    }
    return out
  }

  private static func needsEscape(_ s: Unicode.Scalar, _ keepingNewlines: Bool) -> Bool {
    switch s.value {
    case 0x0A: !keepingNewlines
    case 0x00...0x1F, 0x7F...0x9F: true
    // Bidirectional embeddings, overrides, isolates and marks: they reorder what follows.
    case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }
}
