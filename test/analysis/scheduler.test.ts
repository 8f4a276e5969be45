import { describe, expect, it } from "vitest";
import {
  booleans,
  goroutineCounts,
  leakSignals,
  loadPeriods,
  numbers,
  perPRunqueue,
  schedSeries,
  schedSummary,
  strings,
  type Trace,
} from "../../src";
import { defaultMinGapMs, MIN_GAP_FLOOR_MS, MIN_GAP_SAMPLES } from "../../src/analysis/queueDrain";
import { CORPUS, data, fixture, meta } from "./load";

function series(trace: Trace) {
  const detail = booleans(trace.tables.schedtrace, "detail").some(Boolean);
  return schedSeries(trace.tables.schedtrace, detail ? trace.tables.scheddetailP : trace.tables.schedtraceP);
}

describe("scheduler", () => {
  it("schedSeries: runnable = global + local queues; imbalance and starvation from the per-P list (go1.9, 40 Ps)", () => {
    const trace = fixture(`${CORPUS}/thinkboy-go-notes_go1.9_schedtrace_40P.txt`);
    const s = series(trace);
    expect(s.length).toBe(1);
    const perP = numbers(trace.tables.schedtraceP, "runqueue");
    expect(perP.length).toBe(40);
    expect(numbers(s, "runnable")[0]).toBe(
      numbers(trace.tables.schedtrace, "runqueue")[0] + perP.reduce((a, b) => a + b, 0),
    );
    expect(numbers(s, "maxLocal")[0]).toBe(Math.max(...perP));
    expect(numbers(s, "imbalance")[0]).toBe(Math.max(...perP) - Math.min(...perP));
    const idle = numbers(s, "idleprocs")[0];
    expect(numbers(s, "starving")[0]).toBe(idle > 0 && numbers(s, "runnable")[0] > 0 ? 1 : 0);
  });

  it("schedSeries reads the P lines' runqsize and schedtick under a scheddetail header", () => {
    const trace = data("scheddetail.log");
    const s = series(trace);
    const p = trace.tables.scheddetailP;
    // the first dump's P lines follow the first header
    const line = numbers(trace.tables.schedtrace, "line");
    const pLine = numbers(p, "line");
    const first = Array.from(pLine).filter((l) => l > line[0] && l < line[1]).length;
    expect(first).toBe(numbers(s, "gomaxprocs")[0]);
    const ticks = numbers(p, "schedtick");
    expect(numbers(s, "schedticks")[0]).toBe(ticks[0] + ticks[1]);
    const heat = perPRunqueue(trace.tables.schedtrace, p);
    expect(heat.length).toBe(p.length);
    expect(new Set(numbers(heat, "p")).size).toBe(2);
  });

  it("schedSummary measures the real sampling interval and the thread growth", () => {
    const s = schedSummary(series(data("case1-schedtrace.log")));
    // schedtrace=100: sysmon prints when ≥ 100 ms passed, so samples come a little later than asked
    expect(s.sampleIntervalMs).toBeGreaterThanOrEqual(100);
    expect(s.sampleIntervalMs).toBeLessThan(115);
    expect(s.gomaxprocs).toBe(meta("case1-schedtrace").gomaxprocs);
    expect(s.threadsMax).toBeGreaterThanOrEqual(s.threadsFirst);
    expect(s.maxRunnable).toBeGreaterThan(40);
    // one P: an idle P and waiting goroutines cannot coexist at a sample
    expect(s.starvingSamples).toBe(0);
  });

  for (const capture of ["case1-schedtrace", "case2-leak-schedtrace"]) {
    it(`loadPeriods finds one period for the one hey run of ${capture}, matching hey's window, drained after it`, () => {
      const s = series(data(`${capture}.log`));
      const load = meta(capture).load;
      if (load === null) throw new Error(`${capture} has a load`);
      const step = schedSummary(s).sampleIntervalMs;
      const totalMs = 1000 * load.summary.totalSec;
      const p = loadPeriods(s);
      const start = numbers(p, "startMs");
      const lastBusy = numbers(p, "lastBusyMs");
      const empty = numbers(p, "emptyMs");
      // exactly one period overlaps hey's window; any other is the program's start-up (SCHED 0ms), before it
      const during = [...start.keys()].filter((i) => empty[i] > load.startMs && start[i] < load.endMs);
      expect(during).toHaveLength(1);
      const k = during[0];
      for (let i = 0; i < p.length; i++) if (i !== k) expect(empty[i]).toBeLessThan(load.startMs);
      // hey's startMs is taken as hey is launched: its first requests follow hey's own start-up, and the first
      // busy snapshot comes at most one sampling interval after them
      expect(start[k]).toBeGreaterThan(load.startMs);
      expect(start[k]).toBeLessThan(load.startMs + 2 * step);
      // the load ends before hey exits (endMs includes hey's report): the queues are seen empty by then, and
      // the period lasts about as long as hey measured its run (the last requests of a closed loop do not queue)
      expect(empty[k]).toBeLessThan(load.endMs + step);
      expect(empty[k] - start[k]).toBeGreaterThan(0.9 * totalMs);
      expect(empty[k] - start[k]).toBeLessThan(totalMs + 2 * step);
      // the drain is measured after the real end of the load: no busy sample follows the period
      const time = numbers(s, "timeMs");
      const runnable = numbers(s, "runnable");
      for (let i = 0; i < s.length; i++) if (time[i] >= empty[k]) expect(runnable[i]).toBe(0);
      expect(booleans(p, "drained")[k]).toBe(true);
      const from = numbers(p, "drainFromMs")[k];
      const drainMs = numbers(p, "drainMs")[k];
      const err = numbers(p, "drainErrMs")[k];
      // the true drain end is in (lastBusy, empty]: drainMs ± drainErrMs covers exactly that interval
      expect(drainMs - err).toBeCloseTo(lastBusy[k] - from, 9);
      expect(drainMs + err).toBeCloseTo(empty[k] - from, 9);
      expect(err).toBeLessThanOrEqual(step);
      // the descent starts within the period, at a sample whose queue is the backlog drained
      expect(from).toBeGreaterThanOrEqual(start[k]);
      expect(numbers(p, "drainFromRunnable")[k]).toBe(runnable[Array.from(time).indexOf(from)]);
      expect(numbers(p, "drainRatePerSec")[k]).toBeCloseTo(
        (1000 * numbers(p, "drainFromRunnable")[k]) / drainMs,
        9,
      );
      // Little's L is the mean over every sample of the period, the empty ones inside it included
      const inside = [...time.keys()].filter((i) => time[i] >= start[k] && time[i] <= lastBusy[k]);
      expect(numbers(p, "samples")[k]).toBe(inside.length);
      expect(numbers(p, "busySamples")[k]).toBe(inside.filter((i) => runnable[i] > 0).length);
      expect(numbers(p, "busySamples")[k]).toBeLessThan(inside.length);
      expect(numbers(p, "meanRunnable")[k]).toBeCloseTo(
        inside.reduce((a, i) => a + runnable[i], 0) / inside.length,
        9,
      );
    });
  }

  it("loadPeriods' default minGapMs is several sampling intervals and at least a second", () => {
    expect(defaultMinGapMs(100)).toBe(MIN_GAP_FLOOR_MS);
    expect(defaultMinGapMs(1000)).toBe(MIN_GAP_SAMPLES * 1000);
    expect(defaultMinGapMs(Number.NaN)).toBe(MIN_GAP_FLOOR_MS);
  });

  it("loadPeriods with minGapMs 0 splits case 1 at every empty sample; merging keeps the same busy samples", () => {
    const s = series(data("case1-schedtrace.log"));
    const split = loadPeriods(s, { minGapMs: 0 });
    const merged = loadPeriods(s);
    expect(split.length).toBeGreaterThan(10);
    expect(merged.length).toBeLessThan(split.length);
    const sum = (t: typeof split, c: string) => numbers(t, c).reduce((a, b) => a + b, 0);
    expect(sum(merged, "busySamples")).toBe(sum(split, "busySamples"));
    // split periods have no empty sample inside
    expect(Array.from(numbers(split, "samples"))).toEqual(Array.from(numbers(split, "busySamples")));
    // a gap of exactly minGapMs splits, a shorter one merges
    const time = numbers(s, "timeMs");
    const gapAfterStartup = time[Array.from(numbers(s, "runnable")).findIndex((r, i) => i > 0 && r > 0)];
    expect(loadPeriods(s, { minGapMs: gapAfterStartup }).length).toBe(2);
    expect(loadPeriods(s, { minGapMs: gapAfterStartup + 1 }).length).toBe(1);
  });

  it("loadPeriods' minPeriodMs drops periods shorter than it; negative options throw", () => {
    const s = series(data("case1-schedtrace.log"));
    const long = loadPeriods(s, { minPeriodMs: 1 });
    expect(long.length).toBe(1);
    expect(numbers(long, "startMs")[0]).toBeGreaterThan(0);
    expect(() => loadPeriods(s, { minGapMs: -1 })).toThrow(/minGapMs/);
  });

  it("loadPeriods' thresholdRunnable keeps only the periods above it", () => {
    const s = series(data("case1-schedtrace.log"));
    const all = loadPeriods(s, { minGapMs: 0 });
    const big = loadPeriods(s, { thresholdRunnable: 20, minGapMs: 0 });
    expect(big.length).toBeGreaterThan(0);
    expect(big.length).toBeLessThan(all.length);
    for (const x of numbers(big, "peakRunnable")) expect(x).toBeGreaterThan(20);
  });

  it("loadPeriods applies Little's law with the schedtick throughput when scheddetail prints it", () => {
    const s = series(data("case2-leak-scheddetail.log"));
    const p = loadPeriods(s);
    expect(p.length).toBeGreaterThan(0);
    const lambda = numbers(p, "throughputPerSec");
    const L = numbers(p, "meanRunnable");
    const W = numbers(p, "littleWaitMs");
    for (let i = 0; i < p.length; i++) {
      expect(lambda[i]).toBeGreaterThan(0);
      expect(W[i]).toBeCloseTo((1000 * L[i]) / lambda[i], 9);
    }
    // without schedticks (go1.19 summary lines) there is no throughput, so no estimate
    expect(numbers(loadPeriods(series(data("case1-schedtrace.log"))), "littleWaitMs")[1]).toBeNaN();
  });
});

