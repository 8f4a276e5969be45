/**
 * Small statistics on numeric columns, in the manner of d3-array: index loops, NaN skipped, the method named.
 * Every analysis in src/analysis and src/whatif builds on these.
 */

/** `x`, or 0 where a Go version did not print it (NaN): for summing phase durations and CPU figures. */
export function orZero(x: number): number {
  return Number.isNaN(x) ? 0 : x;
}

/** The finite values of `values`, sorted ascending (NaN and ±Infinity skipped). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[j++] = values[i];
  return out.sort();
}

/**
 * Quantile `p` (0..1) of an ascending array by the R-7 method (linear interpolation between closest ranks,
 * h = (n − 1)·p; Hyndman & Fan 1996 type 7, the default of R, NumPy and d3.quantile). NaN for no values.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be in [0, 1], got ${p}`);
  // Hyndman & Fan 1996, definition 7: h = (n − 1)p, Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋)
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo + 1 >= n) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/** Sum of the finite values. */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) s += values[i];
  return s;
}

/** Arithmetic mean of the finite values (NaN when there are none). */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      s += values[i];
      n++;
    }
  }
  return n === 0 ? Number.NaN : s / n;
}

/**
 * Median (the R-7 0.5 quantile) of the finite values: the same number as quantileSorted(sortedFinite(values), 0.5),
 * found by selection (Hoare's quickselect, median-of-three pivots) in O(n) instead of a sort of every value.
 */
export function median(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  if (n === 0) return Number.NaN;
  const a = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) a[j++] = values[i];
  return medianOfFinite(a);
}

/**
 * median(values), selecting in `values` itself instead of a copy: it reorders and overwrites them. For an array the
 * caller made for this and drops after (a million cycles' copy is 8 MB more).
 */
export function medianInPlace(values: Float64Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) values[n++] = values[i];
  return n === 0 ? Number.NaN : medianOfFinite(values.subarray(0, n));
}

/** The median of `a`, every value finite (at least one); reorders `a`. */
function medianOfFinite(a: Float64Array): number {
  const n = a.length;
  // Hyndman & Fan 1996, definition 7 at p = 0.5: h = (n − 1)/2, Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋)
  const h = (n - 1) / 2;
  const lo = Math.floor(h);
  selectNth(a, lo);
  if (h === lo) return a[lo];
  let next = a[lo + 1];
  for (let i = lo + 2; i < n; i++) if (a[i] < next) next = a[i];
  return a[lo] + (h - lo) * (next - a[lo]);
}

/** Reorders `a` so that a[k] is its k-th smallest value, with no larger value before it and no smaller after. */
function selectNth(a: Float64Array, k: number): void {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    // median of three as the pivot, then Hoare's partition
    const mid = (left + right) >> 1;
    const x = a[left];
    const y = a[mid];
    const z = a[right];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/** Maximum of the finite values (NaN when there are none). */
export function max(values: ArrayLike<number>): number {
  let m = Number.NaN;
  for (let i = 0; i < values.length; i++)
    if (values[i] > m || (Number.isNaN(m) && Number.isFinite(values[i]))) m = values[i];
  return m;
}

/** Minimum of the finite values (NaN when there are none). */
export function min(values: ArrayLike<number>): number {
  let m = Number.NaN;
  for (let i = 0; i < values.length; i++)
    if (values[i] < m || (Number.isNaN(m) && Number.isFinite(values[i]))) m = values[i];
  return m;
}

export interface LinearFit {
  /** y = intercept + slope·x */
  slope: number;
  intercept: number;
  /** Coefficient of determination, 1 − SSres/SStot (NaN when y is constant or fewer than 2 points). */
  r2: number;
  /** Points used (pairs where both x and y are finite). */
  n: number;
}

/** Ordinary least squares y = a + b·x over the pairs where both are finite (Gauss's normal equations). */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  if (x.length !== y.length) throw new RangeError(`linearFit: x has ${x.length} values, y has ${y.length}`);
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      n++;
      sx += x[i];
      sy += y[i];
    }
  }
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN, n };
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      const dx = x[i] - mx;
      const dy = y[i] - my;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
  }
  if (sxx === 0) return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN, n };
  // OLS: b = Sxy / Sxx, a = ȳ − b·x̄, R² = Sxy² / (Sxx·Syy)
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? Number.NaN : (sxy * sxy) / (sxx * syy), n };
}

/** Median spacing between consecutive values of an ascending column (NaN for fewer than two values). */
export function medianStep(values: ArrayLike<number>): number {
  if (values.length < 2) return Number.NaN;
  const steps = new Float64Array(values.length - 1);
  for (let i = 1; i < values.length; i++) steps[i - 1] = values[i] - values[i - 1];
  return median(steps);
}

/**
 * The stable sort order of `keys`, by insertion: O(n) for keys a few places out of order (cycles whose rounded times
 * overlap their neighbour's); a general sort once that has cost more than 16 moves per key.
 */
export function nearlySortedOrder(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  let moves = 0;
  for (let i = 0; i < n; i++) {
    let j = i;
    const k = keys[i];
    while (j > 0 && keys[order[j - 1]] > k) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
    moves += i - j;
    if (moves > 16 * n) {
      const all = [...keys.keys()].sort((x, y) => keys[x] - keys[y]);
      return Uint32Array.from(all);
    }
  }
  return order;
}

/** `values` in `order` (values[order[0]], values[order[1]], …): a loop, not Float64Array.from(order, fn), which V8
 * runs about 20× slower on millions of values. */
export function permuted(values: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]];
  return out;
}

/**
 * Puts each column in `order` in place (column[i] becomes its old column[order[i]], as permuted gives), following
 * the permutation's cycles instead of copying the columns. `order` is used up (left as the identity).
 */
export function permuteInPlace(columns: readonly Float64Array[], order: Uint32Array): void {
  const held = new Float64Array(columns.length);
  for (let i = 0; i < order.length; i++) {
    if (order[i] === i) continue;
    for (let c = 0; c < columns.length; c++) held[c] = columns[c][i];
    let j = i;
    for (;;) {
      const k = order[j];
      order[j] = j;
      if (k === i) {
        for (let c = 0; c < columns.length; c++) columns[c][j] = held[c];
        break;
      }
      for (let c = 0; c < columns.length; c++) columns[c][j] = columns[c][k];
      j = k;
    }
  }
}
