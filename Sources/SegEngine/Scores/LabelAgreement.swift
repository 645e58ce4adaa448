/// How much two labellings of the same rows agree, as scikit-learn's adjusted_rand_score
/// and normalized_mutual_info_score (arithmetic mean of the entropies).
public enum LabelAgreement {
  /// Adjusted Rand index: 1 for identical partitions, about 0 for chance.
  public static func adjustedRand(_ a: [Int], _ b: [Int]) throws -> Double {
    let (table, rowSums, columnSums) = try contingency(a, b)
    let n = Double(a.count)
    // Pair counts, as scikit-learn's pair_confusion_matrix.
    let sumSquares = table.reduce(0.0) { $0 + Double($1.count) * Double($1.count) }
    let rows = rowSums.reduce(0.0) { $0 + Double($1) * Double($1) }
    let columns = columnSums.reduce(0.0) { $0 + Double($1) * Double($1) }
    let tp = sumSquares - n
    let fp = columns - sumSquares
    let fn = rows - sumSquares
    let tn = n * n - fp - fn - sumSquares
    if fn == 0 && fp == 0 { return 1 }
    return 2 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
  }

  /// Mutual information divided by the mean of the two entropies.
  public static func normalizedMutualInformation(_ a: [Int], _ b: [Int]) throws -> Double {
    let (table, rowSums, columnSums) = try contingency(a, b)
    if rowSums.count == columnSums.count && rowSums.count <= 1 { return 1 }
    let n = Double(a.count)
    var mi = 0.0
    for cell in table {
      let c = Double(cell.count)
      let p = c / n
      let term = p * (log(c) - log(n)) + p * (log(n) + log(n) - log(Double(rowSums[cell.a]) * Double(columnSums[cell.b])))
      mi += abs(term) < Double.ulpOfOne ? 0 : term
    }
    mi = max(mi, 0)
    if mi == 0 { return 0 }
    let normalizer = (entropy(rowSums, n) + entropy(columnSums, n)) / 2
    return mi / max(normalizer, Double.ulpOfOne)
  }

  private static func entropy(_ counts: [Int], _ n: Double) -> Double {
    -counts.reduce(0.0) { s, c in c == 0 ? s : s + Double(c) / n * (log(Double(c)) - log(n)) }
  }

  /// The non-empty cells of the contingency table in a fixed order (sums must not depend
  /// on hash order), with the row and column totals.
  private static func contingency(_ a: [Int], _ b: [Int]) throws -> (cells: [(a: Int, b: Int, count: Int)], rows: [Int], columns: [Int]) {
    guard a.count == b.count else {
      throw EngineError.invalidParameter(name: "labels", value: "\(a.count) and \(b.count) rows", reason: "both labellings must cover the same rows")
    }
    let ca = LabelCodes(a), cb = LabelCodes(b)
    var counts = [Int](repeating: 0, count: ca.count * cb.count)
    for i in a.indices { counts[ca.codes[i] * cb.count + cb.codes[i]] += 1 }
    let cells = counts.indices.filter { counts[$0] > 0 }.map { (a: $0 / cb.count, b: $0 % cb.count, count: counts[$0]) }
    return (cells, ca.sizes, cb.sizes)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LabelAgreement {
  /// Stability of a method: the mean adjusted Rand index over every pair of labellings
  /// fitted with different seeds (1 when every seed finds the same segments).
  public static func stability(_ labelings: [[Int]]) throws -> Double {
    guard labelings.count >= 2 else { return 1 }
    var total = 0.0, pairs = 0
    for i in labelings.indices {
      for j in (i + 1)..<labelings.count {
        total += try adjustedRand(labelings[i], labelings[j])
        pairs += 1
      }
    }
    return total / Double(pairs)
  }
}
