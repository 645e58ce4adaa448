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

/// Adds rows [start, end) of the row-major `x` into `sums[label * d + j]` and counts them
/// in `counts[label]`, in row order.
void seg_accumulate(const double *x, int64_t d, int64_t start, int64_t end, const int32_t *labels, double *sums,
                    int64_t *counts);

/// seg_block_rows in single precision, for screening.
void seg_block_rows_f32(const double *x, int64_t n, int64_t d, float *out);

/// One Lloyd step over rows [start, end) (start a multiple of SEG_BLOCK): labels screened
/// in float from `xf` (laid out by seg_block_rows_f32) and settled in double from the
/// row-major `x` where the float margin is too small, so they equal seg_nearest_blocked's.
/// With `full`, every row is added to `sums`/`counts` (which start at zero); otherwise
/// `sums`/`counts` hold the previous totals' changes: rows whose label changed move from
/// the old cluster to the new. `changed` counts rows whose label changed.
void seg_lloyd_screened(const float *xf, const double *x, int64_t d, int64_t start, int64_t end,
                        const double *centers, int64_t k, int32_t *labels, double *sums, int64_t *counts,
                        int64_t *changed, int full);

/// How many of the `m` rows of a leaf (column-major: feature j at leaf[j * m + t]) lie
/// within squared distance `r2` of `q`; when `mask` is not NULL, mask[t] says which.
int64_t seg_leaf_within(const double *leaf, int64_t d, int64_t m, const double *q, double r2, uint8_t *mask);
/// seg_leaf_within screened in single precision (`leaf32`, `q32`: the same values as floats);
/// rows whose single-precision distance lies within `band` of r2 are settled in double.
int64_t seg_leaf_within_screened(const float *leaf32, const double *leaf, int64_t d, int64_t m, const float *q32,
                                 const double *q, double r2, double band, uint8_t *mask);

/// Adds to counts[p] (p: position in tree order) how many rows lie within r2 of row p, for
/// the rows of leaves first, first + step, … < leaf_count (`leaf_nodes`: the leaves' node
/// ids in tree order), each pair found once: rows of later leaves get their share of the
/// pairs too, so adding up the counts of every step's leaves gives every row's full count.
void seg_tree_pair_counts(const int64_t *nodes, int64_t node_count, const double *boxes, const double *leaves,
                          const float *leaves32, int64_t d, const int64_t *leaf_nodes, int64_t first, int64_t step,
                          int64_t leaf_count, double r2, double band, int32_t *counts);

/// Takes CSV records from `pos` while they start before `limit`, have no quote and no
/// carriage return and exactly `columns` fields ending in a newline: each field's end goes
/// to ends[field * stride + row] and each record's start to row_starts[row], for rows from
/// *rows up to `capacity`. Returns where it stopped (the start of the first record it left
/// for the general parser) and updates *rows. Only x86-64 has a fast path; elsewhere it takes none.
int64_t seg_csv_plain_records(const uint8_t *p, int64_t count, int64_t pos, int64_t limit, uint8_t delimiter,
                              int64_t columns, uint32_t *ends, int64_t stride, uint32_t *row_starts, int64_t *rows,
                              int64_t capacity);

/// How many of the n bytes at p equal `byte`.
int64_t seg_count_byte(const uint8_t *p, int64_t n, uint8_t byte);

/// Whether the AVX kernels run (the CPU has AVX and SEG_NO_AVX is not 1).
int seg_kernels_use_avx(void);

#endif
