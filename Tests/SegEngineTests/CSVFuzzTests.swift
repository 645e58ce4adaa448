import Testing
@testable import SegEngine

/// Random bytes never crash the CSV reader: it returns a consistent frame or a located error.
@Suite struct CSVFuzzTests {
  static let alphabet: [UInt8] = Array("a1,;\"\n\r\t|. -e5NA".utf8) + [0xFF, 0xC3, 0xA9, 0xEF, 0xBB, 0xBF, 0x00]

  @Test(arguments: 0..<4)
  func randomBytesNeverCrash(_ batch: Int) {
    var g = SeededGenerator(seed: UInt64(1000 + batch))
    for _ in 0..<2500 {
      let length = g.below(160)
      let bytes = (0..<length).map { _ in Self.alphabet[g.below(Self.alphabet.count)] }
      var options = CSVReadOptions()
      options.header = g.below(4) != 0
      options.onBadRows = g.below(2) == 0 ? .skip : .error
      options.encoding = g.below(5) == 0 ? .latin1 : .utf8
      options.decimalComma = g.below(5) == 0
      // Cut into many small parts and blocks, so the block reader's splitting meets garbage too.
      options.blockShape = CSVBlockLoader.Shape(sampleRows: 1 + g.below(4), blockRows: 1 + g.below(5), splitBytes: g.below(50), parts: 1 + g.below(4))
      do {
        let frame = try CSVReader.read(bytes: bytes, path: "fuzz", options: options).frame
        #expect(frame.columns.allSatisfy { $0.count == frame.rowCount })
      } catch let e as EngineError {
        #expect(!e.message.isEmpty)
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
  }

  /// Plain records go through a bulk fast path and the rest through the general parser; a
  /// carriage return before every newline sends every record through the general parser,
  /// and must give the same frame, or the same error at the same row.
  @Test(arguments: 0..<4)
  func fastPathAgreesWithTheGeneralParser(_ batch: Int) {
    var g = SeededGenerator(seed: UInt64(2000 + batch))
    let cells = ["1", "22", "-3.5", "abc", "x y", "\"q,uoted\"", "\"a \"\"b\"\"\"", "", "NA", "true", "2024-01-31", "7e3"]
    for _ in 0..<300 {
      let columns = 1 + g.below(4)
      var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
      for _ in 0..<(5 + g.below(120)) {
        switch g.below(20) {
        case 0: text += "\n"  // a blank line
        case 1: text += (0..<(columns + 1)).map { _ in cells[g.below(cells.count)] }.joined(separator: ",") + "\n"  // ragged
        default: text += (0..<columns).map { _ in cells[g.below(3 + g.below(cells.count - 2))] }.joined(separator: ",") + "\n"
        }
      }
      if g.below(3) == 0 { text.removeLast() }  // no newline at the end
      var options = CSVReadOptions()
      options.onBadRows = g.below(2) == 0 ? .skip : .error
      let read = { (s: String) -> String in
        do { return dump(try CSVReader.read(bytes: Array(s.utf8), path: "t", options: options).frame) } catch { return "\(error)" }
      }
      let plain = read(text), general = read(text.replacingOccurrences(of: "\n", with: "\r\n"))
      #expect(plain == general, "\(text)")
    }
  }
}
