/// Reads Arrow's IPC stream format (a schema message, then record batches) into a frame: the
/// format Spark Connect returns results in. Several streams with the same schema, one per
/// batch as a server sends them, may be read in turn; the frame holds all their rows.
public struct ArrowStreamReader {
  private var fields: [ArrowField]?
  private var values: [[Scalar]] = []
  /// Where the data came from, for messages.
  public let source: String

  public init(source: String) { self.source = source }

  /// The columns every stream read so far carries, in order (empty before the first schema).
  public var columnNames: [String] { fields?.map(\.name) ?? [] }

  /// Reads one stream: its schema (which must match any read before) and its batches.
  public mutating func read(_ stream: [UInt8]) throws {
    do { try readMessages(stream) } catch EngineError.unsupported(let reason) { throw EngineError.unsupported("\(source): \(reason)") }
  }

  private mutating func readMessages(_ stream: [UInt8]) throws {
    var position = 0
    while let (header, type, body) = try Self.nextMessage(stream, at: &position) {
      switch type {
      case 1: try readSchema(header)
      case 3:
        guard let fields else { throw malformed("a record batch came before the schema") }
        try readBatch(header, body: body, fields: fields)
      case 2: throw EngineError.unsupported("dictionary-encoded Arrow columns are not read yet")
      default: throw malformed("message type \(type) is not a schema or a record batch")
      }
    }
  }

  /// The rows read so far as a frame.
  public func frame() throws -> DataFrame {
    try DataFrame(columns: (fields ?? []).enumerated().map { i, f in Column.fromScalars(f.name, type: f.type.frameType, values[i]) })
  }

  // MARK: Messages

  /// The next message's metadata, its header type and its body; nil at the end of the stream.
  private static func nextMessage(_ s: [UInt8], at position: inout Int) throws -> (FlatBufferTable, UInt8, ArraySlice<UInt8>)? {
    guard position < s.count else { return nil }
    var length = try FlatBufferTable.int32(s, at: position)
    position += 4
    if length == -1 {  // the continuation marker in front of the length since format 0.15
      length = try FlatBufferTable.int32(s, at: position)
      position += 4
    }
    guard length != 0 else { return nil }
    guard length > 0, position + Int(length) <= s.count else { throw FlatBufferTable.malformed("a message runs past the end of the data") }
    let message = try FlatBufferTable(root: Array(s[position..<position + Int(length)]))
    position += Int(length)
    let bodyLength = try message.int64(3)
    guard bodyLength >= 0, bodyLength <= Int64(s.count - position) else { throw FlatBufferTable.malformed("a message body runs past the end of the data") }
    let body = s[position..<position + Int(bodyLength)]
    position += Int(bodyLength)
    guard let header = try message.table(2) else { throw FlatBufferTable.malformed("a message has no header") }
    return (header, try message.uint8(1), body)
  }

  private mutating func readSchema(_ schema: FlatBufferTable) throws {
    let read = try schema.tables(1).map { try ArrowField($0) }
    if let fields {
      guard fields == read else { throw malformed("a later stream has another schema") }
      return
    }
    fields = read
    values = Array(repeating: [], count: read.count)
  }

  private mutating func readBatch(_ batch: FlatBufferTable, body: ArraySlice<UInt8>, fields: [ArrowField]) throws {
    guard try batch.table(3) == nil else {
      throw EngineError.unsupported("compressed Arrow batches are not read; turn the server's Arrow compression off")
    }
    let rows = try batch.int64(0)
    let nodes = try batch.int64Structs(1, fields: 2)
    var buffers = try batch.int64Structs(2, fields: 2).makeIterator()
    guard rows >= 0, nodes.count == fields.count else { throw malformed("a record batch does not match its schema") }
    let body = Array(body)
    for (i, field) in fields.enumerated() {
      guard nodes[i][0] == rows else { throw malformed("column \"\(field.name)\" has \(nodes[i][0]) rows, the batch \(rows)") }
      var slices: [ArraySlice<UInt8>] = []
      for _ in 0..<field.type.bufferCount {
        guard let b = buffers.next(), b[0] >= 0, b[1] >= 0, b[0] <= Int64(body.count) - b[1] else {
          throw malformed("a buffer of column \"\(field.name)\" lies outside the batch")
        }
        slices.append(body[Int(b[0])..<Int(b[0] + b[1])])
      }
      values[i] += try ArrowColumnDecoder(field: field, rows: Int(rows), nullCount: Int(nodes[i][1]), buffers: slices).values()
    }
  }

  private func malformed(_ reason: String) -> EngineError { FlatBufferTable.malformed(reason) }
}
