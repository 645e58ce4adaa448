/// Rows split into a training and a test part, as scikit-learn's `train_test_split`: the
/// test part has ceil(test × n) rows; stratified, each class gets the train and test counts
/// StratifiedShuffleSplit gives it (the largest remainders first). Which rows go where comes
/// from seg's seeded generator, so it is the same on every machine, though not the same rows
/// as NumPy's generator would pick. Both parts keep the frame's row order.
public struct TrainTestSplit: Sendable, Equatable {
  public let train: [Int]
  public let test: [Int]

  /// A split that does not look at classes.
  public init(rows n: Int, test fraction: Double, seed: UInt64) throws {
    try self.init(rows: n, test: fraction, classes: nil as [Int]?, seed: seed)
  }

  /// `classes` holds each row's class (any hashable key; missing values may be their own
  /// class) when the split is stratified, nil otherwise.
  public init<Key: Hashable>(rows n: Int, test fraction: Double, classes: [Key]?, seed: UInt64) throws {
    guard fraction > 0, fraction < 1 else {
      throw EngineError.invalidParameter(name: "test", value: ValueFormatter.number(fraction * 100) + "%", reason: "the test part must be more than 0% and less than 100% of the rows")
    }
    let testCount = Int((fraction * Double(n)).rounded(.up))
    let trainCount = n - testCount
    guard testCount > 0, trainCount > 0 else {
      throw EngineError.unsupported("\(ValueFormatter.grouped(n)) rows with test=\(ValueFormatter.number(fraction * 100))% leave the \(trainCount == 0 ? "training" : "test") part empty; use more rows or another test share")
    }
    var g = SeededGenerator(seed: seed)
    guard let classes else {
      var order = Array(0..<n)
      order.shuffle(using: &g)
      test = order.prefix(testCount).sorted()
      train = order.dropFirst(testCount).sorted()
      return
    }
    // Classes in order of first appearance, so the draw does not depend on hashing.
    var index: [Key: Int] = [:]
    var members: [[Int]] = []
    for (row, key) in classes.enumerated() {
      if let c = index[key] { members[c].append(row) } else {
        index[key] = members.count
        members.append([row])
      }
    }
    if let lonely = members.firstIndex(where: { $0.count < 2 }) {
      throw EngineError.unsupported("a class has only one row (row \(members[lonely][0] + 1)), too few to be in both parts; filter it out or split without stratify=")
    }
    guard testCount >= members.count, trainCount >= members.count else {
      throw EngineError.unsupported("a stratified split puts every one of the \(members.count) classes in both parts, but the \(testCount < members.count ? "test" : "training") part has only \(min(testCount, trainCount)) rows; use a larger test share or fewer classes")
    }
    let sizes = members.map(\.count)
    let trainPer = Self.approximateMode(sizes, draws: trainCount, &g)
    let testPer = Self.approximateMode(zip(sizes, trainPer).map { $0 - $1 }, draws: testCount, &g)
    var train: [Int] = [], test: [Int] = []
    for (c, rows) in members.enumerated() {
      var shuffled = rows
      shuffled.shuffle(using: &g)
      train += shuffled.prefix(trainPer[c])
      test += shuffled.dropFirst(trainPer[c]).prefix(testPer[c])
    }
    self.train = train.sorted()
    self.test = test.sorted()
  }

  /// How many of `draws` rows each class gets, in proportion to `counts`: the whole parts
  /// first, then one more for the largest remainders, ties drawn at random (scikit-learn's
  /// `_approximate_mode`).
  static func approximateMode(_ counts: [Int], draws: Int, _ g: inout SeededGenerator) -> [Int] {
    let total = Double(counts.reduce(0, +))
    let continuous = counts.map { Double($0) / total * Double(draws) }
    var floored = continuous.map { Int($0.rounded(.down)) }
    var needed = draws - floored.reduce(0, +)
    let remainders = zip(continuous, floored).map { $0 - Double($1) }
    for value in Set(remainders).sorted(by: >) where needed > 0 {
      var tied = remainders.indices.filter { remainders[$0] == value }
      tied.shuffle(using: &g)
      for c in tied.prefix(needed) { floored[c] += 1 }
      needed -= min(tied.count, needed)
    }
    return floored
  }
}

extension DataFrame {
  /// The frame's rows in two parts, stratified by `stratify`'s values (missing values are a
  /// class of their own) when given.
  public func split(test fraction: Double, stratify: String?, seed: UInt64) throws -> (train: DataFrame, test: DataFrame) {
    let parts: TrainTestSplit
    if let stratify {
      let c = try column(stratify)
      parts = try TrainTestSplit(rows: rowCount, test: fraction, classes: (0..<rowCount).map { c.value(at: $0) }, seed: seed)
    } else {
      parts = try TrainTestSplit(rows: rowCount, test: fraction, seed: seed)
    }
    return (gather(parts.train), gather(parts.test))
  }
}
