// Distance kernels for clustering. Every function computes each squared distance as the
// sum over features, in feature order, of separately rounded products and sums, so the
// AVX and SSE2 builds (chosen at run time) give bit-identical results.
#ifndef SEG_KERNELS_H
#define SEG_KERNELS_H
#include <stdint.h>

/// Rows per block of the kernels below.
#define SEG_BLOCK 64

/// Nearest of `k` centres for rows [start, end) of the row-major `x` (d features):
/// labels (ties to the lowest index), squared distance, and, when `second` is not NULL,
/// the second-smallest squared distance. Outputs are indexed by absolute row.
void seg_nearest(const double *x, int64_t d, int64_t start, int64_t end, const double *centers, int64_t k,
                 int32_t *labels, double *best, double *second);

/// Squared distances of rows [start, start + m) (m <= SEG_BLOCK) to `k` centres:
/// out[c * SEG_BLOCK + r].
void seg_block_distances(const double *x, int64_t d, int64_t start, int64_t m, const double *centers, int64_t k,
                         double *out);

/// Copies the row-major `x` (n rows, d features) into blocks of SEG_BLOCK rows, each block
/// column-major, the last block padded with zeros: out[(b * d + j) * SEG_BLOCK + r].
void seg_block_rows(const double *x, int64_t n, int64_t d, double *out);

/// seg_nearest over rows already blocked by seg_block_rows; `start` is a multiple of
/// SEG_BLOCK and `end` at most n.
void seg_nearest_blocked(const double *xb, int64_t d, int64_t start, int64_t end, const double *centers, int64_t k,
                         int32_t *labels, double *best, double *second);

/// One Lloyd step over blocked rows [start, end): each row's nearest centre (counting in
/// `changed` the rows whose label differs from `labels`, which is updated), and the rows
/// added, in row order, into `sums[label * d + j]` and `counts[label]` while the block is
/// still in cache.
void seg_lloyd_blocked(const double *xb, int64_t d, int64_t start, int64_t end, const double *centers, int64_t k,
                       int32_t *labels, double *sums, int64_t *counts, int64_t *changed);

/// Adds rows [start, end) of the row-major `x` into `sums[label * d + j]` and counts them
/// in `counts[label]`, in row order.
void seg_accumulate(const double *x, int64_t d, int64_t start, int64_t end, const int32_t *labels, double *sums,
                    int64_t *counts);

#endif
