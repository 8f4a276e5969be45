import { describe, expect, it } from "vitest";
// mulberry32, seeded: the same cases on every run
import { rng } from "../../bench/gen-gctrace";
import { type LossInterval, mmu } from "../../src/analysis/mmu";

/** The MMU by brute force: the lost CPU of a window read by summing the clipped overlap of every interval. */
function bruteMmu(intervals: LossInterval[], w: number, from: number, to: number): number {
  const sorted = [...intervals].sort((a, b) => a.startMs - b.startMs);
  const segs: LossInterval[] = [];
  for (const iv of sorted) {
    const s = segs.length > 0 ? Math.max(iv.startMs, segs[segs.length - 1].endMs) : iv.startMs;
    if (iv.endMs > s) segs.push({ startMs: s, endMs: iv.endMs, loss: iv.loss });
  }
  const lost = (p: number) => {
    let sum = 0;
    for (const g of segs) sum += g.loss * Math.max(0, Math.min(p + w, g.endMs) - Math.max(p, g.startMs));
    return sum;
  };
  // every interval boundary, as the window's start or end, and the domain's ends
  let worst = Math.max(lost(from), lost(to - w));
  for (const g of intervals) {
    for (const b of [g.startMs, g.endMs, g.startMs - w, g.endMs - w]) {
      worst = Math.max(worst, lost(Math.min(Math.max(b, from), to - w)));
    }
  }
  return Math.max(0, 1 - worst / w);
}

describe("mmu's candidate positions", () => {
  it("give the brute-force MMU on random pauses and mark phases, touching, overlapping and apart", () => {
    const r = rng(12);
    for (let trial = 0; trial < 200; trial++) {
      const intervals: LossInterval[] = [];
      let t = r() * 5;
      for (let c = 0; c < 1 + Math.floor(r() * 12); c++) {
        // a cycle: pause, mark phase at a partial rate, pause; sometimes overlapping the previous cycle
        const a = t + r() * 2;
        const b = a + r() * 20;
        const e = b + r() * 2;
        intervals.push({ startMs: t, endMs: a, loss: 1 });
        if (r() < 0.7) intervals.push({ startMs: a, endMs: b, loss: Math.round(r() * 10) / 10 || 0.5 });
        intervals.push({ startMs: b, endMs: e, loss: r() < 0.9 ? 1 : 0.3 });
        t = e + (r() < 0.2 ? -r() * 3 : r() * 30);
      }
      const to = t + 50;
      const windows = [0.5, 1, 2, 5, 10, 25, 60];
      const got = mmu(intervals, windows, 0, to);
      for (const [k, w] of windows.entries()) {
        if (w > to) expect(got[k]).toBeNaN();
        else expect(got[k], `trial ${trial}, w ${w}`).toBeCloseTo(bruteMmu(intervals, w, 0, to), 9);
      }
    }
  });
});
