import CZlib
import Foundation

/// Gives a whole file's bytes to a closure: mapped into memory (no copy), decrypted when the
/// file is encrypted (`EncryptedFile`, with `key`), inflated when it is gzip (`.gz`).
enum FileBytes {
  static func withContents<T>(_ path: String, key: EncryptedFile.Key? = nil, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
    var st = stat()
    guard stat(path, &st) == 0 else {
      throw EngineError.io(path: path, reason: errno == ENOENT
        ? "no such file; check the name and the folder (relative paths start at a script's folder; at the prompt, at the working folder)"
        : String(cString: strerror(errno)))
    }
    if (st.st_mode & S_IFMT) == S_IFDIR {
      throw EngineError.io(path: path, reason: "is a folder, not a file; give the path of a CSV file")
    }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw EngineError.io(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    let size = Int(st.st_size)
    guard size > 0 else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
    // Not populated up front: the readers' threads fault the pages in as they reach them,
    // in parallel, instead of the main thread mapping all of them first.
    guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
      throw EngineError.io(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
    }
    defer { munmap(map, size) }
    let bytes = UnsafeBufferPointer(start: map.assumingMemoryBound(to: UInt8.self), count: size)
    // An encrypted file holds what would have been written plain, gzip or not.
    func unpacked(_ b: UnsafeBufferPointer<UInt8>) throws -> T {
      b.count >= 2 && b[0] == 0x1f && b[1] == 0x8b ? try inflate(b, path: path).withUnsafeBufferPointer(body) : try body(b)
    }
    guard EncryptedFile.isEncrypted(bytes) else { return try unpacked(bytes) }
    guard let key else { throw EngineError.io(path: path, reason: "is encrypted (AES-256-GCM); give the key it was encrypted with") }
    return try Array(try EncryptedFile.open(Data(buffer: bytes), key: key, path: path)).withUnsafeBufferPointer(unpacked)
  }

  /// Inflates gzip data (all members) with zlib.
  private static func inflate(_ input: UnsafeBufferPointer<UInt8>, path: String) throws -> [UInt8] {
    var stream = z_stream()
    guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw EngineError.io(path: path, reason: "cannot start gzip decompression")
    }
    defer { inflateEnd(&stream) }
    var output = [UInt8]()
    output.reserveCapacity(input.count * 6)
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var status: Int32 = Z_OK
    var nextCheck = 64 << 20
    try Optional(input).map { inBuf in
      stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
      stream.avail_in = uInt(inBuf.count)
      repeat {
        if stream.avail_in == 0 { break }
        try chunk.withUnsafeMutableBufferPointer { outBuf in
          stream.next_out = outBuf.baseAddress
          stream.avail_out = uInt(outBuf.count)
          status = CZlib.inflate(&stream, Z_NO_FLUSH)
          if status == Z_STREAM_END && stream.avail_in > 0 { status = inflateReset(&stream) }
          guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw EngineError.io(path: path, reason: "the gzip data is corrupt (zlib error \(status))")
          }
          output.append(contentsOf: outBuf[0..<(outBuf.count - Int(stream.avail_out))])
        }
        if output.count >= nextCheck {
          // Reading the text takes about as much again as the text itself, so half of what is
          // free is the most it may inflate to (a small gzip can inflate a thousandfold).
          try MemoryBudget.require(
            MemoryBudget.product(output.count, 2), for: "reading \(path), which inflates to more than \(MemoryBudget.size(output.count)) and keeps growing,",
            hint: "unpack it with gunzip and load a part, or raise the memory limit")
          nextCheck = output.count * 2
        }
        try CancellationToken.check()
      } while status != Z_STREAM_END || stream.avail_in > 0
    }
    if status != Z_STREAM_END {
      throw EngineError.io(path: path, reason: "the gzip file ends too early (truncated download?)")
    }
    return output
  }
}
