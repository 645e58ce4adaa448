import Foundation

/// The transforms `transform` applies to skewed numbers.
public enum TransformMethod: String, Sendable, CaseIterable, Codable {
  case log, log1p, sqrt, boxcox, yeojohnson
}

/// Log, square-root and power transforms. Box-Cox and Yeo-Johnson choose λ by maximum
/// likelihood with Brent's method, as scipy.stats.boxcox and yeojohnson do.
public enum PowerTransform {
  /// The λ that maximises the log-likelihood (power methods only; nil for the others).
  public static func fit(_ values: [Double], method: TransformMethod) throws -> Double? {
    let v = Statistics.present(values)
    switch method {
    case .log, .sqrt, .log1p:
      let bad: Double? =
        switch method {
        case .log: v.first { $0 <= 0 }
        case .sqrt: v.first { $0 < 0 }
        default: v.first { $0 <= -1 }
        }
      if let bad {
        throw EngineError.invalidParameter(
          name: "method", value: method.rawValue,
          reason: "\(method.rawValue) needs \(method == .sqrt ? "values ≥ 0" : method == .log ? "values > 0" : "values > -1"), found \(ValueFormatter.number(bad)); try yeojohnson, or shift the values")
      }
      return nil
    case .boxcox:
      guard let bad = v.first(where: { $0 <= 0 }) else {
        guard v.count > 1, Set(v).count > 1 else { throw EngineError.emptyInput("boxcox needs at least two different values") }
        let logs = v.map { Foundation.log($0) }
        let sumLog = logs.reduce(0, +)
        return Brent.minimize(bracket: (-2, 2)) { -boxcoxLogLikelihood(v, logs: logs, sumLog: sumLog, lambda: $0) }
      }
      throw EngineError.invalidParameter(
        name: "method", value: "boxcox", reason: "Box-Cox needs values > 0, found \(ValueFormatter.number(bad)); use yeojohnson for zeros and negatives")
    case .yeojohnson:
      guard v.count > 1, Set(v).count > 1 else { throw EngineError.emptyInput("yeojohnson needs at least two different values") }
      return Brent.minimize(bracket: (-2, 2)) { -yeojohnsonLogLikelihood(v, lambda: $0) }
    }
  }

  /// Applies the transform (with λ for the power methods); missing values stay missing.
  public static func apply(_ values: [Double], method: TransformMethod, lambda: Double?) -> [Double] {
    values.map { x in
      if x.isNaN { return x }
      switch method {
      case .log: return Foundation.log(x)
      case .log1p: return Foundation.log1p(x)
      case .sqrt: return x.squareRoot()
      case .boxcox: return boxcox(x, lambda ?? 1)
      case .yeojohnson: return yeojohnson(x, lambda ?? 1)
      }
    }
  }

  static func boxcox(_ x: Double, _ l: Double) -> Double {
    abs(l) < 1e-12 ? Foundation.log(x) : (Foundation.pow(x, l) - 1) / l
  }

  static func yeojohnson(_ x: Double, _ l: Double) -> Double {
    if x >= 0 {
      return abs(l) < 1e-12 ? Foundation.log1p(x) : (Foundation.pow(x + 1, l) - 1) / l
    }
    return abs(l - 2) < 1e-12 ? -Foundation.log1p(-x) : -(Foundation.pow(1 - x, 2 - l) - 1) / (2 - l)
  }

  /// scipy's boxcox_llf: (λ − 1)·Σlog x − n/2·log(var(y)), population variance. The
  /// variance is taken in log space, as scipy does: var((x^λ − 1)/λ) = var(e^{λ·log x})/λ²,
  /// and e^{z} is scaled by e^{−max z}, so that large |λ| neither overflows nor underflows.
  static func boxcoxLogLikelihood(_ x: [Double], logs: [Double], sumLog: Double, lambda: Double) -> Double {
    let n = Double(x.count)
    let logVariance: Double
    if abs(lambda) < 1e-12 {
      logVariance = Foundation.log(Statistics.populationVariance(logs))
    } else {
      let z = logs.map { lambda * $0 }
      let top = z.max() ?? 0
      logVariance = 2 * top + Foundation.log(Statistics.populationVariance(z.map { Foundation.exp($0 - top) })) - 2 * Foundation.log(abs(lambda))
    }
    return finite((lambda - 1) * sumLog - n / 2 * logVariance)
  }

  /// scipy's yeojohnson_llf: −n/2·log(var(y)) + (λ − 1)·Σ sign(x)·log1p(|x|).
  static func yeojohnsonLogLikelihood(_ x: [Double], lambda: Double) -> Double {
    let y = x.map { yeojohnson($0, lambda) }
    let jacobian = x.reduce(0.0) { $0 + ($1 >= 0 ? 1 : -1) * Foundation.log1p(abs($1)) }
    return finite(-Double(x.count) / 2 * Foundation.log(Statistics.populationVariance(y)) + (lambda - 1) * jacobian)
  }

  /// A likelihood that broke down numerically counts as the worst, so the search avoids it.
  private static func finite(_ llf: Double) -> Double { llf.isFinite ? llf : -.infinity }
}
