/// A customer's place in [0, 1) from a keyed hash of its key and a seed: the same customer
/// lands in the same place in every run, on every machine, whatever the row order.
public enum HoldoutHash {
  public static func position(of key: String, seed: UInt64) -> Double {
    // FNV-1a over the key's UTF-8 bytes, then the splitmix64 finaliser with the seed mixed in.
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    var z = h ^ (seed &* 0x9e37_79b9_7f4a_7c15)
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    z ^= z >> 31
    return Double(z >> 11) * 0x1.0p-53
  }
}
