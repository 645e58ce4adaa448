import CSnappy
import CZlib
import CZstd

/// Parquet's page compression, through the system's codec libraries. Decompression writes
/// exactly the size the page header promises, and anything else is an error.
enum ParquetCodec {
  static func decompress(_ input: UnsafeBufferPointer<UInt8>, codec: Parquet.Codec, size: Int) throws -> [UInt8] {
    if codec == .uncompressed {
      guard input.count == size else { throw Parquet.Malformed(reason: "an uncompressed page of \(input.count) bytes where \(size) were promised") }
      return Array(input)
    }
    guard size <= 1 << 31 else { throw Parquet.Malformed(reason: "a page larger than 2 GiB") }
    var output = [UInt8](repeating: 0, count: size)
    let ok: Bool = output.withUnsafeMutableBufferPointer { out in
      input.withMemoryRebound(to: CChar.self) { inp in
        switch codec {
        case .snappy:
          var length = 0
          guard snappy_uncompressed_length(inp.baseAddress, inp.count, &length) == SNAPPY_OK, length == size else { return false }
          return out.withMemoryRebound(to: CChar.self) { o in snappy_uncompress(inp.baseAddress, inp.count, o.baseAddress, &length) == SNAPPY_OK && length == size }
        case .zstd:
          let n = ZSTD_decompress(out.baseAddress, out.count, inp.baseAddress, inp.count)
          return ZSTD_isError(n) == 0 && n == size
        case .gzip:
          return inflate(input, into: out)
        default:
          return false
        }
      }
    }
    guard ok else {
      if ![.snappy, .zstd, .gzip].contains(codec) {
        throw Parquet.Malformed(reason: "pages compressed with \(String(describing: codec).uppercased()) are not supported; rewrite the file with snappy, zstd or gzip")
      }
      throw Parquet.Malformed(reason: "a \(codec) page does not decompress to its promised \(size) bytes")
    }
    return output
  }

  private static func inflate(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Bool {
    var stream = z_stream()
    guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
    defer { inflateEnd(&stream) }
    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
    stream.avail_in = uInt(input.count)
    stream.next_out = out.baseAddress
    stream.avail_out = uInt(out.count)
    let status = CZlib.inflate(&stream, Z_FINISH)
    return status == Z_STREAM_END && stream.avail_out == 0
  }

  static func compress(_ input: [UInt8], codec: Parquet.Codec) -> [UInt8] {
    switch codec {
    case .snappy:
      var length = snappy_max_compressed_length(input.count)
      var out = [UInt8](repeating: 0, count: length)
      let status = input.withUnsafeBufferPointer { i in
        out.withUnsafeMutableBufferPointer { o in
          i.withMemoryRebound(to: CChar.self) { ic in
            o.withMemoryRebound(to: CChar.self) { oc in snappy_compress(ic.baseAddress, ic.count, oc.baseAddress, &length) }
          }
        }
      }
      precondition(status == SNAPPY_OK, "snappy_compress fails only on a too-small buffer")
      out.removeSubrange(length...)
      return out
    case .zstd:
      var out = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
      let n = input.withUnsafeBufferPointer { i in out.withUnsafeMutableBufferPointer { o in ZSTD_compress(o.baseAddress, o.count, i.baseAddress, i.count, 3) } }
      precondition(ZSTD_isError(n) == 0, "ZSTD_compress fails only on a too-small buffer")
      out.removeSubrange(n...)
      return out
    default:
      return input
    }
  }
}
