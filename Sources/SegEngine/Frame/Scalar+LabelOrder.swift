extension Scalar {
  /// The order segments are listed in: numbers in numeric order, anything else by its text,
  /// missing last.
  static func labelOrder(_ a: Scalar, _ b: Scalar) -> Bool {
    if a.isMissing || b.isMissing { return !a.isMissing && b.isMissing }
    if let x = a.doubleValue, let y = b.doubleValue { return x < y }
    return ValueFormatter.plain(a) < ValueFormatter.plain(b)
  }
}
