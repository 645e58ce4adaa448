/// The parts of a Parquet file's footer seg uses (parquet.thrift: FileMetaData, SchemaElement,
/// RowGroup, ColumnChunk, ColumnMetaData, PageHeader), read from and written as Thrift.
enum Parquet {
  enum PhysicalType: Int { case boolean = 0, int32, int64, int96, float, double, byteArray, fixedLenByteArray }
  enum Codec: Int { case uncompressed = 0, snappy, gzip, lzo, brotli, lz4, zstd, lz4Raw }
  enum Encoding: Int {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5, deltaLengthByteArray = 6
    case deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9

    /// The name the format's specification gives it.
    var specName: String {
      switch self {
      case .plain: "PLAIN"
      case .plainDictionary: "PLAIN_DICTIONARY"
      case .rle: "RLE"
      case .bitPacked: "BIT_PACKED"
      case .deltaBinaryPacked: "DELTA_BINARY_PACKED"
      case .deltaLengthByteArray: "DELTA_LENGTH_BYTE_ARRAY"
      case .deltaByteArray: "DELTA_BYTE_ARRAY"
      case .rleDictionary: "RLE_DICTIONARY"
      case .byteStreamSplit: "BYTE_STREAM_SPLIT"
      }
    }
  }
  enum PageType: Int { case data = 0, index = 1, dictionary = 2, dataV2 = 3 }

  /// What a column's values mean beyond their physical type (logical or converted type).
  enum Meaning: Equatable {
    case none, string, date, decimal(scale: Int), timestamp(unitsPerSecond: Int64), integer(bits: Int, signed: Bool)
    case unsupported(String)
  }

  struct SchemaColumn {
    var name: String
    var type: PhysicalType
    var typeLength: Int
    var optional: Bool
    var meaning: Meaning
  }

  struct ColumnChunk {
    var type: PhysicalType
    var codec: Codec
    var valueCount: Int
    var start: Int  // the first page: the dictionary page's offset when there is one
    var compressedSize: Int
  }

  struct RowGroup {
    var rowCount: Int
    var columns: [ColumnChunk]
  }

  struct FileMetadata {
    var columns: [SchemaColumn]
    var rowCount: Int
    var rowGroups: [RowGroup]
  }

  struct PageHeader {
    var type: PageType?
    var uncompressedSize: Int
    var compressedSize: Int
    var valueCount: Int
    var encoding: Int
    var definitionEncoding: Int
    /// Data page v2: level lengths (stored uncompressed before the values), and whether the values are compressed.
    var definitionLength = 0
    var repetitionLength = 0
    var compressed = true
  }

  struct Malformed: Error { let reason: String }

  // MARK: Reading

  static func fileMetadata(_ f: [Int16: ThriftValue]) throws -> FileMetadata {
    guard let schema = f[2]?.list?.compactMap(\.fields), let rows = f[3]?.int, rows >= 0, let groups = f[4]?.list else {
      throw Malformed(reason: "the footer lacks the schema, row count or row groups")
    }
    guard let root = schema.first else { throw Malformed(reason: "the schema is empty") }
    let leaves = schema.dropFirst()
    guard root[5]?.int == leaves.count else {
      let nested = leaves.first { ($0[5]?.int ?? 0) > 0 }?[4]?.string ?? "a column"
      throw Malformed(reason: "column \(nested) is nested (a struct, list or map); seg reads flat tables: flatten it first (for example with pyarrow.Table.flatten)")
    }
    let columns = try leaves.map { e -> SchemaColumn in
      let name = e[4]?.string ?? "?"
      guard let raw = e[1]?.int, let type = PhysicalType(rawValue: raw) else {
        throw Malformed(reason: "column \(name) is nested (a struct, list or map); seg reads flat tables: flatten it first")
      }
      let repetition = e[3]?.int ?? 0
      guard repetition != 2 else { throw Malformed(reason: "column \(name) repeats (a list); seg reads flat tables: flatten it first") }
      return SchemaColumn(name: name, type: type, typeLength: e[2]?.int ?? 0, optional: repetition == 1, meaning: meaning(e))
    }
    let rowGroups = try groups.map { g -> RowGroup in
      guard let fields = g.fields, let chunks = fields[1]?.list, let n = fields[3]?.int, n >= 0 else { throw Malformed(reason: "a row group is incomplete") }
      guard chunks.count == columns.count else { throw Malformed(reason: "a row group has \(chunks.count) columns for a schema of \(columns.count)") }
      return RowGroup(rowCount: n, columns: try chunks.map { c in
        guard c.fields?[1] == nil || c.fields?[1]?.string?.isEmpty == true else { throw Malformed(reason: "the data is in another file (file_path); seg reads single-file Parquet") }
        guard let m = c.fields?[3]?.fields, let t = m[1]?.int, let type = PhysicalType(rawValue: t), let codecRaw = m[4]?.int,
          let values = m[5]?.int, let size = m[7]?.int, let dataOffset = m[9]?.int
        else { throw Malformed(reason: "a column chunk's metadata is incomplete") }
        guard let codec = Codec(rawValue: codecRaw) else { throw Malformed(reason: "an unknown compression codec \(codecRaw)") }
        let dictionary = m[11]?.int.flatMap { $0 > 0 ? $0 : nil }
        return ColumnChunk(type: type, codec: codec, valueCount: values, start: min(dictionary ?? dataOffset, dataOffset), compressedSize: size)
      })
    }
    return FileMetadata(columns: columns, rowCount: rows, rowGroups: rowGroups)
  }

