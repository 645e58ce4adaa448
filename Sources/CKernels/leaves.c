// Range queries against k-d tree leaves stored column-major (a leaf of m rows keeps
// feature j at leaf[j * m ... j * m + m)): the distances from the query to a whole leaf
// are computed together, several rows per vector register.
#include "seg_kernels.h"
#include <math.h>
#include <stdlib.h>

#pragma clang fp contract(off)

#define LEAF(SUFFIX, ATTR)                                                                                       \
  ATTR static int64_t within_##SUFFIX(const double *leaf, int64_t d, int64_t m, const double *q, double r2,   \
                                      uint8_t *mask) {                                                           \
    int64_t count = 0;                                                                                           \
    for (int64_t s = 0; s < m; s += 32) {                                                                        \
      int64_t w = m - s < 32 ? m - s : 32;                                                                       \
      double acc[32];                                                                                            \
      for (int64_t t = 0; t < w; t++) acc[t] = 0;                                                                \
      for (int64_t j = 0; j < d; j++) {                                                                          \
        const double v = q[j];                                                                                   \
        const double *col = leaf + j * m + s;                                                                    \
        for (int64_t t = 0; t < w; t++) {                                                                        \
          double diff = col[t] - v;                                                                              \
          acc[t] = acc[t] + diff * diff;                                                                         \
        }                                                                                                        \
      }                                                                                                          \
      for (int64_t t = 0; t < w; t++) {                                                                          \
        uint8_t in = acc[t] <= r2;                                                                               \
        if (mask) mask[s + t] = in;                                                                              \
        count += in;                                                                                             \
      }                                                                                                          \
    }                                                                                                            \
    return count;                                                                                                \
  }

LEAF(avx, __attribute__((target("avx"))))
LEAF(sse, )

int64_t seg_leaf_within(const double *leaf, int64_t d, int64_t m, const double *q, double r2, uint8_t *mask) {
  return seg_kernels_use_avx() ? within_avx(leaf, d, m, q, r2, mask) : within_sse(leaf, d, m, q, r2, mask);
}

// The same decision in single precision first: 8 rows per AVX register instead of 4. A
// distance within `band` of r2 (band bounds the single-precision error, see KDTree) is
// settled by the double computation above, operation for operation, so every row gets
// exactly the answer of seg_leaf_within. The float thresholds are rounded outwards, so a
// float comparison never decides a row the band leaves open.

static inline uint8_t settle(const double *leaf, int64_t d, int64_t m, int64_t t, const double *q, double r2) {
  double exact = 0;
  for (int64_t j = 0; j < d; j++) {
    double diff = leaf[j * m + t] - q[j];
    exact = exact + diff * diff;
  }
  return exact <= r2;
}

/// Settles the `open` lanes in double, records every lane's answer in `mask` (when given),
/// and returns how many rows of the `lanes` starting at t are within reach.
static inline int64_t finish_lanes(int in, int open, int lanes, const double *leaf, int64_t d, int64_t m, int64_t t,
                                   const double *q, double r2, uint8_t *mask) {
  while (open) {
    int k = __builtin_ctz(open);
    open &= open - 1;
    if (settle(leaf, d, m, t + k, q, r2)) in |= 1 << k;
  }
  if (mask)
    for (int k = 0; k < lanes; k++) mask[t + k] = (in >> k) & 1;
  return __builtin_popcount(in);
}

/// The largest float at most x, and the smallest at least x.
static inline float float_below(double x) {
  float f = (float)x;
  return (double)f > x ? nextafterf(f, -INFINITY) : f;
}
static inline float float_above(double x) {
  float f = (float)x;
  return (double)f < x ? nextafterf(f, INFINITY) : f;
}

