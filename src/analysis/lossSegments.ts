/**
 * The CPU taken from the program over time, as the MMU (src/analysis/mmu.ts) reads it: disjoint segments in time
 * order, each losing a fraction `loss` of the CPU, and the cumulative loss L(t) before each (Cheng & Blelloch,
 * PLDI 2001: the MMU of a window is 1 − (L(p + w) − L(p))/w at its worst position p).
 * Columns, not an object per segment: a trace can hold a million cycles, three segments each.
 */
import { nearlySortedOrder, permuteInPlace } from "./stats";

/** Disjoint segments in time order; before[i]: the loss up to the start of segment i (before[n]: all of it). */
export interface LossSegments {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly loss: Float64Array;
  readonly before: Float64Array;
  readonly n: number;
}

/** Intervals pushed in any order become LossSegments (see finish). */
export class SegmentBuilder {
  private start: Float64Array;
  private end: Float64Array;
  private loss: Float64Array;
  private before: Float64Array;
  private n = 0;

  /** `capacity`: the most intervals that will be pushed (more is allowed: the columns grow). */
  constructor(capacity = 1024) {
    this.start = new Float64Array(Math.max(1, capacity));
    this.end = new Float64Array(Math.max(1, capacity));
    this.loss = new Float64Array(Math.max(1, capacity));
    this.before = new Float64Array(Math.max(1, capacity) + 1);
  }

  push(startMs: number, endMs: number, loss: number): void {
    if (this.n === this.start.length) {
      const grow = (xs: Float64Array) => {
        const next = new Float64Array(2 * xs.length);
        next.set(xs);
        return next;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.loss = grow(this.loss);
      this.before = new Float64Array(this.start.length + 1);
    }
    this.start[this.n] = startMs;
    this.end[this.n] = endMs;
    this.loss[this.n] = loss;
    this.n++;
  }

  /**
   * The segments: the intervals in order of their starts (stable: equal starts keep their order), each clipped to
   * begin where the one before ended, so no loss is counted twice (rounding can make neighbours overlap by a
   * fraction of a millisecond); an interval left empty is dropped. Sorted and clipped in place, in the builder's
   * columns (no copies of three million segments' columns): the builder is spent.
   */
  finish(): LossSegments {
    const { start, end, loss } = this;
    const count = this.n;
    let sorted = true;
    for (let i = 1; i < count && sorted; i++) sorted = start[i - 1] <= start[i];
    if (!sorted) permuteInPlace([start, end, loss], nearlySortedOrder(start.subarray(0, count)));
    let n = 0;
    for (let i = 0; i < count; i++) {
      const s = n > 0 ? Math.max(start[i], end[n - 1]) : start[i];
      if (end[i] > s) {
        start[n] = s;
        end[n] = end[i];
        loss[n] = loss[i];
        n++;
      }
    }
    this.n = n;
    const before = this.before.subarray(0, n + 1);
    before[0] = 0;
    for (let j = 0; j < n; j++) before[j + 1] = before[j] + loss[j] * (end[j] - start[j]);
    return { start: start.subarray(0, n), end: end.subarray(0, n), loss: loss.subarray(0, n), before, n };
  }
}

/** The number of segments starting at or before t (binary search). */
export function segmentsUpTo(g: LossSegments, t: number): number {
  let lo = 0;
  let hi = g.n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g.start[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * L(t), the loss up to t, given k = segmentsUpTo(g, t): the loss before the last segment starting at or before t,
 * plus its rate over the part of it before t.
 */
export function lossUpTo(g: LossSegments, t: number, k: number): number {
  if (k === 0) return 0;
  return g.before[k - 1] + g.loss[k - 1] * (Math.min(t, g.end[k - 1]) - g.start[k - 1]);
}
