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
}