/// Rows t0..<m one at a time (the tail a vector does not fill).
static int64_t screened_tail(const float *leaf32, const double *leaf, int64_t d, int64_t m, int64_t t0,
                             const float *q32, const double *q, double r2, float lo, float hi, uint8_t *mask) {
  int64_t count = 0;
  for (int64_t t = t0; t < m; t++) {
    float acc = 0;
    for (int64_t j = 0; j < d; j++) {
      float diff = leaf32[j * m + t] - q32[j];
      acc = acc + diff * diff;
    }
    uint8_t in = acc < lo ? 1 : acc > hi ? 0 : settle(leaf, d, m, t, q, r2);
    if (mask) mask[t] = in;
    count += in;
  }
  return count;
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx"))) static int64_t screened_avx(const float *leaf32, const double *leaf, int64_t d,
                                                          int64_t m, const float *q32, const double *q, double r2,
                                                          float lo, float hi, uint8_t *mask) {
  int64_t count = 0, t = 0;
  const __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
  // Four groups of 8 rows at once, so the four sums do not wait on each other.
  for (; t + 32 <= m; t += 32) {
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int64_t j = 0; j < d; j++) {
      const __m256 v = _mm256_set1_ps(q32[j]);
      const float *col = leaf32 + j * m + t;
      for (int g = 0; g < 4; g++) {
        __m256 diff = _mm256_sub_ps(_mm256_loadu_ps(col + 8 * g), v);
        acc[g] = _mm256_add_ps(acc[g], _mm256_mul_ps(diff, diff));
      }
    }
    for (int g = 0; g < 4; g++) {
      int in = _mm256_movemask_ps(_mm256_cmp_ps(acc[g], vlo, _CMP_LT_OQ));
      int open = ~(in | _mm256_movemask_ps(_mm256_cmp_ps(acc[g], vhi, _CMP_GT_OQ))) & 0xFF;
      count += finish_lanes(in, open, 8, leaf, d, m, t + 8 * g, q, r2, mask);
    }
  }
  for (; t + 8 <= m; t += 8) {
    __m256 acc = _mm256_setzero_ps();
    for (int64_t j = 0; j < d; j++) {
      __m256 diff = _mm256_sub_ps(_mm256_loadu_ps(leaf32 + j * m + t), _mm256_set1_ps(q32[j]));
      acc = _mm256_add_ps(acc, _mm256_mul_ps(diff, diff));
    }
    int in = _mm256_movemask_ps(_mm256_cmp_ps(acc, vlo, _CMP_LT_OQ));
    int open = ~(in | _mm256_movemask_ps(_mm256_cmp_ps(acc, vhi, _CMP_GT_OQ))) & 0xFF;
    count += finish_lanes(in, open, 8, leaf, d, m, t, q, r2, mask);
  }
  return count + screened_tail(leaf32, leaf, d, m, t, q32, q, r2, lo, hi, mask);
}

static int64_t screened_sse(const float *leaf32, const double *leaf, int64_t d, int64_t m, const float *q32,
                            const double *q, double r2, float lo, float hi, uint8_t *mask) {
  int64_t count = 0, t = 0;
  const __m128 vlo = _mm_set1_ps(lo), vhi = _mm_set1_ps(hi);
  for (; t + 4 <= m; t += 4) {
    __m128 acc = _mm_setzero_ps();
    for (int64_t j = 0; j < d; j++) {
      __m128 diff = _mm_sub_ps(_mm_loadu_ps(leaf32 + j * m + t), _mm_set1_ps(q32[j]));
      acc = _mm_add_ps(acc, _mm_mul_ps(diff, diff));
    }
    int in = _mm_movemask_ps(_mm_cmplt_ps(acc, vlo));
    int open = ~(in | _mm_movemask_ps(_mm_cmpgt_ps(acc, vhi))) & 0xF;
    count += finish_lanes(in, open, 4, leaf, d, m, t, q, r2, mask);
  }
  return count + screened_tail(leaf32, leaf, d, m, t, q32, q, r2, lo, hi, mask);
}

#endif

int64_t seg_leaf_within_screened(const float *leaf32, const double *leaf, int64_t d, int64_t m, const float *q32,
                                 const double *q, double r2, double band, uint8_t *mask) {
  const float lo = float_below(r2 - band), hi = float_above(r2 + band);
#if defined(__x86_64__)
  return seg_kernels_use_avx() ? screened_avx(leaf32, leaf, d, m, q32, q, r2, lo, hi, mask)
                               : screened_sse(leaf32, leaf, d, m, q32, q, r2, lo, hi, mask);
#else
  return screened_tail(leaf32, leaf, d, m, 0, q32, q, r2, lo, hi, mask);
#endif
}

