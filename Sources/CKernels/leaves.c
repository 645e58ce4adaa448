// Range queries against k-d tree leaves stored column-major (a leaf of m rows keeps
// feature j at leaf[j * m ... j * m + m)): the distances from the query to a whole leaf
// are computed together, several rows per vector register.
#include "seg_kernels.h"
#include <math.h>

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
