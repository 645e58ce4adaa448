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

  /// The fields, for reading.
  var view: FieldView { FieldView(rows: rows, stride: stride, rowStarts: rowStarts, ends: ends) }

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

    /// The records taken so far, readable until the builder changes.
    var view: FieldView { FieldView(rows: rows, stride: capacity, rowStarts: rowStarts, ends: ends) }

    /// Forgets the records, keeping the buffers (a block reader reuses one builder).
    mutating func removeAll() { rows = 0 }

    /// Takes the records from `pos` that need nothing special (no quote, no carriage
    /// return, the right number of fields) in one go, at most `maxRecords` and as far as room
    /// allows; returns where it stopped.
    mutating func takePlainRecords(_ b: UnsafeBufferPointer<UInt8>, from pos: Int, limit: Int, delimiter: UInt8, maxRecords: Int)
      -> Int
    {
      guard let p = b.baseAddress else { return pos }
      var taken = Int64(rows)
      let end = seg_csv_plain_records(
        p, Int64(b.count), Int64(pos), Int64(limit), delimiter, Int64(columns), ends, Int64(capacity), rowStarts, &taken,
        Int64(min(capacity, rows + maxRecords)))
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

/// Reads the fields of a table's buffers (owned by a FieldTable or a builder).
struct FieldView {
  let rows: Int
  let stride: Int
  let rowStarts: UnsafeMutablePointer<UInt32>
  let ends: UnsafeMutablePointer<UInt32>

  /// The fields of one column.
  @inline(__always)
  func column(_ j: Int) -> FieldColumn {
    j == 0
      ? FieldColumn(ends: ends, previous: rowStarts, past: 0)
      : FieldColumn(ends: ends + j &* stride, previous: ends + (j &- 1) &* stride, past: 1)
  }
}

/// One column of a field table: each field starts where the previous one ends (or its row
/// starts), so its range comes from two reads and no branch.
struct FieldColumn {
  let ends: UnsafeMutablePointer<UInt32>
  /// The previous column's ends, or the row starts for the first column.
  let previous: UnsafeMutablePointer<UInt32>
  /// 1 past the previous field's end (its delimiter), 0 past a row start.
  let past: Int

  /// The byte range of row `r`'s field content (inside the quotes, if quoted) and its flags.
  @inline(__always)
  func field(_ r: Int) -> (start: Int, end: Int, flags: UInt32) {
    let e = ends[r]
    let p = previous[r]
    // Past the previous field's closing quote, if any, and this one's opening quote.
    let start = Int(p & CSVTokenizer.offsetMask) &+ past &+ Int(p >> 31) &+ Int(e >> 31)
    return (start, Int(e & CSVTokenizer.offsetMask), e & (CSVTokenizer.quotedFlag | CSVTokenizer.escapedFlag))
  }
}
