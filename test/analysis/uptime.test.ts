import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  calibrateGcModel,
  gcCpuPerCycle,
  gcCpuWindows,
  gcPhases,
  headline,
  mmuCurve,
  numbers,
  parseTrace,
  predictGc,
} from "../../src";
import { GC_CPU_MAX_WINDOWS, widenedWindowMs } from "../../src/analysis/gcCpu";
import { UPTIME_DAYS, withUptime } from "../helpers/uptime";
import { DATA } from "./load";

describe("withUptime (test helper)", () => {
  it("withUptime moves gc @ times as the runtime prints them (whole ms, three decimals) and SCHED times", () => {
    expect(withUptime("gc 1 @0.005s 32%: x\nSCHED 1000ms: y\nscav 1 KB\n", 231)).toBe(
      "gc 1 @19958400.005s 32%: x\nSCHED 19958401000ms: y\nscav 1 KB\n",
    );
  });
});

describe("time axes bounded by the data, not the uptime", () => {
  const base = parseTrace(withUptime(readBase(), 0), { file: "up0.log" }).tables.gctrace;
  const baseWindows = gcCpuWindows(base);

  it.each(UPTIME_DAYS.slice(1))(
    "gcCpuWindows of workload-gogc100 after %i days of uptime has the 0-day windows, moved",
    (days) => {
      const gc = parseTrace(withUptime(readBase(), days), { file: `up${days}.log` }).tables.gctrace;
      expect(gc.length).toBe(base.length);
      const w = gcCpuWindows(gc);
      expect(w.length).toBe(baseWindows.length);
      const shift = days * 86_400_000;
      const start = numbers(w, "startMs");
      const baseStart = numbers(baseWindows, "startMs");
      for (let k = 0; k < w.length; k++) expect(start[k]).toBe(baseStart[k] + shift);
      const cpu = numbers(w, "gcCpuMs");
      const baseCpu = numbers(baseWindows, "gcCpuMs");
      // phase boundaries near 2e10 ms carry float rounding of ~1e-6 ms
      for (let k = 0; k < w.length; k++) expect(cpu[k]).toBeCloseTo(baseCpu[k], 4);
    },
  );

  it.each(UPTIME_DAYS.slice(1))("mmuCurve after %i days of uptime equals the 0-day curve", (days) => {
    const gc = parseTrace(withUptime(readBase(), days), { file: `up${days}.log` }).tables.gctrace;
    const moved = numbers(mmuCurve(gc), "mmuPct");
    const fresh = numbers(mmuCurve(base), "mmuPct");
    for (let k = 0; k < fresh.length; k++) expect(moved[k]).toBeCloseTo(fresh[k], 4);
  });

  it("gcCpuWindows widens its windows (1-2-5 steps) when two cycles are 231 days apart, losing no CPU", () => {
    const lines = readBase().split("\n");
    const far = withUptime(lines[lines.length - 2], 231);
    const gc = parseTrace(`${lines[0]}\n${far}\n`, { file: "sparse.log" }).tables.gctrace;
    expect(gc.length).toBe(2);
    const w = gcCpuWindows(gc);
    expect(w.length).toBeLessThanOrEqual(GC_CPU_MAX_WINDOWS);
    expect(w.length).toBeGreaterThan(GC_CPU_MAX_WINDOWS / 10);
    const width = numbers(w, "endMs")[0] - numbers(w, "startMs")[0];
    expect(width).toBe(widenedWindowMs(1000, 231 * 86_400_000 + 6000, GC_CPU_MAX_WINDOWS));
    expect([1, 2, 5].some((m) => Number.isInteger(Math.log10(width / m / 1000)))).toBe(true);
    const total = numbers(w, "gcCpuMs").reduce((a, b) => a + b, 0);
    const perCycle = numbers(gcCpuPerCycle(gc), "gcCpuMs").reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(perCycle, 6);
    expect(numbers(w, "cycles").reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("gcCpuWindows honours maxWindows and rejects a maxWindows below 1", () => {
    expect(gcCpuWindows(base, { windowMs: 10, maxWindows: 50 }).length).toBeLessThanOrEqual(50);
    expect(() => gcCpuWindows(base, { maxWindows: 0 })).toThrow(/maxWindows/);
  });
});

/** The bundled GOGC=100 capture, as the runtime printed it. */
function readBase(): string {
  return readFileSync(join(DATA, "workload-gogc100.log"), "utf8");
}

describe("the tail of a long-running server's log (from gc 27831, after 231 days)", () => {
  it("headline's GC rate covers the cycles seen, not the 231 days before them", () => {
    const lines = readBase().split("\n");
    const tail = lines.slice(5).join("\n");
    const fresh = headline(parseTrace(tail, { file: "tail.log" }));
    const late = headline(parseTrace(withUptime(tail, 231, { gcAdd: 27825 }), { file: "late.log" }));
    expect(late.gc?.durationSec).toBeGreaterThan(4);
    expect(late.gc?.durationSec).toBeCloseTo(fresh.gc?.durationSec ?? Number.NaN, 3);
    expect(late.gc?.gcPerSec).toBeCloseTo(fresh.gc?.gcPerSec ?? Number.NaN, 3);
    // the time before the first cycle seen is the program's only when the trace starts at gc 1
    const fromStart = headline(parseTrace(readBase(), { file: "all.log" }));
    const phases = gcPhases(parseTrace(readBase(), { file: "all.log" }).tables.gctrace);
    expect(fromStart.gc?.durationSec).toBeCloseTo(Math.max(...numbers(phases, "endMs")) / 1000, 6);
  });

  it("whatif on the tail replays the span it saw: the same predictions after 231 days, and the observed GOGC reproduces the observed cycles", () => {
    const tail = readBase().split("\n").slice(5).join("\n");
    const fresh = calibrateGcModel(parseTrace(tail, { file: "tail.log" }));
    const late = calibrateGcModel(parseTrace(withUptime(tail, 231, { gcAdd: 27825 }), { file: "late.log" }));
    expect(late.durationSec).toBeCloseTo(fresh.durationSec, 3);
    expect(late.durationSec).toBeLessThan(10);
    expect(late.observed.gcPerSec).toBeCloseTo(fresh.observed.gcPerSec, 3);
    for (const gogc of [50, 100, 200]) {
      const a = predictGc(fresh, { gogc });
      const b = predictGc(late, { gogc });
      expect(b.gcCount).toBe(a.gcCount);
      expect(b.peakHeapMB).toBeCloseTo(a.peakHeapMB, 3);
      expect(b.gcCpuPct).toBeCloseTo(a.gcCpuPct, 3);
    }
    // at the GOGC it ran with, the replay ends about as many cycles as the tail shows after its first
    const observed = predictGc(late, { gogc: 100 });
    expect(Math.abs(observed.gcCount - (late.gcCount - 1))).toBeLessThanOrEqual(2);
  });
});
