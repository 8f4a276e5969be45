/**
 * Reducing a chart's data to what a screen can show, before any mark is made.
 *
 * A chart 640 px wide cannot show more than a few hundred distinct x positions, yet a week of gctrace is 600k
 * cycles and a day of schedtrace 86,400 samples. Drawn point by point such a chart is an overplotted smear and
 * a spec of hundreds of MB. So once a series has more points than the plot has pixels across, it is cut into
 * equal bins of a round width ("each point: 10 s") and each bin keeps, over the rows that fall into it, the exact
 * minimum, the exact maximum, the mean, the last value and where the maximum was: an envelope (min to max)
 * around a mean line keeps every extreme — one 50 ms pause among a million 0.1 ms ones is its bin's max, to
 * the digit — while the mean shows the level. Everything here works on columns (typed arrays, one pass, no
 * object per input row); a chart makes objects only for the bins it draws.
 */
import { TIME_STEPS_MS } from "../analysis/timeSteps";

/** Equal bins over an x range: bin k covers [from + k·width, from + (k + 1)·width). */
export interface Bins {
  readonly from: number;
  readonly width: number;
  readonly count: number;
}

/** Over the rows of one bin: how many finite values, their exact min and max, mean, last, and the row of the max. */
export interface BinStats {
  readonly bins: Bins;
  readonly n: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly mean: Float64Array;
  /** The value of the bin's last row in input order with a finite value (for cumulative series). */
  readonly last: Float64Array;
  /** The input row holding the bin's max (the first one on ties; -1 for an empty bin). */
  readonly maxRow: Int32Array;
}

/**
 * Whether a series of `points` drawn `widthPx` wide is reduced: once it has more points than the plot has
 * pixels across. At or under that the chart draws every point, exactly as before.
 */
export function needsReduction(points: number, widthPx: number): boolean {
  return points > widthPx;
}

/** The number of bins a reduced series gets: one per 2 px, so a bin's envelope is wide enough to see. */
export function binBudget(widthPx: number): number {
  return Math.max(10, Math.floor(widthPx / 2));
}

/** The finite min and max of `x` (NaN, NaN when none). */
export function extent(x: ArrayLike<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [Number.NaN, Number.NaN];
}

/**
 * At most `maxBins` bins of a round width covering [lo, hi], starting at a multiple of the width. `unit` picks
 * the widths: "ms" the clock steps (1 ms … 1 week), "count" 1-2-5 steps of whole numbers (GC cycles, lines).
 */
export function binsOver(lo: number, hi: number, maxBins: number, unit: "ms" | "count"): Bins {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo))
    throw new RangeError(`binsOver: no finite range [${lo}, ${hi}]`);
  if (!(maxBins >= 1)) throw new RangeError(`binsOver: maxBins must be ≥ 1, got ${maxBins}`);
  const fits = (width: number) => Math.floor(hi / width) - Math.floor(lo / width) + 1 <= maxBins;
  let width = Number.NaN;
  if (unit === "ms") width = TIME_STEPS_MS.find(fits) ?? Number.NaN;
  if (Number.isNaN(width)) {
    // 1-2-5 steps (d3.tickIncrement's family), from the smallest that can fit
    const raw = (hi - lo) / maxBins;
    let power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
    let f = 1;
    while (!fits(f * power)) {
      if (f === 5) {
        f = 1;
        power *= 10;
      } else f = f === 1 ? 2 : 5;
    }
    width = f * power;
  }
  const from = Math.floor(lo / width) * width;
  return { from, width, count: Math.floor(hi / width) - Math.floor(lo / width) + 1 };
}

/** The bin of `x`: NaN for a value outside the bins' range (or not finite). */
export function binOf(bins: Bins, x: number): number {
  const k = Math.floor((x - bins.from) / bins.width);
  if (k >= 0 && k < bins.count) return k;
  // the range's own edges, should rounding put them one bin out
  if (k === bins.count && x <= bins.from + bins.count * bins.width) return k - 1;
  if (k === -1 && x >= bins.from) return 0;
  return Number.NaN;
}

/** Start of bin k. */
export function binStart(bins: Bins, k: number): number {
  return bins.from + k * bins.width;
}

/**
 * Per bin of `x`, the statistics of `y` over the rows whose x falls into it (rows with x or y not finite are
 * skipped; an empty bin has n 0 and NaN statistics). One pass over the columns.
 */
