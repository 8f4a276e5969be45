import { describe, expect, test } from "vitest";
import {
  compareLatencyRuns,
  gcHitPlacebo,
  gcHitSummary,
  latencySummary,
  latencyVsRunnable,
  latencyWindows,
  littleCheck,
  numbers,
  requestsHitByGc,
  strings,
} from "../../src";
import { defaultWindowMs } from "../../src/analysis/latency";
import { GC_HIT_CLASSES } from "../../src/analysis/latencyGc";
import { TIME_STEPS_MS } from "../../src/analysis/timeSteps";
import { binsOver } from "../../src/chart/reduce";
import { latencyFixture } from "./latencyFixture";

/** hey's requester/report.go latencies(), line by line (test/table/heyPercentile.test.ts checks the rule against it). */
function heyLoop(sorted: readonly number[], pctls: readonly number[]): number[] {
  const data = new Array<number>(pctls.length).fill(0);
  let j = 0;
  for (let i = 0; i < sorted.length && j < pctls.length; i++) {
    const current = Math.floor((i * 100) / sorted.length);
    if (current >= pctls[j]) {
      data[j] = sorted[i];
      j++;
    }
  }
  return data;
}

describe("latency over the real capture", () => {
  test("the summary counts every request, and its throughput and mean are hey's", async () => {
    const { requests, rows, meta } = await latencyFixture();
    const s = latencySummary(requests);
    expect(s.requests).toBe(rows.length);
    expect(s.requests).toBe(meta.load.requests);
    // the capture's summary (computed from the same rows, in seconds to 0.1 ms as hey prints them)
    expect(s.p50Ms / 1000).toBeCloseTo(meta.load.summary.p50Sec, 4);
    expect(s.p99Ms / 1000).toBeCloseTo(meta.load.summary.p99Sec, 4);
    const lat = rows.map((r) => 1000 * r[0]);
    expect(s.meanMs).toBeCloseTo(lat.reduce((a, b) => a + b, 0) / lat.length, 9);
    expect(s.maxMs).toBeCloseTo(Math.max(...lat), 9);
    const first = Math.min(...rows.map((r) => meta.load.startMs + 1000 * r[7]));
    const last = Math.max(...rows.map((r) => meta.load.startMs + 1000 * (r[7] + r[0])));
    expect(s.fromMs).toBeCloseTo(first, 9);
    expect(s.toMs).toBeCloseTo(last, 9);
    expect(s.throughputPerSec).toBeCloseTo((1000 * rows.length) / (last - first), 6);
    // the load ran inside the window the capture measured around hey
    expect(s.fromMs).toBeGreaterThanOrEqual(meta.load.startMs);
    expect(s.toMs).toBeLessThanOrEqual(meta.load.endMs);
  });

  test("windows cut the requests by start time: each counted once, each window's figures its own requests'", async () => {
    const { requests } = await latencyFixture();
    const time = numbers(requests, "timeMs");
    const lat = numbers(requests, "latencyMs");
    for (const windowMs of [undefined, 10, 50]) {
      const w = latencyWindows(requests, { windowMs });
      const start = numbers(w, "startMs");
      const end = numbers(w, "endMs");
      const width = end[0] - start[0];
      if (windowMs !== undefined) expect(width).toBe(windowMs);
      expect(numbers(w, "requests").reduce((a, b) => a + b, 0)).toBe(requests.length);
      for (let k = 0; k < w.length; k++) {
        expect(start[k] % width).toBe(0);
        const mine = [...lat.keys()]
          .filter((i) => time[i] >= start[k] && time[i] < end[k])
          .map((i) => lat[i]);
        mine.sort((a, b) => a - b);
        expect(numbers(w, "requests")[k]).toBe(mine.length);
        if (mine.length === 0) {
          expect(numbers(w, "p99Ms")[k]).toBeNaN();
          continue;
        }
        expect(numbers(w, "maxMs")[k]).toBe(mine[mine.length - 1]);
        expect(numbers(w, "p99Ms")[k]).toBe(heyLoop(mine, [99])[0] || mine[mine.length - 1]);
        expect(numbers(w, "p50Ms")[k]).toBe(heyLoop(mine, [50])[0] || mine[mine.length - 1]);
      }
    }
    // default: windows of at least 1,000 requests on average
    const d = latencyWindows(requests);
    expect(requests.length / d.length).toBeGreaterThanOrEqual(1000);
    expect(() => latencyWindows(requests, { windowMs: 0 })).toThrow(RangeError);
  });

  test("the default window is the smallest of the charts' round time steps giving ≥ 1,000 requests a window", () => {
    // 10,000 requests over 20 h: 2 h gives 11 windows (909 a window), 3 h — a chart's bin width too — gives 7
    expect(defaultWindowMs(10_000, 0, 20 * 3_600_000)).toBe(3 * 3_600_000);
    expect(binsOver(0, 20 * 3_600_000, 7, "ms").width).toBe(3 * 3_600_000);
    for (const [requests, hours] of [
      [1e3, 1e-4],
      [2e4, 0.001],
      [1e5, 0.5],
      [1e6, 5],
      [5e5, 40],
      [2e6, 24 * 7],
    ]) {
      const toMs = hours * 3_600_000;
      const w = defaultWindowMs(requests, 0, toMs);
      expect(TIME_STEPS_MS).toContain(w);
      // the next smaller step gives more than 200 windows or fewer than 1,000 requests a window on average
      const below = TIME_STEPS_MS[TIME_STEPS_MS.indexOf(w) - 1];
      if (below === undefined) continue;
      const windows = Math.floor(toMs / below) + 1;
      expect(windows > 200 || requests / Math.max(windows, toMs / below) < 1000).toBe(true);
    }
  });

  test("requests hit by GC: every request against every cycle, checked by brute force", async () => {
    const { requests, phases } = await latencyFixture();
    // the capture has GC cycles during the load
    expect(phases.length).toBeGreaterThanOrEqual(10);
    const hits = requestsHitByGc(requests, phases);
    const hit = strings(hits, "hit");
    const a = numbers(phases, "startMs");
    const b = numbers(phases, "sweepTermEndMs");
    const c = numbers(phases, "markTermStartMs");
    const d = numbers(phases, "endMs");
    const time = numbers(requests, "timeMs");
    const lat = numbers(requests, "latencyMs");
    const seen = new Set<string>();
    for (let i = 0; i < requests.length; i++) {
      const s = time[i];
      const e = s + lat[i];
      let want = "no GC";
      for (let g = 0; g < phases.length; g++) {
        const stw = (s <= b[g] && a[g] <= e) || (s <= d[g] && c[g] <= e);
        if (stw) want = "STW pause";
        else if (want === "no GC" && s <= c[g] && b[g] <= e) want = "mark phase";
      }
      expect(hit[i]).toBe(want);
      seen.add(want);
    }
    expect([...seen].sort()).toEqual([...GC_HIT_CLASSES].sort());
    // by start: the request as a point at its start
    const byStart = strings(requestsHitByGc(requests, phases, { match: "start" }), "hit");
    for (let i = 0; i < requests.length; i++) {
      const s = time[i];
      let want = "no GC";
      for (let g = 0; g < phases.length; g++) {
        if ((s >= a[g] && s <= b[g]) || (s >= c[g] && s <= d[g])) want = "STW pause";
        else if (want === "no GC" && s >= b[g] && s <= c[g]) want = "mark phase";
      }
      expect(byStart[i]).toBe(want);
    }
    // moved far away from every cycle, no request is hit
    const away = requestsHitByGc(requests, phases, { shiftMs: 1e7 });
    expect(new Set(strings(away, "hit"))).toEqual(new Set(["no GC"]));
  });

  test("the GC summary splits every request into one class and counts the tail above the p99", async () => {
    const { requests, phases } = await latencyFixture();
    const hits = requestsHitByGc(requests, phases);
    const { classes, tail } = gcHitSummary(hits);
    const all = classes.find((x) => x.hit === "all");
    expect(all?.requests).toBe(requests.length);
    expect(classes.filter((x) => x.hit !== "all").reduce((n, x) => n + x.requests, 0)).toBe(requests.length);
    const lat = numbers(requests, "latencyMs");
    const slow = [...lat.keys()].filter((i) => lat[i] > tail.p99Ms);
    expect(tail.tailRequests).toBe(slow.length);
    const hit = strings(hits, "hit");
    expect(tail.tailHitPct).toBeCloseTo(
      (100 * slow.filter((i) => hit[i] !== "no GC").length) / slow.length,
      9,
    );
    expect(tail.p99ExplainedPct).toBeCloseTo((100 * (tail.p99Ms - tail.p99NoGcMs)) / tail.p99Ms, 9);
    expect(tail.p99Ms).toBe(latencySummary(requests).p99Ms);
  });

  test("the placebo rows repeat the attribution with the requests shifted against the cycles", async () => {
    const { requests, phases } = await latencyFixture();
    const p = gcHitPlacebo(requests, phases);
    const shift = numbers(p, "shiftMs");
    expect(shift[0]).toBe(0);
    expect(p.length).toBe(7);
    expect(numbers(p, "tailHitPct")[0]).toBeCloseTo(
      gcHitSummary(requestsHitByGc(requests, phases)).tail.tailHitPct,
      9,
    );
    const moved = gcHitSummary(requestsHitByGc(requests, phases, { shiftMs: shift[3] })).tail;
    expect(numbers(p, "allHitPct")[3]).toBeCloseTo(moved.allHitPct, 9);
    expect(numbers(gcHitPlacebo(requests, phases, [5]), "shiftMs")).toEqual(Float64Array.from([0, 5]));
  });

  test("Little's law: L = λW is the time-average of requests in flight, at most hey's -c", async () => {
    const { requests, series, meta } = await latencyFixture();
    const l = littleCheck(requests, series, { concurrency: meta.load.concurrency });
    const lat = numbers(requests, "latencyMs");
    const busyMs = lat.reduce((a, b) => a + b, 0);
    // Σ latency / span: the mean number in flight, measured directly
    expect(l.inFlight).toBeCloseTo(busyMs / (l.toMs - l.fromMs), 9);
    expect(l.inFlight).toBeLessThanOrEqual(meta.load.concurrency);
    expect(l.inFlight).toBeGreaterThan(0.5 * meta.load.concurrency);
    const time = numbers(series, "timeMs");
    const inLoad = [...time.keys()].filter((i) => time[i] >= l.fromMs && time[i] < l.toMs);
    expect(l.samples).toBe(inLoad.length);
    expect(l.samples).toBeGreaterThan(0);
    const runnable = numbers(series, "runnable");
    expect(l.meanRunnable).toBeCloseTo(inLoad.reduce((s, i) => s + runnable[i], 0) / inLoad.length, 9);
    expect(l.queueWaitMs).toBeCloseTo((1000 * l.meanRunnable) / l.throughputPerSec, 9);
    // the goroutines wanting a CPU are a part of the requests in flight on one P
    expect(l.wantingCpu).toBeLessThanOrEqual(meta.load.concurrency + 5);
  });

  test("latency against runnable keeps the windows with SCHED samples, with Little's wait per window", async () => {
    const { requests, series } = await latencyFixture();
    const w = latencyWindows(requests, { windowMs: 100 });
    const v = latencyVsRunnable(w, series);
    expect(v.length).toBeGreaterThan(0);
    expect(v.length).toBeLessThanOrEqual(w.length);
    const rate = numbers(v, "throughputPerSec");
    const runnable = numbers(v, "runnable");
    for (const [i, q] of numbers(v, "queueWaitMs").entries())
      expect(q).toBeCloseTo((1000 * runnable[i]) / rate[i], 9);
    for (const s of numbers(v, "samples")) expect(s).toBeGreaterThan(0);
  });

  test("runs compared: one row per run with its own summary and queue figures", async () => {
    const { requests, series } = await latencyFixture();
    const half = { ...requests, name: "half" };
    const t = compareLatencyRuns([
      { label: "with queues", requests, series },
      { label: "latency only", requests: half, gomaxprocs: 4 },
    ]);
    expect(strings(t, "label")).toEqual(["with queues", "latency only"]);
    const s = latencySummary(requests);
    expect(numbers(t, "p99Ms")[0]).toBe(s.p99Ms);
    expect(numbers(t, "gomaxprocs")).toEqual(Float64Array.from([1, 4]));
    expect(numbers(t, "meanRunnable")[0]).toBeCloseTo(littleCheck(requests, series).meanRunnable, 9);
    expect(numbers(t, "meanRunnable")[1]).toBeNaN();
  });
});
