/// Parquet's RLE / bit-packing hybrid, which stores definition levels, dictionary indices and
/// booleans: runs of one repeated value, and groups of eight values packed `bitWidth` bits each.
enum RLEBitPackedHybrid {
  /// Decodes `count` values from `b[start..<end]`, handing on each run of one repeated value
  /// as `run(value, length)` and bit-packed values in batches as `packed(values)`, in order.
  /// Anything that runs past `end` is an error.
  @inline(__always)
  static func decode(
    _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, bitWidth: Int, count: Int,
    run: (UInt32, Int) throws -> Void, packed: (UnsafeBufferPointer<UInt32>) throws -> Void
  ) throws {
    guard (0...32).contains(bitWidth), start >= 0, end <= b.count else { throw Parquet.Malformed(reason: "a bit width of \(bitWidth)") }
    var i = start
    var n = 0
    let byteWidth = (bitWidth + 7) / 8
    let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
    let base = b.baseAddress
    try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 512) { scratch in
      while n < count {
        var header: UInt64 = 0
        var shift: UInt64 = 0
        while true {
          guard i < end, shift < 64 else { throw Parquet.Malformed(reason: "a run header runs past the page") }
          let byte = b[i]
          i += 1
          header |= UInt64(byte & 0x7F) << shift
          if byte & 0x80 == 0 { break }
          shift += 7
        }
        if header & 1 == 0 {
          let length = Int(clamping: header >> 1)
          guard length > 0 else { throw Parquet.Malformed(reason: "an empty run") }
          guard byteWidth <= end - i else { throw Parquet.Malformed(reason: "a run's value runs past the page") }
          var value: UInt32 = 0
          for k in 0..<byteWidth { value |= UInt32(b[i + k]) << (8 * UInt32(k)) }
          i += byteWidth
          let take = min(length, count - n)
          try run(value, take)
          n += take
        } else {
          let groups = Int(clamping: header >> 1)
          guard groups > 0, groups <= (end - i) / max(bitWidth, 1) + 1, groups * bitWidth <= end - i else {
            throw Parquet.Malformed(reason: "bit-packed values run past the page")
          }
          let values = min(groups * 8, count - n)
          var done = 0
          while done < values {
            let batch = min(512, values - done)
            if bitWidth == 0 {
              for k in 0..<batch { scratch[k] = 0 }
            } else if i + ((done + batch) * bitWidth) >> 3 + 8 <= end {
              // Every eight-byte load of the batch lies within the page: no check per value.
              let raw = UnsafeRawPointer(base! + i)
              for k in 0..<batch {
                let bit = (done + k) * bitWidth
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
                scratch[k] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
              }
            } else {
              for k in 0..<batch {
                let bit = (done + k) * bitWidth
                let at = i + bit >> 3
                let word: UInt64
                if at + 8 <= end {
                  word = UInt64(littleEndian: UnsafeRawPointer(base! + at).loadUnaligned(as: UInt64.self))
                } else {
                  var w: UInt64 = 0
                  for q in 0..<min(8, end - at) { w |= UInt64(b[at + q]) << (8 * UInt64(q)) }
                  word = w
                }
                scratch[k] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
              }
            }
            try packed(UnsafeBufferPointer(rebasing: scratch[0..<batch]))
            done += batch
          }
          n += values
          i += groups * bitWidth
        }
      }
    }
  }

  /// The `count` values as an array (for booleans and tests).
  static func decode(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, bitWidth: Int, count: Int) throws -> [UInt32] {
    var out: [UInt32] = []
    out.reserveCapacity(count)
    try decode(b, start, end, bitWidth: bitWidth, count: count, run: { out.append(contentsOf: repeatElement($0, count: $1)) }, packed: { out += $0 })
    return out
  }

  /// Encodes values as runs where a value repeats eight or more times, else bit-packed.
  /// seg writes definition levels with it (bit width 1).
  static func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
    var out: [UInt8] = []
    func varint(_ v: Int) {
      var x = UInt64(v)
      while x >= 0x80 {
        out.append(UInt8(x & 0x7F) | 0x80)
        x >>= 7
      }
      out.append(UInt8(x))
    }
    let byteWidth = (bitWidth + 7) / 8
    var i = 0
    var pending: [UInt32] = []
    func flushPacked() {
      guard !pending.isEmpty else { return }
      while pending.count % 8 != 0 { pending.append(0) }
      varint((pending.count / 8) << 1 | 1)
      var buffer: UInt64 = 0
      var bits = 0
      for v in pending {
        buffer |= UInt64(v) << UInt64(bits)
        bits += bitWidth
        while bits >= 8 {
          out.append(UInt8(buffer & 0xFF))
          buffer >>= 8
          bits -= 8
        }
      }
      if bits > 0 { out.append(UInt8(buffer & 0xFF)) }
      pending = []
    }
    while i < values.count {
      var run = 1
      while i + run < values.count, values[i + run] == values[i] { run += 1 }
      // A run starts only on a group boundary of what is pending, so packed groups stay whole.
      if run >= 8 && pending.count % 8 == 0 {
        flushPacked()
        varint(run << 1)
        for k in 0..<byteWidth { out.append(UInt8((values[i] >> (8 * UInt32(k))) & 0xFF)) }
        i += run
      } else {
        pending.append(values[i])
        i += 1
      }
    }
    flushPacked()
    return out
  }
}
