import Foundation

/// Standard input and output as byte streams for the filters (`seg assign`, `seg run -`):
/// plain read and write calls, so a closed pipe or an unreadable input is an error to
/// report, where Foundation's FileHandle would stop the process with a trap.
enum StandardStreams {
  /// Why standard input could not be read.
  struct ReadFailure: Error {
    let reason: String
  }

  /// The next block of at most `limit` bytes of standard input; nil at its end.
  static func read(upTo limit: Int) throws(ReadFailure) -> [UInt8]? {
    var failure: Int32 = 0
    let block = [UInt8](unsafeUninitializedCapacity: limit) { buffer, count in
      count = 0
      while true {
        let n = Glibc.read(STDIN_FILENO, buffer.baseAddress!, limit)
        if n >= 0 {
          count = n
          return
        }
        if errno != EINTR {
          failure = errno
          return
        }
      }
    }
    if failure != 0 { throw ReadFailure(reason: String(cString: strerror(failure))) }
    return block.isEmpty ? nil : block
  }

  /// All of standard input.
  static func readAll() throws(ReadFailure) -> [UInt8] {
    var all: [UInt8] = []
    while let block = try read(upTo: 1 << 20) { all += block }
    return all
  }

  /// Writes all of `bytes` to standard output; a failure ends the process as it does for
  /// `seg run` (`Terminal.outputFailed`: quietly when the reader went away, as with `| head`).
  static func write(_ bytes: [UInt8]) {
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + done, bytes.count - done) }
      if n >= 0 {
        done += n
      } else if errno != EINTR {
        Terminal.outputFailed(errno)
      }
    }
  }
}
