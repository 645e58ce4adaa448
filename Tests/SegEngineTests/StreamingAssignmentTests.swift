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
