/**
 * The worst window of one length over loss segments (src/analysis/lossSegments.ts): max over positions p in
 * [from, last] of L(p + w) − L(p), the lost CPU the MMU is 1 − that / w of (Cheng & Blelloch, PLDI 2001;
 * internal/trace/gc.go MutatorUtilization, whose `mmu` also prunes by bands, with an upper bound per band).
 *
 * Where the maximum can be: the loss is piecewise linear in p, with slope rate(p + w) − rate(p); its slope falls
 * only where the rate rises at p (p reaches the start of a segment with a higher rate than just before it) or
 * falls at p + w (p + w reaches the end of one with a higher rate than just after it), so its maximum is at such a
 * position or at an end of the domain (a flat top ends at one). Only those candidates are evaluated.
 *
 * Which candidates need evaluating: the segments are taken in blocks of BLOCK. Every rise of a block starts at
 * p ≥ start[i0] and reads L up to p + w ≤ start[i1 − 1] + w, so it loses at most L(start[i1 − 1] + w) − L(start[i0]);
 * every fall ends at q ≤ end[i1 − 1] with p = q − w ≥ end[i0] − w, so it loses at most L(end[i1 − 1]) −
 * L(end[i0] − w). A block whose bound is not above the worst loss found so far cannot hold a worse window and is
 * skipped. Both bounds are monotone in floating point too (L is computed from the same prefix sums, and rounding
 * keeps order), so the maximum is the very number the evaluation of every candidate gives. The block that held
 * the worst window of a shorter length is evaluated first: a longer window's worst is usually around it, and a
 * high floor early prunes most blocks.
 */
import type { LossSegments } from "./lossSegments";
import { lossUpTo, segmentsUpTo } from "./lossSegments";

/** Segments per block: small enough that a block's bound is close to its candidates' losses. */
const BLOCK = 16;

/** The worst loss of a window of `w` starting in [from, last], and the block it was found in. */
export function worstLoss(
  g: LossSegments,
  w: number,
  from: number,
  last: number,
  hintBlock: number,
): { lost: number; block: number } {
  const s = new Search(g, w, from, last);
  const blocks = Math.ceil(g.n / BLOCK);
  if (!s.done() && hintBlock < blocks) {
    s.rises(hintBlock);
    s.falls(hintBlock);
    s.restart();
  }
  for (let b = 0; b < blocks && !s.done(); b++) {
    s.rises(b);
    s.falls(b);
  }
  return { lost: s.worst, block: s.block };
}

class Search {
  worst: number;
  block = 0;
  /** Cursors: the number of segments starting at or before the last position each one read. */
  private riseBound = 0;
  private riseAt = 0;
  private fallBound = 0;
  private fallAt = 0;

  constructor(
    private readonly g: LossSegments,
    private readonly w: number,
    private readonly from: number,
    private readonly last: number,
  ) {
    const at = (t: number) => lossUpTo(g, t, segmentsUpTo(g, t));
    // the two ends of the domain
    this.worst = Math.max(at(from + w) - at(from), at(last + w) - at(last));
  }

  /** The worst loss already makes the MMU 0 (mmu.ts clamps 1 − lost/w below 1e-9 to 0): nothing can change it. */
  done(): boolean {
    return 1 - this.worst / this.w < 1e-9;
  }

  /** Cursors back to the start, after a block evaluated out of order. */
  restart(): void {
    this.riseBound = this.riseAt = this.fallBound = this.fallAt = 0;
  }

  /** The candidates where the rate rises at p (segment starts), if the block's bound allows a worse window. */
  rises(b: number): void {
    const { start: st, end: en, loss, before, n } = this.g;
    const { w, from, last } = this;
    const i0 = b * BLOCK;
    const i1 = Math.min(n, i0 + BLOCK);
    const x = st[i1 - 1] + w;
    let k = Math.max(this.riseBound, i1);
    while (k < n && st[k] <= x) k++;
    this.riseBound = k;
    if (lossUpTo(this.g, x, k) - before[i0] <= this.worst) return;
    let c = Math.max(this.riseAt, i0 + 1);
    for (let i = i0; i < i1; i++) {
      if (!(loss[i] > (i > 0 && en[i - 1] === st[i] ? loss[i - 1] : 0))) continue;
      const p = st[i];
      if (p < from || p > last) continue;
      const y = p + w;
      if (c < i + 1) c = i + 1;
      while (c < n && st[c] <= y) c++;
      // L(p + w) − L(p), with L(p) = before[i] at a segment's start
      const lost = before[c - 1] + loss[c - 1] * (Math.min(y, en[c - 1]) - st[c - 1]) - before[i];
      if (lost > this.worst) {
        this.worst = lost;
        this.block = b;
      }
    }
    this.riseAt = c;
  }

  /** The candidates where the rate falls at p + w (segment ends), if the block's bound allows a worse window. */
  falls(b: number): void {
    const { start: st, end: en, loss, before, n } = this.g;
    const { w, from, last } = this;
    const i0 = b * BLOCK;
    const i1 = Math.min(n, i0 + BLOCK);
    const x = en[i0] - w;
    let k = this.fallBound;
    while (k < n && st[k] <= x) k++;
    this.fallBound = k;
    if (before[i1] - lossUpTo(this.g, x, k) <= this.worst) return;
    let c = Math.max(this.fallAt, k);
    for (let i = i0; i < i1; i++) {
      if (!(loss[i] > (i + 1 < n && st[i + 1] === en[i] ? loss[i + 1] : 0))) continue;
      const p = en[i] - w;
      if (p < from || p > last) continue;
      while (c < n && st[c] <= p) c++;
      // L(p + w) − L(p), with L(p + w) = before[i + 1] at a segment's end
      const lost =
        before[i + 1] - (c === 0 ? 0 : before[c - 1] + loss[c - 1] * (Math.min(p, en[c - 1]) - st[c - 1]));
      if (lost > this.worst) {
        this.worst = lost;
        this.block = b;
      }
    }
    this.fallAt = c;
  }
}
