/**
 * Every analysis on every real trace we hold (the corpus, test/data/, data/): nothing throws, per-cycle tables
 * keep one row per gc line, and the summary text renders. Old formats lack fields; the analyses must say NaN,
 * not crash.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  booleans,
  gcCpuPerCycle,
  gcCpuWindows,
  gcPauses,
  goroutineCounts,
  headline,
  heapCycles,
  initSummary,
  leakSignals,
  loadPeriods,
  mainRun,
  mmuCurve,
  numbers,
  pacerCycles,
  pauseEcdf,
  pauseHistogram,
  pauseQuantiles,
  scavengerSeries,
  schedSeries,
  summaryText,
  type Trace,
} from "../../src";
import { CORPUS, DATA, data, fixture, REPO } from "./load";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const TRACES: [string, () => Trace][] = [
  ...files(CORPUS)
    .filter((f) => f.endsWith(".txt"))
    .map((f): [string, () => Trace] => [f.slice(CORPUS.length + 1), () => fixture(f)]),
  ...files(join(REPO, "test", "data"))
    .filter((f) => f.endsWith(".txt"))
    .map((f): [string, () => Trace] => [f.slice(REPO.length + 1), () => fixture(f)]),
  ...readdirSync(DATA)
    .filter((f) => f.endsWith(".log"))
    .map((f): [string, () => Trace] => [`data/${f}`, () => data(f)]),
];

describe("every analysis on every real trace", () => {
  it("holds the corpus, the fixtures and the captures", () => {
    expect(TRACES.length).toBeGreaterThan(30);
  });

  it.each(TRACES)("%s", (_name, load) => {
    const trace = load();
    const gc = mainRun(trace.tables.gctrace);
    for (const t of [gcCpuPerCycle(gc), heapCycles(gc), gcPauses(gc)]) expect(t.length).toBe(gc.length);
    const q = pauseQuantiles(numbers(gc, "pauseMs"));
    expect(q.count).toBeLessThanOrEqual(gc.length);
    expect(numbers(pauseHistogram(numbers(gc, "pauseMs")), "count").reduce((a, b) => a + b, 0)).toBe(q.count);
    expect(pauseEcdf(numbers(gc, "pauseMs")).length).toBeLessThanOrEqual(q.count);
    if (Number.isFinite(numbers(gc, "timeMs")[0])) {
      for (const x of numbers(mmuCurve(gc), "mmuPct"))
        if (!Number.isNaN(x)) expect(x).toBeGreaterThanOrEqual(0);
      for (const x of numbers(gcCpuWindows(gc), "gcCpuPct"))
        expect(Number.isFinite(x) || Number.isNaN(x)).toBe(true);
    }
    const sched = mainRun(trace.tables.schedtrace);
    if (sched.length > 0) {
      const detail = booleans(sched, "detail").some(Boolean);
      const s = schedSeries(sched, detail ? trace.tables.scheddetailP : trace.tables.schedtraceP);
      expect(s.length).toBe(sched.length);
      loadPeriods(s);
    }
    const g = mainRun(trace.tables.scheddetailG);
    if (g.length > 0) leakSignals(goroutineCounts(g));
    pacerCycles(mainRun(trace.tables.gcpacertrace));
    scavengerSeries(mainRun(trace.tables.scavtrace));
    initSummary(mainRun(trace.tables.inittrace));
    const text = summaryText(headline(trace));
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/undefined|\[object/);
  });
});
