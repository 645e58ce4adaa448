/// Opens one uninitialized array per column at once, lets a loader write them through raw
/// pointers, and closes them all at the row count it reached: the values are written once,
/// in place, with no copy.
enum OpenArrays {
  /// The element type of a column's array.
  enum Element {
    case int, double, code, bool

    var width: Int {
      switch self {
      case .int: MemoryLayout<Int>.stride
      case .double: MemoryLayout<Double>.stride
      case .code: MemoryLayout<Int32>.stride
      case .bool: MemoryLayout<Bool>.stride
      }
    }
  }

  enum Storage {
    case int([Int]), double([Double]), code([Int32]), bool([Bool])
  }

  /// Runs `fill` with the base address of an array of `capacity` elements per column; `fill`
  /// returns how many leading elements of every array it wrote, or nil to give up (the
  /// arrays are then dropped). The arrays are opened one inside the other, so `elements`
  /// should be a modest list.
  static func run(_ elements: [Element], capacity: Int, _ fill: ([UnsafeMutableRawPointer]) throws -> Int?) throws
    -> [Storage]?
  {
    let (count, arrays) = try open(elements[...], capacity: max(1, capacity), [], fill)
    return count == nil ? nil : arrays
  }

  private static func open(
    _ elements: ArraySlice<Element>, capacity: Int, _ pointers: [UnsafeMutableRawPointer],
    _ fill: ([UnsafeMutableRawPointer]) throws -> Int?
  ) throws -> (count: Int?, arrays: [Storage]) {
    guard let element = elements.first else { return (try fill(pointers), []) }
    var inner: (count: Int?, arrays: [Storage]) = (nil, [])
    func body<T>(_ buffer: inout UnsafeMutableBufferPointer<T>, _ initialized: inout Int) throws {
      HugePages.advise(buffer.baseAddress!, count: capacity)
      inner = try open(elements.dropFirst(), capacity: capacity, pointers + [UnsafeMutableRawPointer(buffer.baseAddress!)], fill)
      initialized = inner.count ?? 0
    }
    let storage: Storage
    switch element {
    case .int: storage = .int(try [Int](unsafeUninitializedCapacity: capacity, initializingWith: body))
    case .double: storage = .double(try [Double](unsafeUninitializedCapacity: capacity, initializingWith: body))
    case .code: storage = .code(try [Int32](unsafeUninitializedCapacity: capacity, initializingWith: body))
    case .bool: storage = .bool(try [Bool](unsafeUninitializedCapacity: capacity, initializingWith: body))
    }
    return (inner.count, [storage] + inner.arrays)
  }
}
