import Testing
@testable import SegEngine

/// Control characters from scripts and data are shown, never sent to the terminal raw.
@Suite struct VisibleTextTests {
  @Test(arguments: [
    ("plain text", "plain text"),
    ("A\u{1B}[31mB", "A\\u{1B}[31mB"),
    ("bell\u{07}", "bell\\u{7}"),
    ("cut\u{0}here", "cut\\u{0}here"),
    ("carriage\rreturn", "carriage\\u{D}return"),
    ("two\nlines", "two\\u{A}lines"),
    ("right\u{202E}to left", "right\\u{202E}to left"),
    ("c1\u{9B}2J", "c1\\u{9B}2J"),
    ("Zürich – 3σ", "Zürich – 3σ"),
  ])
  func controlsAreEscaped(_ text: String, _ shown: String) {
    #expect(VisibleText.escaped(text) == shown)
  }

  @Test func messagesKeepTheirLineBreaks() {
    #expect(VisibleText.escaped("one\ntwo\u{1B}", keepingNewlines: true) == "one\ntwo\\u{1B}")
  }

  @Test func tableCellsAreEscapedBeforeTheyAreLaidOut() {
    let text = TextTableRenderer(width: 60).render(Table(headers: ["name\u{07}"], rows: [["A\u{1B}[2JB"]]))
    #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    #expect(text.contains("A\\u{1B}[2JB") && text.contains("name\\u{7}"))
  }
}
