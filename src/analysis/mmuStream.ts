/**
 * The MMU read in one pass over loss intervals that come in time order, holding only the segments between a
 * window's two ends: a million GC cycles make three million segments, which src/analysis/lossSegments.ts would
 * hold in four columns (~96 MB) for the block search of src/analysis/mmuWorst.ts.
 *
 * The segments are the ones SegmentBuilder makes (each clipped to begin where the one before ended, empty ones
 * dropped, with the loss before each as a running sum in the same order), taken in mmuWorst.ts's blocks with its
 * bounds, and every candidate position of a block the bounds do not rule out is evaluated with its arithmetic: the
 * MMU is the very number the block search gives, bit for bit (test/analysis/mmuStream.test.ts). The blocks come in
 * time order, not the shorter window's worst first, so fewer are ruled out: the MMU of 1M cycles at the report's
 * ten windows takes about as long as the block search. Intervals out of time order need sorting first:
 * SegmentBuilder does that (mmu.ts falls back to it when a pass finds one).
 */
import type { LossInterval } from "./mmu";

/** Segments per block, as in mmuWorst.ts. */
const BLOCK = 16;

/** Loss intervals read in order, as many times as asked (rewind). */
export interface IntervalSource {
  /** Starts again from the first interval. */
  rewind(): void;
  /** Writes the next interval into `iv`; false when there are no more. */
  next(iv: LossInterval): boolean;
}

/** A list of intervals as a source. */
export function listSource(intervals: readonly LossInterval[]): IntervalSource {
  let i = 0;
  return {
    rewind: () => {
      i = 0;
    },
    next: (iv) => {
      if (i >= intervals.length) return false;
      const x = intervals[i++];
      iv.startMs = x.startMs;
      iv.endMs = x.endMs;
      iv.loss = x.loss;
      return true;
    },
  };
}

/**
 * The clipped segments of a source in time order, made as they are asked for and dropped once released: a ring of
 * columns indexed by segment number, grown when a window spans more segments than it holds.
 */
class SegmentRing {
  private st: Float64Array;
  private en: Float64Array;
  private ls: Float64Array;
  private bf: Float64Array;
  private mask: number;
  /** Segments made so far, and the first one still held. */
  private made = 0;
  private low = 0;
  private ended = false;
  /** An interval started before the one before it: the source is not in time order (the pass is void). */
  outOfOrder = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private lastEnd = 0;
  private total = 0;
  private readonly iv: LossInterval = { startMs: 0, endMs: 0, loss: 0 };
  /** Times to read L(t) at, ascending, and what was read. */
  private asked = 0;

  constructor(
    private readonly source: IntervalSource,
    private readonly times: Float64Array,
    readonly lossAt: Float64Array,
  ) {
    const capacity = 1024;
    this.st = new Float64Array(capacity);
    this.en = new Float64Array(capacity);
    this.ls = new Float64Array(capacity);
    this.bf = new Float64Array(capacity);
    this.mask = capacity - 1;
    source.rewind();
  }

  start(j: number): number {
    return this.st[j & this.mask];
  }
  end(j: number): number {
    return this.en[j & this.mask];
  }
  loss(j: number): number {
    return this.ls[j & this.mask];
  }
  /** The loss before segment j. */
  before(j: number): number {
    return this.bf[j & this.mask];
  }

  /** L(t) given k ≥ 1, the number of segments starting at or before t (lossSegments.ts lossUpTo). */
  upTo(t: number, k: number): number {
    const j = k - 1;
    return this.before(j) + this.loss(j) * (Math.min(t, this.end(j)) - this.start(j));
  }

  /** Whether segment j exists (made now if it was not yet). */
  has(j: number): boolean {
    while (j >= this.made) if (!this.make()) return false;
    return true;
  }

  /** Segments before j are no longer needed. */
  release(j: number): void {
    if (j > this.low) this.low = Math.min(j, this.made);
  }

  /** Makes the next segment as SegmentBuilder.finish does (clipped, empty ones dropped); false at the end. */
  private make(): boolean {
    const iv = this.iv;
    while (!this.ended) {
      if (!this.source.next(iv)) {
        this.ended = true;
        // the times after every segment's start: L from the last segment (0 when there is none)
        for (; this.asked < this.times.length; this.asked++) {
          const t = this.times[this.asked];
          this.lossAt[this.asked] = this.made === 0 ? 0 : this.upTo(t, this.made);
        }
        return false;
      }
      // SegmentBuilder.finish's test for sorting: every start at or after the one before
      if (!(this.lastStart <= iv.startMs) && this.lastStart !== Number.NEGATIVE_INFINITY) {
        this.outOfOrder = this.ended = true;
        return false;
      }
      this.lastStart = iv.startMs;
      const s = this.made > 0 ? Math.max(iv.startMs, this.lastEnd) : iv.startMs;
      if (!(iv.endMs > s)) continue;
      if (this.made - this.low > this.mask) this.grow();
      // the times before this segment's start: k = the segments made before it
      for (; this.asked < this.times.length && s > this.times[this.asked]; this.asked++) {
        const t = this.times[this.asked];
        this.lossAt[this.asked] = this.made === 0 ? 0 : this.upTo(t, this.made);
      }
      const x = this.made & this.mask;
      this.st[x] = s;
      this.en[x] = iv.endMs;
      this.ls[x] = iv.loss;
      this.bf[x] = this.total;
      this.total = this.total + iv.loss * (iv.endMs - s);
      this.lastEnd = iv.endMs;
      this.made++;
      return true;
    }
    return false;
  }