// The box tests of KDTree.swift (nearDistance, farDistance), operation for operation, so the
// pair counts prune exactly as the Swift walks of forEach and kthNearest do.
static inline double box_near(const double *lo, const double *hi, const double *q, int64_t d) {
  double near = 0;
  for (int64_t j = 0; j < d; j++) {
    double a = lo[j] - q[j], b = q[j] - hi[j];
    double gap = a > b ? a : b;
    if (gap < 0) gap = 0;
    near = near + gap * gap;
  }
  return near;
}

static inline double box_far(const double *lo, const double *hi, const double *q, int64_t d) {
  double far = 0;
  for (int64_t j = 0; j < d; j++) {
    double a = q[j] - lo[j], b = hi[j] - q[j];
    double reach = a > b ? a : b;
    far = far + reach * reach;
  }
  return far;
}

static inline double box_gap(const double *a, const double *b, int64_t d) {
  double near = 0;
  for (int64_t j = 0; j < d; j++) {
    double x = a[j] - b[d + j], y = b[j] - a[d + j];
    double gap = x > y ? x : y;
    if (gap < 0) gap = 0;
    near = near + gap * gap;
  }
  return near;
}

void seg_tree_pair_counts(const int64_t *nodes, int64_t node_count, const double *boxes, const double *leaves,
                          const float *leaves32, int64_t d, const int64_t *leaf_nodes, int64_t first, int64_t step,
                          int64_t leaf_count, double r2, double band, int32_t *counts) {
  int64_t *candidates = malloc(sizeof(int64_t) * (node_count + 1));
  double *q = malloc(sizeof(double) * d);
  float *q32 = malloc(sizeof(float) * d);
  // Leaves of equal rows are not split, so any leaf of the whole tree may be large.
  uint8_t *mask = malloc(node_count > 0 ? (size_t)(nodes[1] - nodes[0]) : 1);
  int64_t stack[128];
  for (int64_t l = first; l < leaf_count; l += step) {
    const int64_t a = leaf_nodes[l];
    const int64_t *na = nodes + 4 * a;
    const int64_t a_start = na[0], ma = na[1] - na[0];
    const double *box_a = boxes + a * 2 * d;
    // Leaves from this one on (in tree order) whose box comes within reach of this box.
    int64_t found = 0, top = 0;
    stack[top++] = 0;
    while (top > 0) {
      int64_t n = stack[--top];
      const int64_t *node = nodes + 4 * n;
      if (node[1] <= a_start || box_gap(box_a, boxes + n * 2 * d, d) > r2) continue;
      if (node[2] < 0) {
        candidates[found++] = n;
      } else {
        stack[top++] = node[3];
        stack[top++] = node[2];
      }
    }
    for (int64_t t = 0; t < ma; t++) {
      for (int64_t j = 0; j < d; j++) {
        q[j] = leaves[a_start * d + j * ma + t];
        q32[j] = leaves32[a_start * d + j * ma + t];
      }
      const int64_t self = a_start + t;
      for (int64_t c = 0; c < found; c++) {
        const int64_t b = candidates[c];
        const int64_t *nb = nodes + 4 * b;
        const int64_t b_start = nb[0], mb = nb[1] - nb[0];
        const double *lo = boxes + b * 2 * d;
        const double *leaf = leaves + b_start * d;
        const float *leaf32 = leaves32 + b_start * d;
        if (b == a) {
          // Within the leaf each row counts its own neighbours (itself included).
          counts[self] += (int32_t)(band >= 0 ? seg_leaf_within_screened(leaf32, leaf, d, mb, q32, q, r2, band, 0)
                                              : seg_leaf_within(leaf, d, mb, q, r2, 0));
          continue;
        }
        if (box_near(lo, lo + d, q, d) > r2) continue;
        if (box_far(lo, lo + d, q, d) <= r2) {
          counts[self] += (int32_t)mb;
          for (int64_t u = 0; u < mb; u++) counts[b_start + u] += 1;
          continue;
        }
        // A later leaf: each pair found here counts for both of its rows.
        int64_t hits = band >= 0 ? seg_leaf_within_screened(leaf32, leaf, d, mb, q32, q, r2, band, mask)
                                 : seg_leaf_within(leaf, d, mb, q, r2, mask);
        counts[self] += (int32_t)hits;
        if (hits)
          for (int64_t u = 0; u < mb; u++) counts[b_start + u] += mask[u];
      }
    }
  }
  free(candidates);
  free(q);
  free(q32);
  free(mask);
}
