/// Brent's method for minimising a function of one variable (golden-section search with
/// parabolic steps), starting from a bracket as scipy.optimize.brent does.
enum Brent {
  static func minimize(bracket: (Double, Double), tolerance: Double = 1.48e-8, maxIterations: Int = 500, _ f: (Double) -> Double) -> Double {
    // Grow the bracket until it holds a minimum (scipy's bracket()).
    var (a, b) = bracket
    var fa = f(a)
    var fb = f(b)
    if fb > fa {
      swap(&a, &b)
      swap(&fa, &fb)
    }
    let golden = 1.618034
    var c = b + golden * (b - a)
    var fc = f(c)
    var guardCount = 0
    while fb > fc && guardCount < 100 {
      (a, fa) = (b, fb)
      (b, fb) = (c, fc)
      c = b + golden * (b - a)
      fc = f(c)
      guardCount += 1
    }
    var lo = min(a, c)
    var hi = max(a, c)
    // Brent's minimisation inside [lo, hi], starting at the bracket's middle point.
    let cgold = 0.381966
    var x = b, w = b, v = b
    var fx = fb, fw = fb, fv = fb
    var d = 0.0, e = 0.0
    for _ in 0..<maxIterations {
      let mid = 0.5 * (lo + hi)
      let tol1 = tolerance * abs(x) + 1e-11
      let tol2 = 2 * tol1
      if abs(x - mid) <= tol2 - 0.5 * (hi - lo) { break }
      var useGolden = true
      if abs(e) > tol1 {
        var r = (x - w) * (fx - fv)
        var q = (x - v) * (fx - fw)
        var p = (x - v) * q - (x - w) * r
        q = 2 * (q - r)
        if q > 0 { p = -p }
        q = abs(q)
        r = e
        e = d
        if abs(p) < abs(0.5 * q * r) && p > q * (lo - x) && p < q * (hi - x) {
          d = p / q
          let u = x + d
          if u - lo < tol2 || hi - u < tol2 { d = mid >= x ? tol1 : -tol1 }
          useGolden = false
        }
      }
      if useGolden {
        e = x >= mid ? lo - x : hi - x
        d = cgold * e
      }
      let u = abs(d) >= tol1 ? x + d : x + (d >= 0 ? tol1 : -tol1)
      let fu = f(u)
      if fu <= fx {
        if u >= x { lo = x } else { hi = x }
        (v, fv) = (w, fw)
        (w, fw) = (x, fx)
        (x, fx) = (u, fu)
      } else {
        if u < x { lo = u } else { hi = u }
        if fu <= fw || w == x {
          (v, fv) = (w, fw)
          (w, fw) = (u, fu)
        } else if fu <= fv || v == x || v == w {
          (v, fv) = (u, fu)
        }
      }
    }
    return x
  }
}