  private grow(): void {
    const capacity = 2 * (this.mask + 1);
    const mask = capacity - 1;
    const st = new Float64Array(capacity);
    const en = new Float64Array(capacity);
    const ls = new Float64Array(capacity);
    const bf = new Float64Array(capacity);
    for (let j = this.low; j < this.made; j++) {
      st[j & mask] = this.start(j);
      en[j & mask] = this.end(j);
      ls[j & mask] = this.loss(j);
      bf[j & mask] = this.before(j);
    }
    this.st = st;
    this.en = en;
    this.ls = ls;
    this.bf = bf;
    this.mask = mask;
  }
}

/**
 * The worst lost CPU of a window of each length `windowsMs[k]` starting in [fromMs, toMs − w] (NaN for a window
 * longer than the domain), reading `source` once; undefined if its intervals do not come in time order (they need
 * SegmentBuilder's sort). mmu.ts turns a loss into the MMU.
 */
export function streamedWorstLoss(
  source: IntervalSource,
  windowsMs: readonly number[],
  fromMs: number,
  toMs: number,
): number[] | undefined {
  const out = windowsMs.map(() => Number.NaN);
  const active = [...windowsMs.keys()].filter((k) => windowsMs[k] <= toMs - fromMs);
  const n = active.length;
  if (n === 0) return out;
  const w = Float64Array.from(active, (k) => windowsMs[k]);
  const last = Float64Array.from(w, (x) => toMs - x);
  // the two ends of the domain for each window (mmuWorst.ts Search): L at from, from + w, last, last + w
  const ends = new Float64Array(4 * n);
  for (let k = 0; k < n; k++) ends.set([fromMs, fromMs + w[k], last[k], last[k] + w[k]], 4 * k);
  const order = [...ends.keys()].sort((x, y) => ends[x] - ends[y]);
  const times = Float64Array.from(order, (q) => ends[q]);
  const ring = new SegmentRing(source, times, new Float64Array(times.length));
  // per window: the cursors of mmuWorst.ts Search (the number of segments starting at or before what each read)
  const riseBound = new Float64Array(n);
  const riseAt = new Float64Array(n);
  const fallBound = new Float64Array(n);
  const fallAt = new Float64Array(n);
  const worst = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  for (let i0 = 0; ring.has(i0); i0 += BLOCK) {
    // a block of segments, as mmuWorst.ts takes them: skipped for a window when its bound is not above the worst
    let i1 = i0 + 1;
    while (i1 < i0 + BLOCK && ring.has(i1)) i1++;
    const next = ring.has(i1);
    const beforeEnd = next ? ring.before(i1) : ring.upTo(ring.end(i1 - 1), i1);
    let keep = i0 - 1;
    for (let k = 0; k < n; k++) {
      const wk = w[k];
      // a window wholly lost already has MMU 0 whatever else it finds (mmuWorst.ts done): no more work for it
      if (1 - worst[k] / wk < 1e-9) continue;
      const lastK = last[k];
      // rises: every one starts at p ≥ start[i0] and reads L up to p + w ≤ start[i1 − 1] + w
      let x = ring.start(i1 - 1) + wk;
      let c = Math.max(riseBound[k], i1);
      while (ring.has(c) && ring.start(c) <= x) c++;
      riseBound[k] = c;
      if (ring.upTo(x, c) - ring.before(i0) > worst[k]) {
        c = Math.max(riseAt[k], i0 + 1);
        for (let i = i0; i < i1; i++) {
          const st = ring.start(i);
          // the rate rises at a segment's start where it is above the one's just before
          if (!(ring.loss(i) > (i > 0 && ring.end(i - 1) === st ? ring.loss(i - 1) : 0))) continue;
          if (st < fromMs || st > lastK) continue;
          const y = st + wk;
          if (c < i + 1) c = i + 1;
          while (ring.has(c) && ring.start(c) <= y) c++;
          // L(p + w) − L(p), with L(p) = before[i] at a segment's start
          const lost = ring.upTo(y, c) - ring.before(i);
          if (lost > worst[k]) worst[k] = lost;
        }
        riseAt[k] = c;
      }
      // falls: every one ends at q ≤ end[i1 − 1] with p = q − w ≥ end[i0] − w
      x = ring.end(i0) - wk;
      c = fallBound[k];
      while (ring.has(c) && ring.start(c) <= x) c++;
      fallBound[k] = c;
      if (c - 1 < keep) keep = c - 1;
      if (beforeEnd - (c === 0 ? 0 : ring.upTo(x, c)) > worst[k]) {
        c = Math.max(fallAt[k], c);
        for (let i = i0; i < i1; i++) {
          const en = ring.end(i);
          // the rate falls at a segment's end where it is above the one's just after
          if (!(ring.loss(i) > (ring.has(i + 1) && ring.start(i + 1) === en ? ring.loss(i + 1) : 0)))
            continue;
          const p = en - wk;
          if (p < fromMs || p > lastK) continue;
          while (ring.has(c) && ring.start(c) <= p) c++;
          // L(p + w) − L(p), with L(p + w) = before[i + 1] at a segment's end
          const after = ring.upTo(en, i + 1);
          const lost = after - (c === 0 ? 0 : ring.upTo(p, c));
          if (lost > worst[k]) worst[k] = lost;
        }
        fallAt[k] = c;
      }
    }
    // what the next blocks read: from segment i0 − 1 (a rise's neighbour) and each window's fall bound on
    ring.release(keep);
  }
  if (ring.outOfOrder) return undefined;
  const lossAt = new Float64Array(ends.length);
  for (const [q, e] of order.entries()) lossAt[e] = ring.lossAt[q];
  for (let k = 0; k < n; k++) {
    const ends4 = lossAt.subarray(4 * k, 4 * k + 4);
    const atEnds = Math.max(ends4[1] - ends4[0], ends4[3] - ends4[2]);
    out[active[k]] = Math.max(atEnds, worst[k]);
  }
  return out;
}
