import { describe, expect, it } from "vitest";
// mulberry32, seeded: the same cases on every run
import { rng } from "../../bench/gen-gctrace";
import {
  goroutineCounts,
  goroutinesByWaitReasonChart,
  heapCycles,
  heapTimelineChart,
  mainRun,
  max,
  numbers,
  pacerCycles,
  parseTrace,
  pauseEcdf,
  pauseEcdfChart,
  pauseHistogram,
  pauseHistogramChart,
  pauseQuantiles,
  runQueueChart,
  schedSeries,
  traceChart,
  traceCharts,
} from "../../src";
import { niceStep } from "../../src/analysis/pauses";
import {
  binCounts,
  binLabel,
  binOf,
  binStats,
  binStatsBy,
  binsOver,
  needsReduction,
  thinSteps,
} from "../../src/chart/reduce";
import { repeatedCapture, repeatedGctrace, repeatedSchedtrace } from "./bigTraces";
import { datasetsOf, drawnMarks, expectRenders, layerWithMark, rowsOf } from "./helpers";

describe("binsOver", () => {
  it("binsOver picks the smallest clock step that keeps at most maxBins bins", () => {
    // an hour: 3,600,000 ms in at most 320 bins -> 15 s (12 s would be 300 but is not a clock step; 10 s gives 361)
    expect(binsOver(0, 3_600_000, 320, "ms")).toEqual({ from: 0, width: 15_000, count: 241 });
    expect(binLabel(binsOver(0, 3_600_000, 320, "ms"), "ms")).toBe("15 s");
    expect(binLabel(binsOver(0, 86_400_000 * 30, 320, "ms"), "ms")).toBe("3 h");
    expect(binLabel(binsOver(0, 500, 320, "ms"), "ms")).toBe("2 ms");
    // counts: 1-2-5 steps of whole cycles
    expect(binsOver(1, 1_000_000, 320, "count")).toMatchObject({ from: 0, width: 5000 });
    expect(binsOver(1, 100, 320, "count")).toMatchObject({ from: 1, width: 1, count: 100 });
  });

  it("binsOver starts at a multiple of the width and covers both ends, never more than maxBins bins", () => {
    for (const [lo, hi, max] of [
      [7, 7, 1],
      [999, 1001, 2],
      [12_345, 987_654, 320],
      [0, 1_000, 10],
      [1_000, 2_000, 10],
    ]) {
      const b = binsOver(lo, hi, max, "ms");
      expect(b.count).toBeLessThanOrEqual(max);
      expect(b.from % b.width).toBe(0);
      expect(b.from).toBeLessThanOrEqual(lo);
      expect(b.from + b.count * b.width).toBeGreaterThan(hi);
      expect(binOf(b, lo)).toBe(0);
      expect(binOf(b, hi)).toBe(b.count - 1);
    }
    expect(() => binsOver(Number.NaN, 1, 10, "ms")).toThrow(/no finite range/);
  });
});

