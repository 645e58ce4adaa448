import Testing
@testable import SegEngine

/// Tables laid out to a width: long cells are shortened, except a last column that must be
/// pasted whole (explain's conditions).
@Suite struct TextTableRendererTests {
  static let condition = "age > 43.5 and age <= 44 and web_visits <= 10 and income <= 500000"

  @Test(arguments: [30, 60, 100])
  func aConditionIsNeverCut(_ width: Int) {
    let table = Table(headers: ["segment", "when"], rows: [["0", Self.condition]], keepsLastColumnWhole: true)
    let text = TextTableRenderer(width: width, unicode: true).render(table)
    #expect(text.contains(Self.condition), "\(text)")
    #expect(!text.contains("…"))
  }

  @Test func otherLastColumnsAreShortenedToTheWidth() {
    let text = TextTableRenderer(width: 30, unicode: true).render(Table(headers: ["segment", "when"], rows: [["0", Self.condition]]))
    #expect(!text.contains(Self.condition))
    #expect(text.contains("…"))
  }
}
