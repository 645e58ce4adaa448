import CKernels

/// Where each field of the parsed records ends (with quote flags), column by column
/// (`column * stride + row`), plus where each row starts; a field starts right after the
/// previous one's delimiter. Column-major so that converting one column reads only its
/// own ends and its left neighbour's. Immutable once built: readers pay no exclusivity checks.
final class FieldTable: @unchecked Sendable {
  let columns: Int
  let rows: Int
  /// Distance between the starts of two columns in `ends` (the allocated rows).
  let stride: Int
  let rowStarts: UnsafeMutablePointer<UInt32>
  let ends: UnsafeMutablePointer<UInt32>

  fileprivate init(columns: Int, rows: Int, stride: Int, rowStarts: UnsafeMutablePointer<UInt32>, ends: UnsafeMutablePointer<UInt32>) {
    self.columns = columns
    self.rows = rows
    self.stride = stride
    self.rowStarts = rowStarts
    self.ends = ends
  }

  /// The byte range of a field's content (inside the quotes, if quoted) and its flags.
  @inline(__always)
  func field(row: Int, column: Int) -> (start: Int, end: Int, flags: UInt32) {
    let e = ends[column * stride + row]
    var start: Int
    if column == 0 {
      start = Int(rowStarts[row])
    } else {
      let previous = ends[(column - 1) * stride + row]
      // Past the previous field's content, its closing quote, and the delimiter.
      start = Int(previous & CSVTokenizer.offsetMask) + (previous & CSVTokenizer.quotedFlag != 0 ? 2 : 1)
    }
    if e & CSVTokenizer.quotedFlag != 0 { start += 1 }
    return (start, Int(e & CSVTokenizer.offsetMask), e & (CSVTokenizer.quotedFlag | CSVTokenizer.escapedFlag))
  }

  /// A table with no fields.
  static let empty = Builder(columns: 0, expectedRows: 0).finish()

  deinit {
    rowStarts.deallocate()
    ends.deallocate()
  }

  /// Appends records into buffers it grows by doubling; a value type kept in a local
  /// variable by the tokenizer, so its hot loop touches no class state.
  struct Builder {
    let columns: Int
    private var rowStarts: UnsafeMutablePointer<UInt32>
    private var ends: UnsafeMutablePointer<UInt32>
    /// Room for this many rows per column.
    private var capacity: Int
    private var rows = 0

    init(columns: Int, expectedRows: Int) {
      self.columns = columns
      capacity = max(16, expectedRows)
      rowStarts = .allocate(capacity: capacity)
      ends = .allocate(capacity: capacity * max(1, columns))
      HugePages.advise(ends, count: capacity * max(1, columns))
    }

    /// Makes room for one more record.
    @inline(__always)
    mutating func reserveRecord() {
      guard rows == capacity else { return }
      let newCapacity = capacity * 2
      let r = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
      let e = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity * max(1, columns))
      HugePages.advise(e, count: newCapacity * max(1, columns))
      r.update(from: rowStarts, count: rows)
      for j in 0..<columns { (e + j * newCapacity).update(from: ends + j * capacity, count: rows) }
      rowStarts.deallocate()
      ends.deallocate()
      rowStarts = r
      ends = e
      capacity = newCapacity
    }

    var rowCount: Int { rows }

    /// Takes the records from `pos` that need nothing special (no quote, no carriage
    /// return, the right number of fields) in one go, as far as room allows; returns where
    /// it stopped.
    mutating func takePlainRecords(_ b: UnsafeBufferPointer<UInt8>, from pos: Int, limit: Int, delimiter: UInt8) -> Int {
      guard let p = b.baseAddress else { return pos }
      var taken = Int64(rows)
      let end = seg_csv_plain_records(
        p, Int64(b.count), Int64(pos), Int64(limit), delimiter, Int64(columns), ends, Int64(capacity), rowStarts, &taken,
        Int64(capacity))
      rows = Int(taken)
      return Int(end)
    }

    /// Writes where field `k` (< columns) of the record being parsed ends, with its flags.
    @inline(__always)
    func set(_ k: Int, end: UInt32) { ends[k * capacity + rows] = end }

    /// Keeps the record being parsed, which started at `start`.
    @inline(__always)
    mutating func commitRecord(start: Int) {
      rowStarts[rows] = UInt32(start)
      rows += 1
    }

    /// Hands the buffers to an immutable table (the builder must not be used afterwards).
    func finish() -> FieldTable {
      FieldTable(columns: columns, rows: rows, stride: capacity, rowStarts: rowStarts, ends: ends)
    }
  }
}
