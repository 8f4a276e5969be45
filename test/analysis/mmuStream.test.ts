import { describe, expect, it } from "vitest";
// mulberry32, seeded: the same cases on every run
import { rng } from "../../bench/gen-gctrace";
import { SegmentBuilder } from "../../src/analysis/lossSegments";
import { CycleIntervals, type LossInterval, mmu, mmuCurve } from "../../src/analysis/mmu";
import { type IntervalSource, listSource, streamedWorstLoss } from "../../src/analysis/mmuStream";
import { worstLoss } from "../../src/analysis/mmuWorst";
import { numbers } from "../../src/table/columns";
import type { Table } from "../../src/table/table";
import { data } from "./load";

/**
 * The MMU as mmu.ts makes it of a worst loss: 1 − lost/w, 0 below 1e-9. The block search stops once a window is
 * wholly lost (its MMU is 0 whatever else it finds), so only the MMU, not the loss, is the same there.
 */
const utilisation = (lost: number, w: number) => (1 - lost / w < 1e-9 ? 0 : 1 - lost / w);

/** The block search of mmuWorst.ts over SegmentBuilder's segments (held in full): the MMU per window, NaN if too long. */
function blockSearch(intervals: LossInterval[], windows: number[], from: number, to: number): number[] {
  const b = new SegmentBuilder(intervals.length);
  for (const iv of intervals) b.push(iv.startMs, iv.endMs, iv.loss);
  const g = b.finish();
  return windows.map((w) =>
    w > to - from ? Number.NaN : utilisation(worstLoss(g, w, from, to - w, 0).lost, w),
  );
}

/** The streamed search: the MMU per window (undefined: the source is out of time order). */
function streamed(source: IntervalSource, windows: number[], from: number, to: number): number[] | undefined {
  return streamedWorstLoss(source, windows, from, to)?.map((lost, k) => utilisation(lost, windows[k]));
}

function all(source: IntervalSource): LossInterval[] {
  const out: LossInterval[] = [];
  const iv = { startMs: 0, endMs: 0, loss: 0 };
  source.rewind();
  while (source.next(iv)) out.push({ ...iv });
  return out;
}

/** Cycles in time order: pause, maybe a mark phase at a partial rate, pause; touching, empty and far-apart ones. */
function sortedCycles(r: () => number, count: number, gap: () => number): LossInterval[] {
  const out: LossInterval[] = [];
  let t = r() * 5;
  for (let c = 0; c < count; c++) {
    const a = t + (r() < 0.05 ? 0 : r() * (r() < 0.02 ? 8 : 0.5));
    const b = a + r() * 20;
    const e = b + r() * (r() < 0.02 ? 5 : 0.3);
    out.push({ startMs: t, endMs: a, loss: 1 });
    if (r() < 0.8) out.push({ startMs: a, endMs: b, loss: Math.round(r() * 10) / 10 || 0.25 });
    out.push({ startMs: b, endMs: e, loss: r() < 0.9 ? 1 : 0.5 });
    t = e + gap();
  }
  return out;
}

