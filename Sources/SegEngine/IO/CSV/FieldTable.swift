/// Field byte ranges of parsed records, row-major (`row * columns + column`). Immutable
/// once built, so readers pay no exclusivity checks; `FieldTable.Builder` fills it.
final class FieldTable: @unchecked Sendable {
  let columns: Int
  let rows: Int
  let starts: UnsafeMutablePointer<UInt32>
  let ends: UnsafeMutablePointer<UInt32>

  fileprivate init(columns: Int, rows: Int, starts: UnsafeMutablePointer<UInt32>, ends: UnsafeMutablePointer<UInt32>) {
    self.columns = columns
    self.rows = rows
    self.starts = starts
    self.ends = ends
  }

  /// A table with no fields.
  static let empty = Builder(columns: 0, expectedRows: 0).finish()

  deinit {
    starts.deallocate()
    ends.deallocate()
  }

  /// Appends records into buffers it grows by doubling; a value type kept in a local
  /// variable by the tokenizer, so its hot loop touches no class state.
  struct Builder {
    let columns: Int
    private var starts: UnsafeMutablePointer<UInt32>
    private var ends: UnsafeMutablePointer<UInt32>
    private var capacity: Int
    /// Fields of committed records.
    private var count = 0

    init(columns: Int, expectedRows: Int) {
      self.columns = columns
      capacity = max(columns * 16, columns * expectedRows)
      starts = .allocate(capacity: capacity)
      ends = .allocate(capacity: capacity)
    }

    /// Makes room for one more record.
    @inline(__always)
    mutating func reserveRecord() {
      guard count + columns > capacity else { return }
      let newCapacity = capacity * 2
      let s = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
      let e = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
      s.update(from: starts, count: count)
      e.update(from: ends, count: count)
      starts.deallocate()
      ends.deallocate()
      starts = s
      ends = e
      capacity = newCapacity
    }

    /// Writes field `k` (< columns) of the record being parsed.
    @inline(__always)
    func set(_ k: Int, start: UInt32, end: UInt32) {
      starts[count + k] = start
      ends[count + k] = end
    }

    /// Keeps the record being parsed.
    @inline(__always)
    mutating func commitRecord() { count += columns }

    /// Hands the buffers to an immutable table (the builder must not be used afterwards).
    func finish() -> FieldTable {
      FieldTable(columns: columns, rows: count / max(1, columns), starts: starts, ends: ends)
    }
  }
}