  /// The logical type when present, else the converted (legacy) type.
  private static func meaning(_ e: [Int16: ThriftValue]) -> Meaning {
    if let logical = e[10]?.fields, let (kind, value) = logical.first {
      switch kind {
      case 1, 4, 12: return .string  // STRING, ENUM, JSON
      case 5: return .decimal(scale: value.fields?[1]?.int ?? 0)
      case 6: return .date
      case 7: return .unsupported("a time of day")
      case 8:
        let unit = value.fields?[2]?.fields?.keys.first ?? 2
        return .timestamp(unitsPerSecond: unit == 1 ? 1_000 : unit == 3 ? 1_000_000_000 : 1_000_000)
      case 10: return .integer(bits: value.fields?[1]?.int ?? 64, signed: value.fields?[2]?.bool ?? true)
      case 11: return .none  // NULL: a column with no values
      case 14: return .unsupported("a UUID")
      case 15: return .unsupported("a 16-bit float")
      default: return .unsupported("logical type \(kind)")
      }
    }
    switch e[6]?.int {
    case nil: return .none
    case 0?, 4?, 19?: return .string  // UTF8, ENUM, JSON
    case 5?: return .decimal(scale: e[7]?.int ?? 0)
    case 6?: return .date
    case 7?, 8?: return .unsupported("a time of day")
    case 9?: return .timestamp(unitsPerSecond: 1_000)
    case 10?: return .timestamp(unitsPerSecond: 1_000_000)
    case let c? where (11...18).contains(c):
      return .integer(bits: [8, 16, 32, 64][(c - 11) % 4], signed: c >= 15)
    case let c?: return .unsupported("converted type \(c)")
    }
  }

  static func pageHeader(_ f: [Int16: ThriftValue]) throws -> PageHeader {
    guard let type = f[1]?.int, let uncompressed = f[2]?.int, let compressed = f[3]?.int, uncompressed >= 0, compressed >= 0 else {
      throw Malformed(reason: "a page header is incomplete")
    }
    var header = PageHeader(type: PageType(rawValue: type), uncompressedSize: uncompressed, compressedSize: compressed, valueCount: 0, encoding: 0, definitionEncoding: 3)
    if let d = f[5]?.fields {
      header.valueCount = d[1]?.int ?? 0
      header.encoding = d[2]?.int ?? 0
      header.definitionEncoding = d[3]?.int ?? 3
    } else if let d = f[7]?.fields {
      header.valueCount = d[1]?.int ?? 0
      header.encoding = d[2]?.int ?? 0
    } else if let d = f[8]?.fields {
      header.valueCount = d[1]?.int ?? 0
      header.encoding = d[4]?.int ?? 0
      header.definitionLength = d[5]?.int ?? 0
      header.repetitionLength = d[6]?.int ?? 0
      header.compressed = d[7]?.bool ?? true
    }
    guard header.valueCount >= 0, header.definitionLength >= 0, header.repetitionLength >= 0 else {
      throw Malformed(reason: "a page header has negative sizes")
    }
    return header
  }
}