describe("the MMU read in one pass (mmuStream.ts)", () => {
  const windows = [1000, 0.5, 5, 2, 20, 200, 50, 10, 100, 1, 5000, 40_000];

  it("gives the block search's MMU, bit for bit, on long random traces in time order", () => {
    const r = rng(21);
    for (let trial = 0; trial < 12; trial++) {
      // steady, bursty (clusters of back-to-back cycles, long quiet gaps) and touching (no gap) spacings
      const kind = trial % 3;
      const gap = () => (kind === 0 ? 10 + r() * 40 : kind === 1 ? (r() < 0.1 ? 500 * r() : r() * 3) : 0);
      const intervals = sortedCycles(r, 1500 + Math.floor(r() * 1500), gap);
      const source = listSource(intervals);
      const to = Math.max(...intervals.map((iv) => iv.endMs)) + 10;
      for (const from of [0, to / 3]) {
        const got = streamed(source, windows, from, to) ?? [];
        const want = blockSearch(intervals, windows, from, to);
        for (const [k, w] of windows.entries())
          expect(got[k], `trial ${trial}, from ${from}, w ${w}`).toBe(want[k]);
        // the 40 s window spans thousands of segments: the ring grew and kept them
        if (to - from > 40_000) expect(got[windows.indexOf(40_000)]).toBeLessThan(1);
      }
    }
  });

  it("no intervals, one interval, a window as long as the domain", () => {
    expect(streamed(listSource([]), [1, 10], 0, 100)).toEqual([1, 1]);
    const one = [{ startMs: 40, endMs: 45, loss: 1 }];
    expect(streamed(listSource(one), [1, 10, 100, 101], 0, 100)).toEqual(
      blockSearch(one, [1, 10, 100, 101], 0, 100),
    );
  });

  it("says when a source is out of time order (rounded cycles overlapping): mmuCurve sorts those first", () => {
    const iv = (startMs: number, endMs: number) => ({ startMs, endMs, loss: 1 });
    const out = [iv(10, 12), iv(11.5, 13), iv(11, 11.8), iv(20, 21)];
    expect(streamedWorstLoss(listSource(out), [1, 5], 0, 100)).toBeUndefined();
    // equal starts are in order (SegmentBuilder keeps them as they came)
    const ties = [iv(10, 12), iv(10, 11), iv(12, 13)];
    expect(streamed(listSource(ties), [1, 5], 0, 100)).toEqual(blockSearch(ties, [1, 5], 0, 100));
  });

  it.each(["workload-gogc50", "workload-memlimit64", "gctrace-pacer-scav", "webservice-gctrace"])(
    "on the cycles of %s, pauses only and with mark CPU, as mmuCurve reads them",
    (name) => {
      const gc = data(`${name}.log`).tables.gctrace;
      let sorted = 2;
      for (const withMark of [false, true]) {
        const source = new CycleIntervals(gc, withMark);
        const intervals = all(source);
        expect(intervals.length).toBeGreaterThan(2 * 10);
        const from = intervals[0].startMs;
        const to = Math.max(...intervals.map((iv) => iv.endMs));
        const ws = [0.1, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
        const got = streamed(source, ws, from, to);
        // a capture's cycles whose rounded times overlap are out of order: mmuCurve sorts them (blockSearch)
        if (got !== undefined) expect(got).toEqual(blockSearch(intervals, ws, from, to));
        else sorted--;
      }
      expect(sorted).toBeGreaterThan(0);
    },
  );

  it("mmuCurve of cycles out of time order (a cycle's @ time before the previous one's end) sorts them: the same MMU as mmu() of its intervals", () => {
    const gc = data("workload-memlimit64.log").tables.gctrace;
    const time = Float64Array.from(numbers(gc, "timeMs"));
    // the last cycle starts 0.1 ms after the one before it, inside that one's phases: the pass finds it last
    time[time.length - 1] = time[time.length - 2] + 0.1;
    const shifted: Table = { ...gc, columns: { ...gc.columns, timeMs: time } };
    const ws = [1, 2, 5, 10, 20, 50, 100];
    for (const withMark of [false, true]) {
      const source = new CycleIntervals(shifted, withMark);
      expect(streamedWorstLoss(source, ws, 0, 1e9)).toBeUndefined();
      const intervals = all(source);
      const from = Math.min(...intervals.map((iv) => iv.startMs));
      const to = Math.max(...intervals.map((iv) => iv.endMs));
      const want = mmu(intervals, ws, from, to).map((u) => 100 * u);
      const curve = mmuCurve(shifted, { windowsMs: ws });
      expect([...numbers(curve, withMark ? "mmuWithMarkPct" : "mmuPct")]).toEqual(want);
    }
  });
});
