// The common case of CSV tokenizing, 64 bytes at a time: records with no quote, no carriage
// return and exactly the expected number of fields. Anything else stops the fast path at the
// start of that record, for the general parser (CSVTokenizer.swift) to handle.
#include "seg_kernels.h"

#if defined(__x86_64__)
#include <emmintrin.h>

/// Bit i set where p[i] (i < 64) is the delimiter, a newline, a quote or a carriage return.
static inline uint64_t stops64(const uint8_t *p, __m128i delim) {
  const __m128i nl = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r');
  uint64_t bits = 0;
  for (int k = 0; k < 4; k++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, delim), _mm_cmpeq_epi8(v, nl)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)));
    bits |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * k);
  }
  return bits;
}
#endif

int64_t seg_csv_plain_records(const uint8_t *p, int64_t count, int64_t pos, int64_t limit, uint8_t delimiter,
                              int64_t columns, uint32_t *ends, int64_t stride, uint32_t *row_starts, int64_t *rows,
                              int64_t capacity) {
#if defined(__x86_64__)
  const __m128i delim = _mm_set1_epi8((char)delimiter);
  int64_t row = *rows, start = pos, field = 0;
  int64_t base = pos;
  while (start < limit && row < capacity && base + 64 <= count) {
    uint64_t bits = stops64(p + base, delim);
    while (bits) {
      int64_t at = base + __builtin_ctzll(bits);
      bits &= bits - 1;
      uint8_t c = p[at];
      if (c == delimiter) {
        if (field + 1 >= columns) goto stop;
        ends[field * stride + row] = (uint32_t)at;
        field++;
      } else if (c == '\n') {
        if (field != columns - 1 || at == start) goto stop;
        ends[field * stride + row] = (uint32_t)at;
        row_starts[row] = (uint32_t)start;
        row++;
        start = at + 1;
        field = 0;
        if (start >= limit || row == capacity) goto stop;
      } else {
        goto stop;  // a quote or a carriage return
      }
    }
    base += 64;
  }
stop:
  *rows = row;
  return start;
#else
  (void)p; (void)count; (void)limit; (void)delimiter; (void)columns; (void)ends; (void)stride; (void)row_starts;
  (void)rows; (void)capacity;
  return pos;
#endif
}

int64_t seg_count_byte(const uint8_t *p, int64_t n, uint8_t byte) {
  int64_t total = 0, i = 0;
#if defined(__x86_64__)
  const __m128i target = _mm_set1_epi8((char)byte), zero = _mm_setzero_si128();
  while (i + 16 <= n) {
    // Byte lanes count up to 255 matches before they are summed into the 64-bit total.
    __m128i lanes = zero;
    int64_t stop = i + 16 * 255 < n ? i + 16 * 255 : n;
    for (; i + 16 <= stop; i += 16)
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + i)), target));
    __m128i sums = _mm_sad_epu8(lanes, zero);
    total += _mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
  }
#endif
  for (; i < n; i++) total += p[i] == byte;
  return total;
}
