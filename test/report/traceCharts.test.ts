import { describe, expect, it } from "vitest";
import { CHART_NAMES, supportedCharts, traceChart, traceCharts } from "../../src";
import { drawnMarks, expectRenders, fixture } from "../chart/helpers";

const GC_CHARTS = ["heap", "alloc-rate", "gc-cpu", "pause-histogram", "pause-ecdf", "mmu", "whatif"];

describe("traceCharts", () => {
  it.each([
    ["data/workload-gogc100.log", GC_CHARTS],
    ["data/case1-schedtrace.log", ["runqueue", "queue-drain", "per-p-heatmap"]],
    ["data/case2-leak-scheddetail.log", ["runqueue", "queue-drain", "per-p-heatmap", "goroutines"]],
    ["data/inittrace.log", ["init"]],
    ["data/gctrace-pacer-scav.log", [...GC_CHARTS, "pacer", "scavenger"]],
    // one gc line beside the scvg lines: no time span for rates or windows
    [
      "test/data/go1.13/blog-freeosmemory-forced-scvg.txt",
      ["heap", "pause-histogram", "pause-ecdf", "mmu", "scavenger"],
    ],
    [
      "test/data/go1.19/gctrace-schedtrace-webservice.txt",
      [...GC_CHARTS, "runqueue", "queue-drain", "per-p-heatmap"],
    ],
    // go1.4: no @ times, so nothing on a time axis; no CPU figures for the what-if model
    ["test/data/go1.4/gctrace-go1.4.2-issue12228.txt", ["heap", "pause-histogram", "pause-ecdf"]],
  ])("supportedCharts(%s) lists what the trace has data for", async (file, expected) => {
    expect(supportedCharts(await fixture(file))).toEqual(expected);
  });

  it("traceCharts builds every supported chart of a real capture and each draws marks without a warning", async () => {
    const trace = await fixture("test/data/go1.19/gctrace-schedtrace-webservice.txt");
    const charts = traceCharts(trace);
    expect(charts.map((c) => c.name)).toEqual(supportedCharts(trace));
    for (const chart of charts) {
      const { warnings } = await expectRenders(chart.spec);
      expect(warnings, chart.name).toEqual([]);
      const { items } = await drawnMarks(chart.spec);
      const drawn = Object.entries(items).reduce((n, [type, k]) => n + (type === "text" ? 0 : k), 0);
      expect(drawn, chart.name).toBeGreaterThan(0);
    }
  });

  it("traceCharts with a list builds only the named charts the trace supports, in report order, as built in full", async () => {
    const trace = await fixture("test/data/go1.19/gctrace-schedtrace-webservice.txt");
    const all = traceCharts(trace);
    const some = traceCharts(trace, ["runqueue", "heap", "init"]);
    expect(some.map((c) => c.name)).toEqual(["heap", "runqueue"]);
    for (const c of some) expect(c.spec).toEqual(all.find((a) => a.name === c.name)?.spec);
  });

  it("traceChart names the charts a trace supports when asked for one it cannot draw", async () => {
    const trace = await fixture("data/inittrace.log");
    expect(() => traceChart(trace, "heap")).toThrow(/has no data for the heap chart; it supports: init$/);
  });

  it("traceChart lists every chart name for an unknown one", async () => {
    const trace = await fixture("data/inittrace.log");
    expect(() => traceChart(trace, "pie")).toThrow(`unknown chart "pie"; charts: ${CHART_NAMES.join(", ")}`);
  });
});
