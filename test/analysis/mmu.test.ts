import { describe, expect, it } from "vitest";
import { mmuCurve, numbers } from "../../src";
import { type LossInterval, markIntervals, mmu, stwIntervals } from "../../src/analysis/mmu";
import { data } from "./load";

/** Brute force: slide the window in 0.05 ms steps and integrate the loss exactly over each position. */
function bruteMmu(intervals: LossInterval[], w: number, from: number, to: number): number {
  const lost = (a: number, b: number) =>
    intervals.reduce(
      (s, iv) => s + iv.loss * Math.max(0, Math.min(b, iv.endMs) - Math.max(a, iv.startMs)),
      0,
    );
  let worst = 0;
  for (let s = from; s + w <= to + 1e-9; s += 0.05) worst = Math.max(worst, lost(s, s + w));
  return 1 - worst / w;
}

describe("mmu", () => {
  it("one 10 ms pause in a second: MMU is 0 up to 10 ms, then 1 − 10/w", () => {
    const pause = [{ startMs: 100, endMs: 110, loss: 1 }];
    const [u5, u10, u20, u1000] = mmu(pause, [5, 10, 20, 1000], 0, 1000);
    expect(u5).toBe(0);
    expect(u10).toBe(0);
    expect(u20).toBeCloseTo(0.5, 12);
    expect(u1000).toBeCloseTo(0.99, 12);
    expect(mmu(pause, [2000], 0, 1000)[0]).toBeNaN();
    expect(() => mmu(pause, [0], 0, 1000)).toThrow(/> 0 ms/);
  });

  it("two pauses closer than the window add up; a partial loss counts by its fraction", () => {
    const two = [
      { startMs: 100, endMs: 104, loss: 1 },
      { startMs: 110, endMs: 114, loss: 1 },
    ];
    expect(mmu(two, [14], 0, 1000)[0]).toBeCloseTo(1 - 8 / 14, 12);
    const half = [{ startMs: 0, endMs: 100, loss: 0.5 }];
    expect(mmu(half, [50], 0, 1000)[0]).toBeCloseTo(0.5, 12);
  });

  it("stwIntervals are each cycle's sweep-termination and mark-termination pauses", () => {
    const gc = data("workload-gogc100.log").tables.gctrace;
    const stw = stwIntervals(gc);
    expect(stw.length).toBe(2 * gc.length);
    const t = numbers(gc, "timeMs");
    const c1 = numbers(gc, "clockSweepTermMs");
    const c2 = numbers(gc, "clockMarkMs");
    const c3 = numbers(gc, "clockMarkTermMs");
    expect(stw[0]).toEqual({ startMs: t[0], endMs: t[0] + c1[0], loss: 1 });
    expect(stw[1].startMs).toBeCloseTo(t[0] + c1[0] + c2[0], 9);
    expect(stw[1].endMs - stw[1].startMs).toBeCloseTo(c3[0], 9);
    const total = stw.reduce((s, iv) => s + iv.endMs - iv.startMs, 0);
    expect(total).toBeCloseTo(
      numbers(gc, "pauseMs").reduce((a, b) => a + b, 0),
      6,
    );
  });

  it.each(["workload-gogc50", "workload-memlimit64"])(
    "mmuCurve of %s agrees with a brute-force sliding window, pauses only and with mark CPU",
    (name) => {
      const gc = data(`${name}.log`).tables.gctrace;
      const windows = [2, 20, 200];
      const curve = mmuCurve(gc, { windowsMs: windows });
      const stw = stwIntervals(gc);
      const end = Math.max(...stw.map((iv) => iv.endMs));
      const pct = numbers(curve, "mmuPct");
      const withMark = numbers(curve, "mmuWithMarkPct");
      const all = [...stw, ...markIntervals(gc)];
      windows.forEach((w, k) => {
        // the sampled brute force can only miss the worst position by its 0.05 ms step
        const brute = 100 * bruteMmu(stw, w, 0, end);
        expect(pct[k]).toBeLessThanOrEqual(brute + 1e-6);
        expect(pct[k]).toBeGreaterThan(brute - (100 * 0.05) / w - 1e-6);
        const bruteMark = 100 * bruteMmu(all, w, 0, end);
        expect(withMark[k]).toBeLessThanOrEqual(bruteMark + 1e-6);
        expect(withMark[k]).toBeGreaterThan(bruteMark - (100 * 0.05) / w - 1e-6);
        expect(withMark[k]).toBeLessThanOrEqual(pct[k] + 1e-9);
      });
    },
  );

  it("mmuCurve is 0 for windows within the longest pause, at most 1 − longest/w above it, 1 ms to 1 s by default", () => {
    const gc = data("workload-gogc100.log").tables.gctrace;
    const curve = mmuCurve(gc);
    const w = numbers(curve, "windowMs");
    expect(w[0]).toBe(1);
    expect(w[w.length - 1]).toBe(1000);
    const longest = Math.max(...numbers(gc, "clockSweepTermMs"), ...numbers(gc, "clockMarkTermMs"));
    expect(longest).toBeGreaterThan(1);
    const pct = numbers(curve, "mmuPct");
    for (let k = 0; k < curve.length; k++) {
      if (w[k] <= longest) expect(pct[k]).toBe(0);
      else expect(pct[k]).toBeLessThanOrEqual(100 * (1 - longest / w[k]) + 1e-9);
    }
    expect(pct[curve.length - 1]).toBeGreaterThan(90);
  });
});