describe("goroutines", () => {
  it("goroutineCounts: every dump has every group and the counts add up to the G lines of the dump", () => {
    const trace = data("case2-leak-scheddetail.log");
    const g = trace.tables.scheddetailG;
    const c = goroutineCounts(g);
    const time = numbers(c, "timeMs");
    const groups = new Set(strings(c, "group"));
    const dumps = new Set(time);
    expect(c.length).toBe(groups.size * dumps.size);
    const firstDump = time[0];
    const total = Array.from(numbers(c, "count"))
      .filter((_, r) => time[r] === firstDump)
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(Array.from(numbers(g, "timeMs")).filter((t) => t === firstDump).length);
    // by status: waiting goroutines are one group
    const byStatus = new Set(strings(goroutineCounts(g, "status"), "group"));
    expect(byStatus.has("waiting")).toBe(true);
    expect(byStatus.has("chan receive")).toBe(false);
  });

  it("leakSignals finds case 2's leak: chan receive grows by one per request and stays after the load", () => {
    const m = meta("case2-leak-scheddetail");
    if (m.load === null) throw new Error("case2 has a load");
    const c = goroutineCounts(data("case2-leak-scheddetail.log").tables.scheddetailG);
    const signals = leakSignals(c, { loadEndMs: m.load.endMs });
    const leak = signals[0];
    expect(leak.group).toBe("chan receive");
    expect(leak.suspectedLeak).toBe(true);
    expect(leak.r2).toBeGreaterThan(0.9);
    expect(leak.staysAfterLoad).toBe(true);
    // hey sent 800 requests, each leaking one goroutine blocked on a channel receive
    expect(leak.peak - leak.first).toBeGreaterThanOrEqual(800);
    expect(leak.peak - leak.first).toBeLessThan(805);
    // hey ran at 2 × 80 requests/s
    expect(leak.slopePerSec).toBeGreaterThan(100);
    expect(leak.slopePerSec).toBeLessThan(170);
    expect(signals.filter((s) => s.suspectedLeak).map((s) => s.group)).toEqual(["chan receive"]);
  });

  it("leakSignals flags nothing in the web service without the leak (dead goroutines on the free list are not a leak)", () => {
    const c = goroutineCounts(data("scheddetail.log").tables.scheddetailG);
    const signals = leakSignals(c);
    expect(signals.some((s) => s.suspectedLeak)).toBe(false);
    const dead = signals.find((s) => s.group === "dead");
    expect(dead?.slopePerSec).toBeGreaterThan(0);
    expect(dead?.growing).toBe(false);
  });
});
