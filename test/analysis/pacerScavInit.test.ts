import { describe, expect, it } from "vitest";
import { initSummary, numbers, pacerCycles, scavengerSeries, strings } from "../../src";
import { CORPUS, data, fixture, memstats } from "./load";

describe("pacer", () => {
  it("pacerCycles (new pacer): 25 % expected, and ∆goal agrees with gctrace's heap at the end of mark − goal", () => {
    const trace = data("gctrace-pacer-scav.log");
    const p = pacerCycles(trace.tables.gcpacertrace);
    const marks = strings(trace.tables.gcpacertrace, "event").filter((e) => e === "mark").length;
    expect(p.length).toBe(marks);
    for (const x of numbers(p, "cpuExpectedPct")) expect(x).toBe(25);
    const gc = trace.tables.gctrace;
    const gcNum = Array.from(numbers(gc, "gcNum"));
    const h1 = numbers(gc, "heapEndMB");
    const goal = numbers(gc, "heapGoalMB");
    const pg = numbers(p, "gcNum");
    const delta = numbers(p, "deltaGoalMB");
    let checked = 0;
    for (let r = 0; r < p.length; r++) {
      const i = gcNum.indexOf(pg[r]);
      if (i < 0) continue;
      // runtime/mgcpacer.go endCycle: ∆goal = heapLive − lastHeapGoal in bytes; gctrace prints both >> 20
      expect(Math.abs(delta[r] - (h1[i] - goal[i]))).toBeLessThan(1.01);
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
    const over = numbers(p, "cpuOverExpected");
    expect(over[1]).toBeCloseTo(numbers(p, "cpuPct")[1] / 25, 12);
  });

  it("pacerCycles (old pacer, go1.7): utilisation from u_a/u_g and ∆goal = H_a − H_g", () => {
    const trace = fixture(`${CORPUS}/ardanlabs-gotraining_go1.7_gctrace-gcpacertrace.txt`);
    const p = pacerCycles(trace.tables.gcpacertrace);
    expect(p.length).toBeGreaterThan(0);
    const raw = trace.tables.gcpacertrace;
    const r = strings(raw, "event").indexOf("mark");
    expect(numbers(p, "cpuPct")[0]).toBeCloseTo(100 * numbers(raw, "utilActual")[r], 9);
    expect(numbers(p, "cpuExpectedPct")[0]).toBeCloseTo(100 * numbers(raw, "utilGoal")[r], 9);
    expect(numbers(p, "deltaGoalMB")[0]).toBeCloseTo(
      (numbers(raw, "actualBytes")[r] - numbers(raw, "goalBytes")[r]) / 2 ** 20,
      9,
    );
    expect(numbers(p, "workExpectedMB")[0]).toBeNaN();
  });
});

describe("scavenger", () => {
  it("scavengerSeries (go1.19 scav lines): releasedMB is the work, heapReleasedMB the total, forced marked", () => {
    const trace = data("gctrace-pacer-scav.log");
    const s = scavengerSeries(trace.tables.scavtrace);
    const raw = trace.tables.scavtrace;
    expect(s.length).toBe(raw.length);
    const work = numbers(raw, "workKiB");
    const released = numbers(s, "releasedMB");
    let sum = 0;
    for (let r = 0; r < s.length; r++) {
      expect(released[r]).toBeCloseTo(work[r] / 1024, 12);
      sum += work[r] / 1024;
    }
    expect(numbers(s, "releasedTotalMB")[s.length - 1]).toBeCloseTo(sum, 9);
    expect(numbers(s, "heapReleasedMB")[0]).toBeCloseTo(numbers(raw, "totalKiB")[0] / 1024, 12);
    // FreeOSMemory every 2 s: each forced scav line follows a forced gc
    const forced = numbers(s, "forced").reduce((a, b) => a + b, 0);
    expect(forced).toBe(memstats("gctrace-pacer-scav").numForcedGC);
    expect(numbers(s, "retainedMB")[0]).toBeNaN();
  });

  it("scavengerSeries (go1.10 scvg lines): retained = consumed = sys − released", () => {
    const trace = fixture(`${CORPUS}/vogo-learning-go_go1.10_gctrace-scvg_4P.txt`);
    const s = scavengerSeries(trace.tables.scavtrace);
    const raw = trace.tables.scavtrace;
    const summaries = strings(raw, "event").filter((e) => e === "summary").length;
    expect(s.length).toBeGreaterThanOrEqual(summaries);
    const retained = Array.from(numbers(s, "retainedMB")).filter(Number.isFinite);
    expect(retained.length).toBe(summaries);
    expect(retained[0]).toBe(427);
  });
});

describe("init", () => {
  it("initSummary totals the package inits and lists the slowest first (web service capture)", () => {
    const trace = data("inittrace.log");
    const t = trace.tables.inittrace;
    const s = initSummary(t, 5);
    expect(s.packages).toBe(t.length);
    expect(s.totalClockMs).toBeCloseTo(
      numbers(t, "clockMs").reduce((a, b) => a + b, 0),
      9,
    );
    expect(s.totalBytes).toBe(numbers(t, "bytes").reduce((a, b) => a + b, 0));
    expect(s.totalAllocs).toBe(numbers(t, "allocs").reduce((a, b) => a + b, 0));
    expect(s.slowest.length).toBe(5);
    expect(s.slowest[0].clockMs).toBe(Math.max(...numbers(t, "clockMs")));
    for (let k = 1; k < 5; k++) expect(s.slowest[k].clockMs).toBeLessThanOrEqual(s.slowest[k - 1].clockMs);
    expect(s.spanMs).toBeGreaterThanOrEqual(s.slowest[0].clockMs);
  });

  it("initSummary of the go1.16 commit example: unicode is the slowest init and allocates the most", () => {
    const s = initSummary(
      fixture(`${CORPUS}/golang-go-commit-7c58ef7_go1.16dev_inittrace.txt`).tables.inittrace,
    );
    expect(s.packages).toBe(7);
    expect(s.slowest[0]).toMatchObject({ pkg: "unicode", clockMs: 0.11, bytes: 23328, allocs: 24 });
    expect(s.totalAllocs).toBe(27);
    // from internal/bytealg's start (0.008 ms) to unicode's end (0.44 + 0.11 ms)
    expect(s.spanMs).toBeCloseTo(0.55 - 0.008, 9);
  });
});
