import { describe, expect, it } from "vitest";
import { compareRuns, compareText, headline, numbers, strings, summaryText } from "../../src";
import { fmt } from "../../src/report/format";
import { data, fixture, memstats, REPO } from "../analysis/load";

describe("headline", () => {
  it("sums up a gctrace capture: cycles, the runtime's gcPct, pauses, heap, effective GOGC", () => {
    const h = headline(data("workload-gogc200.log"));
    const ms = memstats("workload-gogc200");
    if (h.gc === null) throw new Error("gctrace present");
    expect(h.gc.cycles).toBe(ms.numGC);
    expect(h.gc.procs).toBe(ms.gomaxprocs);
    expect(h.gc.runtimeGcPct).toBe(2);
    expect(h.gc.gcCpuPct).toBeGreaterThanOrEqual(2 - 0.5);
    expect(h.gc.gcCpuPct).toBeLessThan(3 + 0.5);
    expect(Math.abs(h.gc.inferredGogc - ms.gogc)).toBeLessThan(10);
    expect(h.gc.pauses.max).toBeCloseTo(Math.max(...ms.pauses.map((p) => p.pauseNs / 1e6)), 0);
    expect(h.sched).toBeNull();
    expect(h.goroutines).toBeNull();
    expect(h.init).toBeNull();
  });

  it("sums up the busiest run by default, or the run asked for (go run: the program's own run is the last)", () => {
    const trace = fixture(`${REPO}/test/data/go1.19/gctrace-gorun.txt`);
    expect(trace.runs).toBeGreaterThan(10);
    const busiest = headline(trace);
    // the go command's own process ran longest and printed the most gc lines
    expect(busiest.gc?.forcedCycles).toBe(0);
    const program = headline(trace, { run: trace.runs - 1 });
    // the program forces its last cycles with runtime.GC (the fixture's last gc line is cut off: malformed)
    expect(program.gc?.forcedCycles).toBeGreaterThan(0);
    expect(program.gc?.cycles).toBeLessThan(busiest.gc?.cycles ?? 0);
    expect(
      headline(data("case2-leak-scheddetail.log")).goroutines?.suspectedLeaks?.map((l) => l.group),
    ).toEqual(["chan receive"]);
  });
});

describe("compareRuns", () => {
  it("GOGC 100 vs 200: b − a and the relative change for each figure both runs have", () => {
    const a = headline(data("workload-gogc100.log"));
    const b = headline(data("workload-gogc200.log"));
    const t = compareRuns(a, b);
    const figure = strings(t, "figure");
    const i = figure.indexOf("gc cycles");
    expect(numbers(t, "a")[i]).toBe(28);
    expect(numbers(t, "b")[i]).toBe(15);
    expect(numbers(t, "diff")[i]).toBe(-13);
    expect(numbers(t, "diffPct")[i]).toBeCloseTo((-13 / 28) * 100, 9);
    // no scheduler figures: neither run has schedtrace
    expect(figure).not.toContain("runnable goroutines (max)");
    expect(figure).toContain("peak heap");
  });

  it("case 1 vs case 2: the leaking service queues more goroutines", () => {
    const t = compareRuns(
      headline(data("case1-schedtrace.log")),
      headline(data("case2-leak-schedtrace.log")),
    );
    const i = strings(t, "figure").indexOf("runnable goroutines (mean)");
    expect(numbers(t, "b")[i]).toBeGreaterThan(numbers(t, "a")[i]);
    expect(strings(t, "figure")).not.toContain("gc cycles");
  });
});

describe("summaryText", () => {
  it("prints each kind the trace holds with units and methods", () => {
    const text = summaryText(headline(data("gctrace-pacer-scav.log")));
    expect(text).toMatch(/^GC: 36 cycles in [\d.]+ s \([\d.]+\/s\), GOMAXPROCS 2, 2 forced$/m);
    expect(text).toContain("pauses (R-7 quantiles)");
    expect(text).toContain("without idle marking");
    expect(text).toMatch(/^Pacer: \d+ end-of-mark reports/m);
    expect(text).toMatch(/^Scavenger: 38 lines/m);
    expect(text).not.toContain("Scheduler:");
    expect(summaryText(headline(data("case1-schedtrace.log")))).toMatch(
      /longest drain [\d.]+ ± [\d.]+ ms \(sampling bound\)/,
    );
    expect(summaryText(headline(data("inittrace.log")))).toMatch(/^Init: 73 packages/m);
  });

  it("compareText aligns the columns and signs the change", () => {
    const text = compareText(
      compareRuns(headline(data("workload-gogc100.log")), headline(data("workload-gogc200.log"))),
      "GOGC=100",
      "GOGC=200",
    );
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^figure +GOGC=100 +GOGC=200 +b − a +change$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(text).toMatch(/gc cycles \(count\) +28 +15 +-13 +-46 %/);
  });

  it("fmt keeps three significant digits and shows missing values as –", () => {
    expect(fmt(0.08452)).toBe("0.0845");
    expect(fmt(1234.6)).toBe("1235");
    expect(fmt(Number.NaN)).toBe("–");
    expect(fmt(undefined)).toBe("–");
    expect(fmt(Number.POSITIVE_INFINITY)).toBe("∞");
  });
});
