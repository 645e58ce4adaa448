// One Lloyd step with single-precision screening: every row's centre scores are first
// computed in float (eight rows per AVX register); where the best score beats the second
// by more than twice a proven bound on the float error, the label is certain and equals
// the one double arithmetic gives. Other rows are scored again in double, in exactly the
// order seg_nearest_blocked uses, so labels never depend on the screening.
#include "seg_kernels.h"
#include <math.h>
#include <stdlib.h>

#pragma clang fp contract(off)

/* Double scores of one row, in the order nearest_block uses: ‖c‖² then + x_j·(−2c_j). */
static int32_t exact_label(const double *row, int64_t d, const double *scaled, const double *norms, int64_t k) {
  double best = INFINITY;
  int32_t label = 0;
  for (int64_t c = 0; c < k; c++) {
    double acc = norms[c];
    for (int64_t j = 0; j < d; j++) acc = acc + row[j] * scaled[c * d + j];
    if (acc < best) {
      best = acc;
      label = (int32_t)c;
    }
  }
  return label;
}

#define SCREEN(SUFFIX, ATTR)                                                                                     \
  ATTR static void screen_##SUFFIX(const float *xt, const double *x, int64_t d, int64_t s, int64_t m,           \
                                   const float *fscaled, const float *fnorms, const double *scaled,              \
                                   const double *norms, int64_t k, float bound, float reach, int32_t *lab) {     \
    for (int64_t g = 0; g < m; g += 8) {                                                                         \
      float best[8], second[8], own[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                              \
      int32_t label[8];                                                                                          \
      for (int t = 0; t < 8; t++) {                                                                              \
        best[t] = INFINITY;                                                                                      \
        second[t] = INFINITY;                                                                                    \
        label[t] = 0;                                                                                            \
      }                                                                                                          \
      for (int64_t j = 0; j < d; j++) {                                                                          \
        const float *col = xt + j * SEG_BLOCK + g;                                                               \
        for (int t = 0; t < 8; t++) own[t] = own[t] + col[t] * col[t];                                           \
      }                                                                                                          \
      for (int64_t c0 = 0; c0 < k; c0 += 4) {                                                                    \
        int64_t cn = k - c0 < 4 ? k - c0 : 4;                                                                    \
        float acc[4][8];                                                                                         \
        const float *cc[4];                                                                                      \
        for (int q = 0; q < 4; q++) {                                                                            \
          int64_t c = c0 + (q < cn ? q : 0);                                                                     \
          cc[q] = fscaled + c * d;                                                                               \
          for (int t = 0; t < 8; t++) acc[q][t] = fnorms[c];                                                     \
        }                                                                                                        \
        for (int64_t j = 0; j < d; j++) {                                                                        \
          const float *col = xt + j * SEG_BLOCK + g;                                                             \
          const float v0 = cc[0][j], v1 = cc[1][j], v2 = cc[2][j], v3 = cc[3][j];                                \
          for (int t = 0; t < 8; t++) {                                                                          \
            float v = col[t];                                                                                    \
            acc[0][t] = acc[0][t] + v * v0;                                                                      \
            acc[1][t] = acc[1][t] + v * v1;                                                                      \
            acc[2][t] = acc[2][t] + v * v2;                                                                      \
            acc[3][t] = acc[3][t] + v * v3;                                                                      \
          }                                                                                                      \
        }                                                                                                        \
        for (int64_t q = 0; q < cn; q++) {                                                                       \
          for (int t = 0; t < 8; t++) {                                                                          \
            float a = acc[q][t];                                                                                 \
            int better = a < best[t];                                                                            \
            second[t] = better ? best[t] : (a < second[t] ? a : second[t]);                                      \
            label[t] = better ? (int32_t)(c0 + q) : label[t];                                                    \
            best[t] = better ? a : best[t];                                                                      \
          }                                                                                                      \
        }                                                                                                        \
      }                                                                                                          \
      int64_t count = m - g < 8 ? m - g : 8;                                                                     \
      for (int64_t t = 0; t < count; t++) {                                                                      \
        /* The float error of any score is below bound·(reach + ‖x‖²) (see seg_lloyd_screened). */             \
        float margin = 2 * bound * (reach + own[t]);                                                             \
        lab[g + t] = second[t] - best[t] > margin ? label[t]                                                     \
                                                  : exact_label(x + (s + g + t) * d, d, scaled, norms, k);        \
      }                                                                                                          \
    }                                                                                                            \
  }

SCREEN(avx, __attribute__((target("avx"))))
SCREEN(sse, )

int seg_kernels_use_avx(void);

void seg_block_rows_f32(const double *x, int64_t n, int64_t d, float *out) {
  for (int64_t s = 0; s < n; s += SEG_BLOCK) {
    int64_t m = n - s < SEG_BLOCK ? n - s : SEG_BLOCK;
    float *block = out + s * d;
    for (int64_t r = 0; r < m; r++)
      for (int64_t j = 0; j < d; j++) block[j * SEG_BLOCK + r] = (float)x[(s + r) * d + j];
    for (int64_t r = m; r < SEG_BLOCK; r++)
      for (int64_t j = 0; j < d; j++) block[j * SEG_BLOCK + r] = 0;
  }
}

void seg_lloyd_screened(const float *xf, const double *x, int64_t d, int64_t start, int64_t end,
                        const double *centers, int64_t k, int32_t *labels, double *sums, int64_t *counts,
                        int64_t *changed, int full) {
  int avx = seg_kernels_use_avx();
  /* −2c and ‖c‖² in double (for the exact fallback) and in float (for screening). */
  double *scaled = malloc(sizeof(double) * (k * d + k));
  double *norms = scaled + k * d;
  float *fscaled = malloc(sizeof(float) * (k * d + k));
  float *fnorms = fscaled + k * d;
  double reach = 0;
  for (int64_t c = 0; c < k; c++) {
    double s = 0;
    for (int64_t j = 0; j < d; j++) {
      scaled[c * d + j] = -2 * centers[c * d + j];
      s = s + centers[c * d + j] * centers[c * d + j];
      fscaled[c * d + j] = (float)scaled[c * d + j];
    }
    norms[c] = s;
    fnorms[c] = (float)s;
    if (s > reach) reach = s;
  }
  /* A score is ‖c‖² + Σ x_j(−2c_j): d + 1 float terms, each rounded on input and in the
     product. Its error is below (d + 6)·2⁻²⁴·(‖c‖² + 2‖x‖‖c‖) ≤ (d + 6)·2⁻²⁴·2(C² + ‖x‖²),
     C the largest ‖c‖; `bound` doubles that again for the rounding of the bound itself. */
  float bound = (float)((double)(d + 6) * ldexp(1.0, -22));
  int32_t lab[SEG_BLOCK];
  for (int64_t s = start; s < end; s += SEG_BLOCK) {
    int64_t m = end - s < SEG_BLOCK ? end - s : SEG_BLOCK;
    if (avx)
      screen_avx(xf + s * d, x, d, s, m, fscaled, fnorms, scaled, norms, k, bound, (float)reach, lab);
    else
      screen_sse(xf + s * d, x, d, s, m, fscaled, fnorms, scaled, norms, k, bound, (float)reach, lab);
    for (int64_t r = 0; r < m; r++) {
      int32_t old = labels[s + r], c = lab[r];
      const double *row = x + (s + r) * d;
      if (full) {
        double *target = sums + (int64_t)c * d;
        for (int64_t j = 0; j < d; j++) target[j] += row[j];
        counts[c]++;
      } else if (old != c) {
        /* Only rows that moved change the sums: subtract from the old cluster, add to the new. */
        double *from = sums + (int64_t)old * d, *to = sums + (int64_t)c * d;
        for (int64_t j = 0; j < d; j++) {
          from[j] -= row[j];
          to[j] += row[j];
        }
        counts[old]--;
        counts[c]++;
      }
      if (old != c) {
        labels[s + r] = c;
        (*changed)++;
      }
    }
  }
  free(scaled);
  free(fscaled);
}
