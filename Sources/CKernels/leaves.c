// Range queries against k-d tree leaves stored column-major in blocks of SEG_LEAF rows
// (padding rows hold +infinity, so they are never within reach): the distances from the
// query to a whole leaf are computed together, a few rows per vector register.
#include "seg_kernels.h"
#include <math.h>

#pragma clang fp contract(off)

#define LEAF(SUFFIX, ATTR)                                                                                       \
  ATTR static int64_t within_##SUFFIX(const double *leaf, int64_t d, const double *q, double r2,              \
                                      uint8_t *mask) {                                                           \
    double acc[SEG_LEAF];                                                                                        \
    for (int t = 0; t < SEG_LEAF; t++) acc[t] = 0;                                                               \
    for (int64_t j = 0; j < d; j++) {                                                                            \
      const double v = q[j];                                                                                     \
      const double *col = leaf + j * SEG_LEAF;                                                                   \
      for (int t = 0; t < SEG_LEAF; t++) {                                                                       \
        double diff = col[t] - v;                                                                                \
        acc[t] = acc[t] + diff * diff;                                                                           \
      }                                                                                                          \
    }                                                                                                            \
    int64_t count = 0;                                                                                           \
    for (int t = 0; t < SEG_LEAF; t++) {                                                                         \
      uint8_t in = acc[t] <= r2;                                                                                 \
      if (mask) mask[t] = in;                                                                                    \
      count += in;                                                                                               \
    }                                                                                                            \
    return count;                                                                                                \
  }

LEAF(avx, __attribute__((target("avx"))))
LEAF(sse, )

int64_t seg_leaf_within(const double *leaf, int64_t d, const double *q, double r2, uint8_t *mask) {
  return seg_kernels_use_avx() ? within_avx(leaf, d, q, r2, mask) : within_sse(leaf, d, q, r2, mask);
}