describe("binStats", () => {
  it("a planted 50 ms pause among a million 0.1 ms ones survives as its bin's exact max", () => {
    const n = 1_000_000;
    const timeMs = Float64Array.from({ length: n }, (_, i) => i * 250); // a cycle every 250 ms
    const pauseMs = new Float64Array(n).fill(0.1);
    const spike = Math.floor(rng(8)() * n);
    pauseMs[spike] = 50;
    const bins = binsOver(timeMs[0], timeMs[n - 1], 320, "ms");
    const st = binStats(bins, timeMs, pauseMs);
    const k = binOf(bins, timeMs[spike]);
    expect(st.max[k]).toBe(50);
    expect(st.maxRow[k]).toBe(spike);
    expect(st.min[k]).toBe(0.1);
    // the mean of its bin: one 50 among the bin's other 0.1 ms pauses
    expect(st.mean[k]).toBeCloseTo((50 + 0.1 * (st.n[k] - 1)) / st.n[k], 12);
    for (let j = 0; j < bins.count; j++) if (j !== k) expect(st.max[j]).toBe(0.1);
    expect(st.n.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it("binStats counts rows at the range's edges and on bin boundaries into the right bins", () => {
    const bins = { from: 0, width: 10, count: 3 }; // [0,10) [10,20) [20,30)
    const x = [0, 9.999, 10, 19, 20, 29.5, 30, -0.001, 31, Number.NaN];
    const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const st = binStats(bins, x, y);
    // 30 is the range's end (from + count·width): the last bin; -0.001 and 31 are outside and skipped
    expect(Array.from(st.n)).toEqual([2, 2, 3]);
    expect(Array.from(st.min)).toEqual([1, 3, 5]);
    expect(Array.from(st.max)).toEqual([2, 4, 7]);
    expect(Array.from(st.last)).toEqual([2, 4, 7]);
    expect(Array.from(binCounts(bins, x))).toEqual([2, 2, 3]);
  });

  it("binStats leaves empty bins empty and skips rows whose value is not finite", () => {
    const st = binStats(
      { from: 0, width: 1, count: 3 },
      [0.5, 2.5, 2.6],
      [Number.NaN, 4, Number.POSITIVE_INFINITY],
    );
    expect(Array.from(st.n)).toEqual([0, 0, 1]);
    expect(st.mean[0]).toBeNaN();
    expect(st.maxRow[0]).toBe(-1);
    expect(st.max[2]).toBe(4);
  });

  it("binStatsBy gives each group the statistics binStats gives that group's rows alone", () => {
    const r = rng(3);
    const n = 5000;
    const x = Float64Array.from({ length: n }, () => Math.floor(r() * 10_000));
    const y = Float64Array.from({ length: n }, () => Math.floor(r() * 100));
    const key = Float64Array.from({ length: n }, () => Math.floor(r() * 4));
    const bins = binsOver(0, 10_000, 50, "ms");
    const all = binStatsBy(bins, x, y, key, [0, 1, 2, 3]);
    for (const g of [0, 1, 2, 3]) {
      const mine = (_: number, i: number) => key[i] === g;
      const alone = binStats(bins, x.filter(mine), y.filter(mine));
      const grouped = all.get(g);
      expect(Array.from(grouped?.n ?? [])).toEqual(Array.from(alone.n));
      expect(Array.from(grouped?.max ?? [])).toEqual(Array.from(alone.max));
      expect(Array.from(grouped?.min ?? [])).toEqual(Array.from(alone.min));
      expect(Array.from(grouped?.mean ?? [])).toEqual(Array.from(alone.mean));
    }
  });
});

describe("thinSteps", () => {
  it("thinSteps keeps a step curve within half a pixel of every dropped point, first and last kept", () => {
    const r = rng(5);
    const values = Float64Array.from({ length: 200_000 }, () => Math.round(r() ** 4 * 50_000) / 1000).sort();
    const ecdf = pauseEcdf(values);
    const x = numbers(ecdf, "pauseMs");
    const y = numbers(ecdf, "fraction");
    const kept = thinSteps(x, y, 640, 240);
    expect(kept.length).toBeLessThan(2 * (640 + 240));
    expect(kept.length).toBeLessThan(x.length / 5);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(x.length - 1);
    const dx = (x[x.length - 1] - x[0]) / (2 * 640);
    const dy = (y[y.length - 1] - y[0]) / (2 * 240);
    // each dropped point is within (dx, dy) of the kept point the step is drawn from
    let j = 0;
    for (let i = 0; i < x.length; i++) {
      while (j + 1 < kept.length && kept[j + 1] <= i) j++;
      expect(x[i] - x[kept[j]]).toBeLessThan(dx + 1e-12);
      expect(y[i] - y[kept[j]]).toBeLessThan(dy + 1e-12);
    }
  });
});

describe("reduced charts", () => {
  it("needsReduction reduces only a series with more points than pixels across", () => {
    expect(needsReduction(640, 640)).toBe(false);
    expect(needsReduction(641, 640)).toBe(true);
  });

  it("heapTimelineChart of exactly as many cycles as pixels draws every cycle; one more is binned", () => {
    const trace = parseTrace(repeatedGctrace(641));
    const all = heapCycles(mainRun(trace.tables.gctrace));
    const first640 = heapCycles(mainRun(parseTrace(repeatedGctrace(640)).tables.gctrace));
    expect(rowsOf(layerWithMark(heapTimelineChart(first640), "line"))).toHaveLength(4 * 640);
    const binned = heapTimelineChart(all);
    expect(rowsOf(layerWithMark(binned, "area")).length).toBeLessThanOrEqual(4 * 320);
    expect((binned.title as { subtitle: string[] }).subtitle.join(" ")).toMatch(
      /641 cycles in bins of 500 ms; band: min to max, line: mean/,
    );
  });

  it("a reduced heap chart keeps a planted 9000 MiB heap as its bin's exact max, and says what a point is", async () => {
    const line = 123_457;
    const text = repeatedGctrace(200_000, { line, from: /\d+->(\d+)->(\d+) MB/, to: "50->9000->$2 MB" });
    const gc = mainRun(parseTrace(text).tables.gctrace);
    const cycles = heapCycles(gc);
    const spec = heapTimelineChart(cycles);
    const rows = datasetsOf(spec).heap;
    expect(rows.length).toBeLessThanOrEqual(4 * 320);
    const atEnd = rows.filter((r) => r.series === "at mark end");
    const top = atEnd.reduce((a, b) => ((b.max as number) > (a.max as number) ? b : a));
    expect(top.max).toBe(9000);
    const tSec = numbers(gc, "timeMs")[line - 1] / 1000;
    expect(tSec).toBeGreaterThanOrEqual(top.from as number);
    expect(tSec).toBeLessThan(top.to as number);
    // every other bin's max is a real capture's value (at most 110 MiB at mark end)
    expect(atEnd.filter((r) => r !== top).every((r) => (r.max as number) <= 110)).toBe(true);
    expect((spec.title as { subtitle: string[] }).subtitle.join(" ")).toMatch(
      /200,000 cycles in bins of \d+ (s|min)/,
    );
    const { warnings, svg } = await expectRenders(spec);
    expect(warnings).toEqual([]);
    expect(svg.length).toBeLessThan(300_000);
  });

  it("a planted 50 ms pause among 100k real sub-ms ones is the histogram's last bin, drawn, and the ECDF's end", async () => {
    const text = repeatedGctrace(100_000, {
      line: 54_321,
      // the clock triple: sweep termination 0.020 ms, mark 5.9 ms, mark termination 50 ms
      from: /^(\d+%: )[^ ]+/,
      to: "$1 0.020+5.9+50".replace(" ", ""),
    });
    const trace = parseTrace(text);
    expect(trace.counts.malformed).toBe(0);
    const pauses = numbers(mainRun(trace.tables.gctrace), "pauseMs");
    expect(max(pauses)).toBeCloseTo(50.02, 9);
    const q = pauseQuantiles(pauses);
    const hist = pauseHistogram(pauses, { binWidthMs: niceStep(max(pauses) / 30) });
    const histogram = pauseHistogramChart(hist, q);
    const bins = rowsOf(layerWithMark(histogram, "rect"));
    expect(bins.at(-1)).toMatchObject({ count: 1 });
    expect(bins.reduce((s, r) => s + (r.count as number), 0)).toBe(100_000);
    expect(layerWithMark(histogram, "rect").encoding).toMatchObject({ y: { scale: { type: "symlog" } } });
    const { items } = await drawnMarks(histogram);
    expect(items.rect).toBe(bins.length);
    const ecdf = pauseEcdfChart(pauseEcdf(pauses), q);
    const steps = rowsOf(layerWithMark(ecdf, "line"));
    expect(steps.at(-1)).toEqual({ pauseMs: 50.02, sharePct: 100 });
    expect(steps.length).toBeLessThan(1000);
  });

  it("the pacer, scavenger and goroutine charts of long repeated captures bin their cycles, lines and dumps", async () => {
    const pacerScav = parseTrace(repeatedCapture("data/gctrace-pacer-scav.log", 20));
    const pacer = traceChart(pacerScav, "pacer").spec;
    const scav = traceChart(pacerScav, "scavenger").spec;
    const leak = parseTrace(repeatedCapture("data/case2-leak-scheddetail.log", 15));
    expect(leak.counts.malformed).toBe(0);
    const goroutines = goroutinesByWaitReasonChart(goroutineCounts(mainRun(leak.tables.scheddetailG)), [], {
      width: 200,
    });
    for (const [spec, noun] of [
      [pacer, "cycles"],
      [scav, "lines"],
      [goroutines, "dumps"],
    ] as const) {
      const subtitle = (spec.title as { subtitle: string[] }).subtitle.join(" ");
      expect(subtitle).toMatch(new RegExp(`[\\d,]+ ${noun} in bins of `));
      const { warnings } = await expectRenders(spec);
      expect(warnings).toEqual([]);
    }
    // 20 copies of 36 cycles = 720 > 640: binned by whole cycles, each series' max over its bin kept
    const util = datasetsOf(pacer).util;
    const cpu = numbers(pacerCycles(mainRun(pacerScav.tables.gcpacertrace)), "cpuPct");
    expect(
      Math.max(...util.filter((r) => r.series === "pacer's % CPU during mark").map((r) => r.max as number)),
    ).toBe(Math.round(max(cpu) * 100) / 100);
    // the goroutine counts: per bin each group's mean, stacked; the groups all there
    const counts = datasetsOf(goroutines).counts;
    expect(new Set(counts.map((r) => r.group)).size).toBeGreaterThan(2);
    expect(counts.length).toBeLessThanOrEqual(100 * new Set(counts.map((r) => r.group)).size);
  });

  it("a reduced run-queue chart stacks per-bin means under the busiest sample and counts GC starts per bin", async () => {
    const sched = parseTrace(repeatedSchedtrace(3000, 8));
    const series = schedSeries(sched.tables.schedtrace);
    const gcStartMs = numbers(parseTrace(repeatedGctrace(1500)).tables.gctrace, "timeMs");
    const spec = runQueueChart({
      series,
      gcStartMs,
      loadWindows: [{ startMs: 20_000, endMs: 40_000, label: "hey" }],
    });
    const sets = datasetsOf(spec);
    // without per-P rows: the global queue and the locals' sum, one row each per bin with a sample
    expect(new Set(sets.queues.map((r) => r.queue))).toEqual(
      new Set(["global queue", "local queues (all Ps)"]),
    );
    expect(sets.queues.length).toBe(2 * sets.most.length);
    expect(sets.most.length).toBeLessThanOrEqual(320);
    // the dark line is each bin's busiest sample; the highest of them is the trace's busiest
    expect(Math.max(...sets.most.map((r) => r.runnable as number))).toBe(max(numbers(series, "runnable")));
    // every GC start falls in one bin's count
    expect(sets.gc.reduce((n, r) => n + (r.cycles as number), 0)).toBe(gcStartMs.length);
    expect(sets.windows).toEqual([{ fromSec: 20, toSec: 40, label: "hey" }]);
    expect((spec.title as { subtitle: string[] }).subtitle.join(" ")).toMatch(
      /red ticks on top: bins with GC starts.*3,000 samples in bins of/,
    );
    const { warnings } = await expectRenders(spec);
    expect(warnings).toEqual([]);
  });

  it("every chart of 200k generated gc lines and 20k SCHED lines (8 Ps) stays small and renders without a warning", async () => {
    const gc = parseTrace(repeatedGctrace(200_000));
    const sched = parseTrace(repeatedSchedtrace(20_000, 8));
    const charts = [
      ...["heap", "alloc-rate", "gc-cpu", "pause-histogram", "pause-ecdf"].map((n) => traceChart(gc, n)),
      ...traceCharts(sched),
    ];
    expect(charts.map((c) => c.name)).toContain("per-p-heatmap");
    for (const chart of charts) {
      const json = JSON.stringify(chart.spec);
      expect(json.length, chart.name).toBeLessThan(250_000);
      const { warnings, svg } = await expectRenders(chart.spec);
      expect(warnings, chart.name).toEqual([]);
      expect(svg.length, chart.name).toBeLessThan(1_000_000);
    }
  });
});
