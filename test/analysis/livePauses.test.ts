/**
 * The pause analysis on a live capture of the bundled workload: the R-7 pause quantiles, the histogram and the
 * MMU computed from the fresh trace, against the runtime's own MemStats pause list printed by the same process.
 * Shares the live-capture infrastructure of test/capture (build with the real Go toolchain, run through capture()).
 */
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { capture, gcPauses, numbers, pauseHistogram, pauseQuantiles, type Trace } from "../../src";
import { mmu, stwIntervals } from "../../src/analysis/mmu";
import { buildExamples } from "../capture/goExamples";

interface Stats {
  numGC: number;
  pauseTotalNs: number;
  pauses: { gc: number; pauseNs: number }[];
}

let trace: Trace;
let stats: Stats;

beforeAll(async () => {
  const bin = buildExamples();
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (c) => chunks.push(c));
  const run = capture({
    command: join(bin, "workload"),
    args: ["-rate", "150", "-live", "20", "-duration", "2s"],
    godebug: "gctrace=1",
    stdout,
  });
  ({ trace } = await run.done);
  stats = JSON.parse(Buffer.concat(chunks).toString("utf8"));
}, 180_000);

/** The largest truncation unit of a printed STW phase (runtime/mgc.go fmtNSAsMS): 1 ms from 10 ms, else 2 digits. */
function unitMs(x: number): number {
  return x >= 10 ? 1 : x >= 1 ? 0.1 : x >= 0.1 ? 0.01 : 0.001;
}

describe("pause analysis of a live capture vs the runtime's MemStats", () => {
  it("every cycle is there, and its pause brackets MemStats.PauseNs", () => {
    const p = gcPauses(trace.tables.gctrace);
    expect(p.length).toBe(stats.numGC);
    expect(stats.numGC).toBeGreaterThan(5);
    const pause = numbers(p, "pauseMs");
    const st = numbers(p, "sweepTermMs");
    const mt = numbers(p, "markTermMs");
    for (let i = 0; i < p.length; i++) {
      const trueMs = stats.pauses[i].pauseNs / 1e6;
      expect(trueMs).toBeGreaterThanOrEqual(pause[i] - 1e-9);
      expect(trueMs).toBeLessThan(pause[i] + unitMs(st[i]) + unitMs(mt[i]));
    }
  });

  it("pauseQuantiles of the trace bracket the R-7 quantiles of MemStats' own pauses", () => {
    const gc = trace.tables.gctrace;
    const printed = pauseQuantiles(numbers(gc, "pauseMs"));
    const truth = pauseQuantiles(stats.pauses.map((x) => x.pauseNs / 1e6));
    // each pause is low by less than its two units, so every order statistic, and R-7's interpolation of
    // neighbouring ones, is low by less than the largest such bound
    const st = numbers(gc, "clockSweepTermMs");
    const mt = numbers(gc, "clockMarkTermMs");
    let slack = 0;
    for (let i = 0; i < gc.length; i++) slack = Math.max(slack, unitMs(st[i]) + unitMs(mt[i]));
    for (const k of ["p50", "p90", "p99", "p999", "max"] as const) {
      expect(truth[k]).toBeGreaterThanOrEqual(printed[k] - 1e-9);
      expect(truth[k]).toBeLessThan(printed[k] + slack);
    }
    expect(truth.totalMs).toBeCloseTo(stats.pauseTotalNs / 1e6, 6);
    expect(truth.totalMs).toBeGreaterThanOrEqual(printed.totalMs - 1e-9);
  });

  it("the histogram counts every live pause and the pause-only MMU is 0 below the longest STW phase", () => {
    const gc = trace.tables.gctrace;
    const h = pauseHistogram(numbers(gc, "pauseMs"));
    expect(numbers(h, "count").reduce((a, b) => a + b, 0)).toBe(stats.numGC);
    const stw = stwIntervals(gc);
    const longest = Math.max(...stw.map((iv) => iv.endMs - iv.startMs));
    const end = Math.max(...stw.map((iv) => iv.endMs));
    const [below, second] = mmu(stw, [longest * 0.9, 1000], 0, end);
    expect(below).toBe(0);
    expect(second).toBeGreaterThan(0.9);
  });
});
