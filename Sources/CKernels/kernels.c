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

/* One block of transposed rows against every centre; best, second and label stay in
   registers for eight rows at a time. Centres are compared by ‖c‖² − 2x·c (the row's own
   ‖x‖² is the same for every centre), two operations per feature instead of three, as
   scikit-learn does; the distances returned add ‖x‖² back. `scaled` holds −2c row-major
   and `norms` ‖c‖². */
#define NEAREST_BLOCK(SUFFIX, ATTR)                                                                             \
  ATTR static void nearest_block_##SUFFIX(const double *xt, int64_t d, int64_t m, const double *scaled,         \
                                          const double *norms, int64_t k, int32_t *labels, double *best_out,     \
                                          double *second_out) {                                                  \
    for (int64_t g = 0; g < m; g += 8) {                                                                         \
      double best[8], second[8], lab[8], own[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                     \
      for (int t = 0; t < 8; t++) {                                                                              \
        best[t] = INFINITY;                                                                                      \
        second[t] = INFINITY;                                                                                    \
        lab[t] = 0;                                                                                              \
      }                                                                                                          \
      for (int64_t j = 0; j < d; j++) {                                                                          \
        const double *col = xt + j * SEG_BLOCK + g;                                                              \
        for (int t = 0; t < 8; t++) own[t] = own[t] + col[t] * col[t];                                           \
      }                                                                                                          \
      /* Four centres at a time: eight independent sums hide the adder's latency. */                             \
      for (int64_t c0 = 0; c0 < k; c0 += 4) {                                                                    \
        int64_t cn = k - c0 < 4 ? k - c0 : 4;                                                                    \
        const double *cz = scaled + c0 * d;                                                                      \
        const double *c1 = scaled + (c0 + (cn > 1 ? 1 : 0)) * d;                                                 \
        const double *c2 = scaled + (c0 + (cn > 2 ? 2 : 0)) * d;                                                 \
        const double *c3 = scaled + (c0 + (cn > 3 ? 3 : 0)) * d;                                                 \
        double acc[4][8];                                                                                        \
        for (int t = 0; t < 8; t++) {                                                                            \
          acc[0][t] = norms[c0];                                                                                 \
          acc[1][t] = norms[c0 + (cn > 1 ? 1 : 0)];                                                              \
          acc[2][t] = norms[c0 + (cn > 2 ? 2 : 0)];                                                              \
          acc[3][t] = norms[c0 + (cn > 3 ? 3 : 0)];                                                              \
        }                                                                                                        \
        for (int64_t j = 0; j < d; j++) {                                                                        \
          const double *col = xt + j * SEG_BLOCK + g;                                                            \
          const double v0 = cz[j], v1 = c1[j], v2 = c2[j], v3 = c3[j];                                           \
          for (int t = 0; t < 8; t++) {                                                                          \
            double x = col[t];                                                                                   \
            acc[0][t] = acc[0][t] + x * v0;                                                                      \
            acc[1][t] = acc[1][t] + x * v1;                                                                      \
            acc[2][t] = acc[2][t] + x * v2;                                                                      \
            acc[3][t] = acc[3][t] + x * v3;                                                                      \
          }                                                                                                      \
        }                                                                                                        \
        for (int64_t q = 0; q < cn; q++) {                                                                       \
          const double label = (double)(c0 + q);                                                                 \
          for (int t = 0; t < 8; t++) {                                                                          \
            double a = acc[q][t];                                                                                \
            int better = a < best[t];                                                                            \
            second[t] = better ? best[t] : (a < second[t] ? a : second[t]);                                      \
            lab[t] = better ? label : lab[t];                                                                    \
            best[t] = better ? a : best[t];                                                                      \
          }                                                                                                      \
        }                                                                                                        \
      }                                                                                                          \
      int64_t count = m - g < 8 ? m - g : 8;                                                                     \
      for (int64_t t = 0; t < count; t++) {                                                                      \
        double b = own[t] + best[t], s2 = own[t] + second[t];                                                    \
        labels[g + t] = (int32_t)lab[t];                                                                         \
        best_out[g + t] = b > 0 ? b : 0;                                                                         \
        if (second_out) second_out[g + t] = s2 > 0 ? s2 : 0;                                                     \
      }                                                                                                          \
    }                                                                                                            \
  }

/* −2c and ‖c‖² for the comparisons above (caller frees). */
static double *prepare_centers(const double *centers, int64_t k, int64_t d, double **norms) {
  double *scaled = malloc(sizeof(double) * (k * d + k));
  *norms = scaled + k * d;
  for (int64_t c = 0; c < k; c++) {
    double s = 0;
    for (int64_t j = 0; j < d; j++) {
      scaled[c * d + j] = -2 * centers[c * d + j];
      s = s + centers[c * d + j] * centers[c * d + j];
    }
    (*norms)[c] = s;
  }
  return scaled;
}

NEAREST_BLOCK(avx, __attribute__((target("avx"))))
NEAREST_BLOCK(sse, )

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

void seg_block_rows(const double *x, int64_t n, int64_t d, double *out) {
  for (int64_t s = 0; s < n; s += SEG_BLOCK) {
    int64_t m = n - s < SEG_BLOCK ? n - s : SEG_BLOCK;
    double *block = out + s * d;
    for (int64_t r = 0; r < m; r++)
      for (int64_t j = 0; j < d; j++) block[j * SEG_BLOCK + r] = x[(s + r) * d + j];
    for (int64_t r = m; r < SEG_BLOCK; r++)
      for (int64_t j = 0; j < d; j++) block[j * SEG_BLOCK + r] = 0;
  }
}

static void nearest_block(int avx, const double *block, int64_t d, int64_t m, const double *scaled,
                          const double *norms, int64_t k, int32_t *labels, double *best, double *second) {
  if (avx)
    nearest_block_avx(block, d, m, scaled, norms, k, labels, best, second);
  else
    nearest_block_sse(block, d, m, scaled, norms, k, labels, best, second);
}

void seg_nearest_blocked(const double *xb, int64_t d, int64_t start, int64_t end, const double *centers, int64_t k,
                         int32_t *labels, double *best, double *second) {
  int avx = has_avx();
  double *norms;
  double *scaled = prepare_centers(centers, k, d, &norms);
  for (int64_t s = start; s < end; s += SEG_BLOCK) {
    int64_t m = end - s < SEG_BLOCK ? end - s : SEG_BLOCK;
    nearest_block(avx, xb + s * d, d, m, scaled, norms, k, labels + s, best + s, second ? second + s : 0);
  }
  free(scaled);
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

void seg_lloyd_blocked(const double *xb, int64_t d, int64_t start, int64_t end, const double *centers, int64_t k,
                       int32_t *labels, double *sums, int64_t *counts, int64_t *changed) {
  int avx = has_avx();
  int32_t lab[SEG_BLOCK];
  double best[SEG_BLOCK];
  double *norms;
  double *scaled = prepare_centers(centers, k, d, &norms);
  for (int64_t s = start; s < end; s += SEG_BLOCK) {
    int64_t m = end - s < SEG_BLOCK ? end - s : SEG_BLOCK;
    const double *block = xb + s * d;
    nearest_block(avx, block, d, m, scaled, norms, k, lab, best, 0);
    for (int64_t r = 0; r < m; r++) {
      int32_t c = lab[r];
      if (labels[s + r] != c) {
        labels[s + r] = c;
        (*changed)++;
      }
      counts[c]++;
      double *target = sums + (int64_t)c * d;
      for (int64_t j = 0; j < d; j++) target[j] += block[j * SEG_BLOCK + r];
    }
  }
  free(scaled);
}
