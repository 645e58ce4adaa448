/// Reads a flat Parquet file into a frame: the footer's schema and row groups, then every
/// column decoded on its own core. Files written by pyarrow, Spark and seg read the same.
public enum ParquetReader {
  public static func read(path: String) throws -> TableReadResult {
    try FileBytes.withContents(path) { try read(buffer: $0, path: path) }
  }

  static func read(buffer b: UnsafeBufferPointer<UInt8>, path: String) throws -> TableReadResult {
    do {
      let magic = Array("PAR1".utf8)
      guard b.count >= 12, Array(b[0..<4]) == magic else { throw Parquet.Malformed(reason: "no Parquet header") }
      guard Array(b[(b.count - 4)...]) == magic else {
        throw Parquet.Malformed(reason: "the file is cut short (no Parquet footer at its end); copy or download it again")
      }
      let footerLength = Int(UInt32(b[b.count - 8]) | UInt32(b[b.count - 7]) << 8 | UInt32(b[b.count - 6]) << 16 | UInt32(b[b.count - 5]) << 24)
      guard footerLength > 0, footerLength <= b.count - 12 else { throw Parquet.Malformed(reason: "the footer's length does not fit the file") }
      var reader = ThriftReader(b, from: b.count - 8 - footerLength, to: b.count - 8)
      let metadata = try Parquet.fileMetadata(try reader.readStruct())
      guard metadata.rowGroups.reduce(0, { $0 + $1.rowCount }) == metadata.rowCount else {
        throw Parquet.Malformed(reason: "the row groups do not add up to the file's row count")
      }
      // Each value takes at least a bit of the file, so a count far beyond it is a lie.
      guard metadata.rowCount <= b.count * 8 else { throw Parquet.Malformed(reason: "the file claims more rows than it can hold") }
      guard !metadata.columns.isEmpty else { throw Parquet.Malformed(reason: "the file has no columns") }
      var notes: [String] = []
      let decimals = metadata.columns.filter { if case .decimal = $0.meaning { return true } else { return false } }.map(\.name)
      if !decimals.isEmpty { notes.append(SQLTypeMapping.decimalNote(decimals, kept: "DECIMAL in the file")) }
      // Every column is made whole before its pages are read: that memory must exist.
      try MemoryBudget.require(
        MemoryBudget.product(metadata.rowCount, metadata.columns.count, MemoryLayout<Double>.stride),
        for: "\(ValueFormatter.grouped(metadata.rowCount)) rows of \(metadata.columns.count) columns", hint: "split the file, or load it where there is more memory")
      ProgressReporter.report("load: decoding \(metadata.columns.count) Parquet columns")
      let columns = try Parallel.map(metadata.columns.count) { j -> Column in
        var decoder = try ParquetColumnDecoder(column: metadata.columns[j], file: b, rowCount: metadata.rowCount)
        for group in metadata.rowGroups {
          try CancellationToken.check()
          try decoder.read(group.columns[j], rows: group.rowCount)
        }
        return try decoder.decodedColumn()
      }
      let names = HeaderNames.uniquify(columns.map(\.name), notes: &notes)
      let renamed = zip(columns, names).map { c, name in Column(name: name, storage: c.storage, validity: c.validity) }
      return TableReadResult(frame: try DataFrame(columns: renamed), format: .parquet, notes: notes)
    } catch let problem as Parquet.Malformed {
      throw EngineError.io(path: path, reason: "this Parquet file cannot be read: \(problem.reason)")
    } catch let problem as ThriftReader.Failure {
      guard case .malformed(let reason) = problem else { throw problem }
      throw EngineError.io(path: path, reason: "this Parquet file cannot be read: its metadata is damaged (\(reason))")
    }
  }
}
