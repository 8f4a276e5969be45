import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { busiestWindow, gcCpuPerCycle, loadTrace } from "../../src";
import { buildReport } from "../../src/report/page";

const DATA = join(__dirname, "..", "..", "data");

describe("busiestWindow", () => {
  it("is null for a trace short enough to draw whole", async () => {
    const trace = await loadTrace(join(DATA, "workload-gogc100.log"));
    expect(busiestWindow(trace)).toBeNull();
  });

  it("with gc cycles: the round-length window with the most GC CPU, checked against every window start", async () => {
    const trace = await loadTrace(join(DATA, "workload-memlimit64.log"));
    const w = busiestWindow(trace, { rows: 8 });
    expect(w).not.toBeNull();
    if (w === null) return;
    const time = trace.num("gctrace", "timeMs");
    const cpu = gcCpuPerCycle(trace).columns.gcCpuMs as Float64Array;
    const n = time.length;
    // the length: the largest of the round lengths that holds at most ~8 cycles at the average rate
    expect([1000, 2000, 5000, 10_000]).toContain(w.lengthMs);
    expect(w.lengthMs).toBeLessThanOrEqual(((time[n - 1] - time[0]) * 8) / n);
    const sum = (from: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) if (time[i] >= from && time[i] < from + w.lengthMs) s += cpu[i];
      return s;
    };
    expect(w.value).toBeCloseTo(sum(w.fromMs), 9);
    expect(w.toMs - w.fromMs).toBe(w.lengthMs);
    expect(w.fromMs % (w.lengthMs / 10)).toBe(0);
    // no window start on the grid does better
    for (let from = 0; from <= time[n - 1]; from += w.lengthMs / 10) {
      expect(sum(from)).toBeLessThanOrEqual(w.value + 1e-9);
    }
    expect(w.measure).toBe("gcCpuMs");
    expect(w.description).toMatch(/^Run 0, \S+ to \S+: the \S+ window with the most GC CPU time/);
  });

  it("with SCHED samples only: the window with the most runnable goroutines lies in the load (tutorial case 1)", async () => {
    const trace = await loadTrace(join(DATA, "case1-schedtrace.log"));
    const meta = JSON.parse(readFileSync(join(DATA, "case1-schedtrace.meta.json"), "utf8"));
    const w = busiestWindow(trace, { rows: 10 });
    expect(w).not.toBeNull();
    if (w === null) return;
    expect(w.measure).toBe("runnable");
    expect(w.value).toBeGreaterThan(0);
    // hey ran from load.startMs to load.endMs after the program started: the queues were there
    expect(w.fromMs).toBeGreaterThanOrEqual(meta.load.startMs - w.lengthMs);
    expect(w.toMs).toBeLessThanOrEqual(meta.load.endMs + w.lengthMs);
    expect(w.description).toContain("the most runnable goroutines waiting");
  });
});

describe("the report's busiest window", () => {
  it("a long trace gets its busiest window's time charts after the whole-run ones, with the why on the page", async () => {
    const trace = await loadTrace(join(DATA, "workload-memlimit64.log"));
    const report = buildReport(trace, { detailRows: 8 });
    expect(report.detail).not.toBeNull();
    const names = report.detail?.charts.map((c) => c.name) ?? [];
    expect(names).toEqual(["heap", "alloc-rate", "gc-cpu"]);
    expect(report.summary).toContain("The busiest window, drawn in detail after the whole-run charts:");
    expect(report.summary).toContain(report.detail?.window.description);
    const sections = [...report.html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]);
    expect(sections.slice(-3)).toEqual(["busiest-heap", "busiest-alloc-rate", "busiest-gc-cpu"]);
    expect(sections.length).toBe(report.charts.length + 3);
    expect(report.html).toContain("Every cycle and sample of the window is drawn.");
  });

  it("a short trace has none", async () => {
    const report = buildReport(await loadTrace(join(DATA, "workload-gogc100.log")));
    expect(report.detail).toBeNull();
    expect(report.html).not.toContain("busiest-");
  });
});