export function binStats(bins: Bins, x: ArrayLike<number>, y: ArrayLike<number>): BinStats {
  return binStatsBy(bins, x, y, undefined, [0]).get(0) as BinStats;
}

/**
 * binStats for each group of rows at once: rows whose `key` is one of `keys` (e.g. the P of a per-P row),
 * in one pass over the columns however many groups there are. Without `key` every row is group keys[0].
 */
export function binStatsBy(
  bins: Bins,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  key: ArrayLike<number> | undefined,
  keys: readonly number[],
): Map<number, BinStats> {
  const c = bins.count;
  const slot = new Map(keys.map((k, j) => [k, j]));
  const size = c * keys.length;
  const n = new Float64Array(size);
  const min = new Float64Array(size).fill(Number.NaN);
  const max = new Float64Array(size).fill(Number.NaN);
  const mean = new Float64Array(size).fill(Number.NaN);
  const last = new Float64Array(size).fill(Number.NaN);
  const maxRow = new Int32Array(size).fill(-1);
  const sum = new Float64Array(size);
  for (let i = 0; i < x.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) continue;
    const b = binOf(bins, x[i]);
    if (Number.isNaN(b)) continue;
    const j = key === undefined ? 0 : slot.get(key[i]);
    if (j === undefined) continue;
    const k = j * c + b;
    if (n[k] === 0 || v < min[k]) min[k] = v;
    if (n[k] === 0 || v > max[k]) {
      max[k] = v;
      maxRow[k] = i;
    }
    n[k]++;
    sum[k] += v;
    last[k] = v;
  }
  for (let k = 0; k < size; k++) if (n[k] > 0) mean[k] = sum[k] / n[k];
  const out = new Map<number, BinStats>();
  keys.forEach((key, j) => {
    const part = (a: Float64Array) => a.subarray(j * c, (j + 1) * c);
    out.set(key, {
      bins,
      n: part(n),
      min: part(min),
      max: part(max),
      mean: part(mean),
      last: part(last),
      maxRow: maxRow.subarray(j * c, (j + 1) * c),
    });
  });
  return out;
}

/** How many rows of `x` fall into each bin (finite x only). */
export function binCounts(bins: Bins, x: ArrayLike<number>): Float64Array {
  const n = new Float64Array(bins.count);
  for (let i = 0; i < x.length; i++) {
    const k = binOf(bins, x[i]);
    if (!Number.isNaN(k)) n[k]++;
  }
  return n;
}

/** A bin width for a subtitle: "10 s", "5 min", "500 ms", "2 h", "1 d"; or "50 cycles" for counts. */
export function binLabel(bins: Bins, unit: "ms" | string): string {
  if (unit !== "ms") return `${bins.width} ${unit}`;
  const w = bins.width;
  if (w < 1000) return `${w} ms`;
  if (w < 60_000) return `${w / 1000} s`;
  if (w < 3_600_000) return `${w / 60_000} min`;
  if (w < 86_400_000) return `${w / 3_600_000} h`;
  return `${w / 86_400_000} d`;
}

/**
 * Thins a non-decreasing step curve (x ascending, y ascending: an ECDF) to the points a plot `widthPx` ×
 * `heightPx` can tell apart: a point is kept when it moved at least half a pixel in x or y from the last kept
 * one, and the first and last points always are. Drawn as a step, the thinned curve stays within half a pixel
 * of the full one. Returns the kept row indices.
 */
export function thinSteps(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  widthPx: number,
  heightPx: number,
): number[] {
  const n = x.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const [x0, x1] = extent(x);
  const [y0, y1] = extent(y);
  const dx = (x1 - x0) / (2 * widthPx);
  const dy = (y1 - y0) / (2 * heightPx);
  const kept = [0];
  let kx = x[0];
  let ky = y[0];
  for (let i = 1; i < n - 1; i++) {
    // a dropped point lies less than dx right of and dy above the kept one the step is drawn from
    if (x[i] - kx >= dx || y[i] - ky >= dy) {
      kept.push(i);
      kx = x[i];
      ky = y[i];
    }
  }
  kept.push(n - 1);
  return kept;
}

/** `x` rounded to `decimals` places for a spec (null when not finite: JSON has no NaN). */
export function rounded(x: number, decimals: number): number | null {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
