/**
 * hey's percentile rule, one core for its two uses: the list hey prints (src/load/heySummary.ts, hey's summary
 * from `hey -o csv` rows) and one percentile at a time (src/analysis/latency.ts: summaries, windows, the ECDF
 * chart's p99), so a p99 computed from hey's CSV is the p99 hey printed for the same requests.
 *
 * hey (github.com/rakyll/hey requester/report.go v0.1.4, `latencies()`) walks the sorted latencies once:
 * `current := i * 100 / len(lats)` (integer division) and takes `lats[i]` for the next of its percentiles
 * (10, 25, 50, 75, 90, 95, 99) when `current >= pctl`, then moves on to the next index. So:
 * - the p-th percentile is the value at the first index i with ⌊100·i/n⌋ ≥ p (heyRank), i.e. i = ⌈⌈p⌉·n/100⌉;
 * - in hey's list an index serves one percentile at most: below 25 values two percentiles can share a first index
 *   (n = 3: p10 and p25 both at i = 1), and hey then gives the later one the next index; and a percentile with no
 *   such index (p99 below 100 values, p95 below 20) is not printed (hey prints `0% in 0.0000 secs`).
 * heyPercentileList keeps both (what hey prints); heyPercentile, one percentile alone, has no earlier percentile
 * to share with and gives the largest value where hey's list has none (so a window's p99 below 100 requests is its
 * max). From 100 values on the two agree on all seven of hey's percentiles.
 */

/** The first index i ≥ `from` of n sorted values with ⌊100·i/n⌋ ≥ `percent` (hey's rule); n when there is none. */
export function heyRank(n: number, percent: number, from = 0): number {
  // ⌊100·i/n⌋ ≥ p ⇔ 100·i/n ≥ ⌈p⌉ ⇔ i ≥ ⌈p⌉·n/100 (exact: ⌈p⌉·n is an integer, a non-integer quotient is ≥ 0.01 off one)
  const first = Math.max(0, Math.ceil((Math.ceil(percent) * n) / 100));
  return Math.min(Math.max(first, from), n);
}

/**
 * Percentile `p` (0..1) of an ascending array by hey's rule (heyRank); the largest value where no index
 * qualifies (hey would not print it: see above). NaN for no values.
 */
export function heyPercentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile p must be in [0, 1], got ${p}`);
  const percent = Math.round(p * 100 * 1e9) / 1e9; // 0.29 * 100 is 28.999999999999996
  return sorted[Math.min(heyRank(n, percent), n - 1)];
}

/**
 * The percentiles `percents` (ascending, in %) of an ascending array as hey prints them: each at its heyRank,
 * but never at an index an earlier one took; those with no index left are left out.
 */
export function heyPercentileList(
  sorted: ArrayLike<number>,
  percents: readonly number[],
): { percent: number; value: number }[] {
  const out: { percent: number; value: number }[] = [];
  let from = 0;
  for (const percent of percents) {
    const i = heyRank(sorted.length, percent, from);
    if (i >= sorted.length) break;
    out.push({ percent, value: sorted[i] });
    from = i + 1;
  }
  return out;
}
