import { describe, expect, it } from "vitest";
// mulberry32, seeded: the same cases on every run
import { rng } from "../../bench/gen-gctrace";
import { SegmentBuilder } from "../../src/analysis/lossSegments";
import { type LossInterval, mmu } from "../../src/analysis/mmu";

/**
 * The MMU with every candidate position evaluated (no block skipped), with the same clipped segments and the same
 * arithmetic as src/analysis/mmuWorst.ts: the pruned search must give this very number, bit for bit.
 */
function everyCandidate(intervals: LossInterval[], w: number, from: number, to: number): number {
  const b = new SegmentBuilder(intervals.length);
  for (const iv of intervals) b.push(iv.startMs, iv.endMs, iv.loss);
  const { start: st, end: en, loss, before, n } = b.finish();
  const L = (x: number) => {
    // k: the number of segments starting at or before x
    let k = 0;
    let hi = n;
    while (k < hi) {
      const mid = (k + hi) >> 1;
      if (st[mid] <= x) k = mid + 1;
      else hi = mid;
    }
    return k === 0 ? 0 : before[k - 1] + loss[k - 1] * (Math.min(x, en[k - 1]) - st[k - 1]);
  };
  const last = to - w;
  let worst = Math.max(L(from + w) - L(from), L(last + w) - L(last));
  for (let i = 0; i < n; i++) {
    if (loss[i] > (i > 0 && en[i - 1] === st[i] ? loss[i - 1] : 0) && st[i] >= from && st[i] <= last)
      worst = Math.max(worst, L(st[i] + w) - before[i]);
    const p = en[i] - w;
    if (loss[i] > (i + 1 < n && st[i + 1] === en[i] ? loss[i + 1] : 0) && p >= from && p <= last)
      worst = Math.max(worst, before[i + 1] - L(p));
  }
  const u = 1 - worst / w;
  return u < 1e-9 ? 0 : u;
}

/** `cycles` GC cycles: pause, mark phase at a partial rate, pause, with gaps drawn from `gap`. */
function cycles(r: () => number, count: number, gap: () => number, long = 0.02): LossInterval[] {
  const out: LossInterval[] = [];
  let t = r() * 5;
  for (let c = 0; c < count; c++) {
    const a = t + r() * (r() < long ? 8 : 0.5);
    const b = a + r() * 20;
    const e = b + r() * (r() < long ? 5 : 0.3);
    out.push({ startMs: t, endMs: a, loss: 1 });
    if (r() < 0.8)
      out.push({ startMs: a, endMs: b, loss: long > 0 ? Math.round(r() * 10) / 10 || 0.25 : 0.25 });
    out.push({ startMs: b, endMs: e, loss: 1 });
    t = e + gap();
  }
  return out;
}

describe("mmu's block pruning", () => {
  const windows = [1000, 0.5, 5, 2, 20, 200, 50, 10, 100, 1, 5000];
  it("gives the number every candidate gives, bit for bit, on long random traces (hundreds of blocks)", () => {
    const r = rng(8);
    for (let trial = 0; trial < 12; trial++) {
      // steady, bursty (clusters of back-to-back cycles) and overlapping (rounded times) spacings
      const kind = trial % 3;
      const gap = () =>
        kind === 0 ? 10 + r() * 40 : kind === 1 ? (r() < 0.1 ? 500 * r() : r() * 3) : r() * 30 - 2;
      const intervals = cycles(r, 1500 + Math.floor(r() * 1500), gap);
      const to = Math.max(...intervals.map((iv) => iv.endMs)) + 10;
      const got = mmu(intervals, windows, 0, to);
      for (const [k, w] of windows.entries()) {
        if (w > to) expect(got[k]).toBeNaN();
        else expect(got[k], `trial ${trial}, w ${w}`).toBe(everyCandidate(intervals, w, 0, to));
      }
    }
  });

  it("finds a lone spike wherever it is, for every window (the worst block need not be the shorter window's)", () => {
    const r = rng(3);
    const base = cycles(r, 3000, () => 20 + r() * 10, 0);
    const end = Math.max(...base.map((iv) => iv.endMs));
    for (const at of [0.001, 0.37, 0.999]) {
      // a 30 ms burst of mark work at 90 % and a 4 ms pause 60 ms later, planted at a fraction of the trace in a
      // 200 ms gap (the cycles after it move on by 200 ms; the burst starts 50 ms in, after any phase reaching in)
      const t = at * end;
      const planted = [
        ...base.map((iv) =>
          iv.startMs < t ? iv : { ...iv, startMs: iv.startMs + 200, endMs: iv.endMs + 200 },
        ),
        { startMs: t + 50, endMs: t + 80, loss: 0.9 },
        { startMs: t + 140, endMs: t + 144, loss: 1 },
      ];
      const got = mmu(planted, windows, 0, end + 400);
      for (const [k, w] of windows.entries())
        expect(got[k], `at ${at}, w ${w}`).toBe(everyCandidate(planted, w, 0, end + 400));
      // a 20 ms window inside the burst loses 90 %; without it, far less (pauses under 0.5 ms, marks at 25 %)
      expect(got[windows.indexOf(20)]).toBeCloseTo(0.1, 9);
      expect(mmu(base, [20], 0, end)[0]).toBeGreaterThan(0.3);
    }
  });

  it("a domain narrower than the trace, windows in any order and repeated", () => {
    const r = rng(5);
    const intervals = cycles(r, 2000, () => r() * 25);
    const ws = [50, 2, 50, 7, 2000, 0.3];
    const got = mmu(intervals, ws, 1000, 9000);
    for (const [k, w] of ws.entries()) expect(got[k]).toBe(everyCandidate(intervals, w, 1000, 9000));
  });
});
