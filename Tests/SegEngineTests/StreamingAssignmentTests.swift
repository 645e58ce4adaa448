import Testing
@testable import SegEngine

/// The streaming labeller's memory guard: records that never end are refused once they
/// outgrow the limit, however the bytes arrive.
@Suite struct StreamingAssignmentTests {
  @Test(arguments: [1, 7, 4096])
  func aRecordThatNeverEndsIsRefusedAtTheLimit(_ blockSize: Int) throws {
    let (model, _, _) = try ModelFileTests.fitted()
    var assignment = StreamingAssignment(model: model)
    assignment.maxRecordBytes = 1000
    var input = Array("customer_id,age,income\n1,30,100\n2,31,".utf8) + Array(repeating: UInt8(ascii: "9"), count: 5000)
    var written: [UInt8] = []
    #expect {
      _ = try assignment.run(read: {
        guard !input.isEmpty else { return nil }
        let block = Array(input.prefix(blockSize))
        input.removeFirst(block.count)
        return block
      }, write: { written += $0 })
    } throws: { error in
      (error as? EngineError)?.message == "<stdin>:3: a record runs past 1,000 bytes without ending; check that the input is one customer a line"
    }
  }
}

/// Where records end, found sixteen bytes at a time: the same as looking at every byte,
/// for quotes and newlines on either side of a sixteen-byte boundary.
@Suite struct RecordEndTests {
  @Test(arguments: [0, 1, 15, 16, 17, 33])
  func endsAreWhereEveryByteSaysTheyAre(_ start: Int) {
    var g = SeededGenerator(seed: UInt64(start) + 3)
    let alphabet = Array("ab,1 \t\"\n".utf8)
    let bytes = (0..<500).map { _ in alphabet[Int(g.uniform() * Double(alphabet.count)) % alphabet.count] }
    for quotes in [true, false] {
      var ends: [Int] = [], inQuotes = false
      StreamingAssignment.recordEnds(in: bytes, from: start, quotes: quotes, inQuotes: &inQuotes, into: &ends)
      var expected: [Int] = [], quoted = false
      for i in start..<bytes.count {
        if quotes && bytes[i] == UInt8(ascii: "\"") { quoted.toggle() }
        if bytes[i] == UInt8(ascii: "\n") && !quoted { expected.append(i + 1) }
      }
      #expect(ends == expected)
      #expect(inQuotes == quoted)
    }
  }
}
