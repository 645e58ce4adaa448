#include "seg_kernels.h"
#include <math.h>
#include <stdlib.h>

#pragma clang fp contract(off)

#define KERNELS(SUFFIX, ATTR)                                                                                   \
  ATTR static void transpose_##SUFFIX(const double *x, int64_t d, int64_t start, int64_t m, double *xt) {       \
    for (int64_t r = 0; r < m; r++)                                                                              \
      for (int64_t j = 0; j < d; j++) xt[j * SEG_BLOCK + r] = x[(start + r) * d + j];                            \
    for (int64_t r = m; r < SEG_BLOCK; r++)                                                                      \
      for (int64_t j = 0; j < d; j++) xt[j * SEG_BLOCK + r] = 0;                                                 \
  }                                                                                                              \
  /* Distances of the 64 transposed rows to one centre, eight rows at a time in registers. */                   \
  ATTR static void distances_##SUFFIX(const double *xt, int64_t d, const double *c, double *out) {              \
    for (int64_t g = 0; g < SEG_BLOCK; g += 8) {                                                                 \
      double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                                                  \
      for (int64_t j = 0; j < d; j++) {                                                                          \
        const double cj = c[j];                                                                                  \
        const double *col = xt + j * SEG_BLOCK + g;                                                              \
        for (int t = 0; t < 8; t++) {                                                                            \
          double diff = col[t] - cj;                                                                             \
          acc[t] = acc[t] + diff * diff;                                                                         \
        }                                                                                                        \
      }                                                                                                          \
      for (int t = 0; t < 8; t++) out[g + t] = acc[t];                                                           \
    }                                                                                                            \
  }                                                                                                              \
  ATTR static void nearest_##SUFFIX(const double *x, int64_t d, int64_t start, int64_t end,                     \
                                    const double *centers, int64_t k, int32_t *labels, double *best_out,         \
                                    double *second_out) {                                                        \
    double stack[SEG_BLOCK * 16];                                                                                \
    double *xt = d <= 16 ? stack : malloc(sizeof(double) * SEG_BLOCK * d);                                       \
    double dist[SEG_BLOCK], best[SEG_BLOCK], second[SEG_BLOCK];                                                  \
    int32_t lab[SEG_BLOCK];                                                                                      \
    for (int64_t s = start; s < end; s += SEG_BLOCK) {                                                           \
      int64_t m = end - s < SEG_BLOCK ? end - s : SEG_BLOCK;                                                     \
      transpose_##SUFFIX(x, d, s, m, xt);                                                                        \
      for (int r = 0; r < SEG_BLOCK; r++) {                                                                      \
        best[r] = INFINITY;                                                                                      \
        second[r] = INFINITY;                                                                                    \
        lab[r] = 0;                                                                                              \
      }                                                                                                          \
      for (int64_t c = 0; c < k; c++) {                                                                          \
        distances_##SUFFIX(xt, d, centers + c * d, dist);                                                        \
        if (second_out) {                                                                                        \
          for (int r = 0; r < SEG_BLOCK; r++) {                                                                  \
            double v = dist[r];                                                                                  \
            int better = v < best[r];                                                                            \
            second[r] = better ? best[r] : (v < second[r] ? v : second[r]);                                      \
            lab[r] = better ? (int32_t)c : lab[r];                                                               \
            best[r] = better ? v : best[r];                                                                      \
          }                                                                                                      \
        } else {                                                                                                 \
          for (int r = 0; r < SEG_BLOCK; r++) {                                                                  \
            double v = dist[r];                                                                                  \
            int better = v < best[r];                                                                            \
            lab[r] = better ? (int32_t)c : lab[r];                                                               \
            best[r] = better ? v : best[r];                                                                      \
          }                                                                                                      \
        }                                                                                                        \
      }                                                                                                          \
      for (int64_t r = 0; r < m; r++) {                                                                          \
        labels[s + r] = lab[r];                                                                                  \
        best_out[s + r] = best[r];                                                                               \
        if (second_out) second_out[s + r] = second[r];                                                           \
      }                                                                                                          \
    }                                                                                                            \
    if (xt != stack) free(xt);                                                                                   \
  }                                                                                                              \
  ATTR static void block_distances_##SUFFIX(const double *x, int64_t d, int64_t start, int64_t m,               \
                                            const double *centers, int64_t k, double *out) {                     \
    double stack[SEG_BLOCK * 16];                                                                                \
    double *xt = d <= 16 ? stack : malloc(sizeof(double) * SEG_BLOCK * d);                                       \
    transpose_##SUFFIX(x, d, start, m, xt);                                                                      \
    for (int64_t c = 0; c < k; c++) distances_##SUFFIX(xt, d, centers + c * d, out + c * SEG_BLOCK);             \
    if (xt != stack) free(xt);                                                                                   \
  }

KERNELS(avx, __attribute__((target("avx"))))
KERNELS(sse, )

/* SEG_NO_AVX=1 forces the SSE2 kernels, so tests can check both give the same bits. */
static int has_avx(void) {
  static _Atomic int cached = -1;
  int v = cached;
  if (v < 0) {
    const char *off = getenv("SEG_NO_AVX");
    v = __builtin_cpu_supports("avx") && !(off && off[0] == '1');
    cached = v;
  }
  return v;
}

int seg_kernels_use_avx(void) { return has_avx(); }

void seg_nearest(const double *x, int64_t d, int64_t start, int64_t end, const double *centers, int64_t k,
                 int32_t *labels, double *best, double *second) {
  if (has_avx())
    nearest_avx(x, d, start, end, centers, k, labels, best, second);
  else
    nearest_sse(x, d, start, end, centers, k, labels, best, second);
}

void seg_block_distances(const double *x, int64_t d, int64_t start, int64_t m, const double *centers, int64_t k,
                         double *out) {
  if (has_avx())
    block_distances_avx(x, d, start, m, centers, k, out);
  else
    block_distances_sse(x, d, start, m, centers, k, out);
}

void seg_accumulate(const double *x, int64_t d, int64_t start, int64_t end, const int32_t *labels, double *sums,
                    int64_t *counts) {
  for (int64_t i = start; i < end; i++) {
    double *target = sums + (int64_t)labels[i] * d;
    const double *row = x + i * d;
    for (int64_t j = 0; j < d; j++) target[j] += row[j];
    counts[labels[i]]++;
  }
}
