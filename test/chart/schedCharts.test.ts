import { describe, expect, it } from "vitest";
import { goroutineCounts, leakSignals } from "../../src/analysis/goroutines";
import { loadPeriods } from "../../src/analysis/queueDrain";
import { perPRunqueue, schedSeries } from "../../src/analysis/scheduler";
import { booleans, mainRun, numbers } from "../../src/analysis/tables";
import { goroutinesByWaitReasonChart } from "../../src/chart/goroutinesByWaitReasonChart";
import { perPHeatmapChart } from "../../src/chart/perPHeatmapChart";
import { queueDrainChart } from "../../src/chart/queueDrainChart";
import { runQueueChart } from "../../src/chart/runQueueChart";
import { countTags, drawnMarks, expectRenders, fixture, layerWithMark, rowsOf } from "./helpers";

// Real captures: tutorial case 1 (GOMAXPROCS=1 under hey load, schedtrace=100), the two-P scheddetail dump,
// case 2 leaking a goroutine per request (scheddetail), and gctrace + schedtrace of the web service in one run.
const CASE1 = "data/case1-schedtrace.log";
const DETAIL = "data/scheddetail.log";
const LEAK = "data/case2-leak-scheddetail.log";
const GC_AND_SCHED = "test/data/go1.19/gctrace-schedtrace-webservice.txt";

async function sched(file: string) {
  const trace = await fixture(file);
  const table = mainRun(trace.tables.schedtrace);
  const detail = booleans(table, "detail").some(Boolean);
  const perP = detail ? trace.tables.scheddetailP : trace.tables.schedtraceP;
  return { trace, table, perP, series: schedSeries(table, perP) };
}

describe("runQueueChart", () => {
  it("runQueueChart stacks the global queue under each P's local queue, step by schedtrace sample", async () => {
    const { table, perP, series } = await sched(DETAIL);
    const spec = runQueueChart({ series, perP: perPRunqueue(table, perP) });
    const area = layerWithMark(spec, "area");
    expect(area.mark).toMatchObject({ interpolate: "step-after" });
    expect(area.encoding).toMatchObject({
      x: { field: "timeSec", title: "time since program start (s)" },
      y: { field: "runnable", stack: "zero", title: "runnable goroutines" },
      color: { field: "queue", scale: { domain: ["global queue", "P0", "P1"] } },
      order: { field: "order" },
    });
    // one row per sample for the global queue and one per sample and P
    expect(rowsOf(area)).toHaveLength(table.length * 3);
    const { marks } = await drawnMarks(spec);
    expect(marks.area).toBe(3);
    expect(spec).toMatchSnapshot();
  });

  it("runQueueChart draws each GC cycle of the same run as a rule on the run queue's time axis", async () => {
    const { trace, table, perP, series } = await sched(GC_AND_SCHED);
    const gcStartMs = numbers(trace.tables.gctrace, "timeMs");
    expect(gcStartMs.length).toBeGreaterThan(10);
    const spec = runQueueChart({ series, perP: perPRunqueue(table, perP), gcStartMs });
    const rules = layerWithMark(spec, "rule");
    expect(rowsOf(rules).map((r) => r.timeSec)).toEqual(Array.from(gcStartMs, (ms) => ms / 1000));
    expect((rules.encoding as { color: { datum: string } }).color.datum).toBe("GC cycle start");
    const { items, marks } = await drawnMarks(spec);
    expect(items.rule).toBe(gcStartMs.length);
    expect(marks.area).toBe(3);
    // both layers share one x scale: the last GC start lies inside the sampled time range
    const times = rowsOf(layerWithMark(spec, "area")).map((r) => r.timeSec as number);
    expect(Math.max(...gcStartMs) / 1000).toBeLessThanOrEqual(Math.max(...times));
    expect(spec).toMatchSnapshot();
  });

  it("runQueueChart without per-P rows stacks the global queue and the sum of the local queues", async () => {
    const { series } = await sched(CASE1);
    const spec = runQueueChart({ series });
    const area = layerWithMark(spec, "area");
    expect(new Set(rowsOf(area).map((r) => r.queue))).toEqual(
      new Set(["global queue", "local queues (all Ps)"]),
    );
    expect("layer" in spec && spec.layer).toHaveLength(1);
  });
});

describe("perPHeatmapChart", () => {
  it("perPHeatmapChart draws one cell per P and sample, lasting until the next sample", async () => {
    const { table, perP } = await sched(DETAIL);
    const rows = perPRunqueue(table, perP);
    const spec = perPHeatmapChart(rows);
    expect(spec).toMatchObject({
      mark: { type: "rect" },
      encoding: {
        x: { field: "startSec", title: "time since program start (s)" },
        x2: { field: "endSec" },
        y: { field: "p", type: "ordinal", sort: ["P0", "P1"] },
        color: { field: "runqueue", title: "runnable goroutines" },
      },
    });
    const data = rowsOf(spec as unknown as Record<string, unknown>);
    expect(data).toHaveLength(rows.length);
    const first = data.filter((r) => r.p === "P0").slice(0, 2);
    expect(first[0].endSec).toBe(first[1].startSec);
    const { items } = await drawnMarks(spec);
    expect(items.rect).toBe(rows.length);
    expect(spec).toMatchSnapshot();
  });

  it("perPHeatmapChart keeps a readable count scale when every queue is empty", async () => {
    const { table, perP } = await sched(DETAIL);
    const rows = perPRunqueue(table, perP);
    expect(Math.max(...numbers(rows, "runqueue"))).toBe(0); // this capture never queued on a P
    const { warnings, svg } = await expectRenders(perPHeatmapChart(rows));
    expect(warnings).toEqual([]);
    expect(svg).not.toContain("0.000000");
  });
});

describe("queueDrainChart", () => {
  it("queueDrainChart shades each load period, marks its peak and labels the biggest drains with the sampling bound", async () => {
    const { series } = await sched(CASE1);
    const periods = loadPeriods(series);
    expect(periods.length).toBeGreaterThan(3);
    const spec = queueDrainChart(series, periods);
    const layers = (spec as unknown as { layer: Record<string, unknown>[] }).layer;
    expect(layers.map((l) => (l.mark as { type: string }).type)).toEqual([
      "rect",
      "rect",
      "line",
      "point",
      "text",
    ]);
    expect(rowsOf(layers[0])).toHaveLength(periods.length);
    const drained = booleans(periods, "drained").filter(Boolean).length;
    expect(rowsOf(layers[1])).toHaveLength(drained);
    expect(rowsOf(layers[2])).toHaveLength(series.length);
    expect((layers[2].encoding as { y: { title: string } }).y.title).toBe(
      "runnable goroutines (global + local)",
    );
    const labels = rowsOf(layers[4]);
    expect(labels).toHaveLength(3);
    const peaks = Array.from(numbers(periods, "peakRunnable")).sort((a, b) => b - a);
    expect(labels.map((l) => l.peakRunnable)).toEqual(peaks.slice(0, 3));
    for (const l of labels) expect(l.label).toMatch(/^drained in [\d.]+ ms ± [\d.]+ ms$/);
    const { items } = await drawnMarks(spec);
    expect(items.rect).toBe(periods.length + drained);
    expect(items.symbol).toBe(periods.length);
    expect(items.text).toBe(3);
    expect(spec).toMatchSnapshot();
  });
});

describe("goroutinesByWaitReasonChart", () => {
  it("goroutinesByWaitReasonChart stacks goroutines by wait reason and fits the leaking group below", async () => {
    const { trace } = await sched(LEAK);
    const counts = goroutineCounts(mainRun(trace.tables.scheddetailG));
    const leaks = leakSignals(counts);
    const leak = leaks.find((l) => l.suspectedLeak);
    if (leak === undefined) throw new Error("case 2 shows no suspected leak");
    expect(leak.group).toBe("chan receive");
    const spec = goroutinesByWaitReasonChart(counts, leaks);
    const [stacked, detail] = (spec as unknown as { vconcat: Record<string, unknown>[] }).vconcat;
    expect(stacked.mark).toMatchObject({ type: "area" });
    expect(stacked.encoding).toMatchObject({
      x: { field: "timeSec", title: "time since program start (s)" },
      y: { field: "goroutines", stack: "zero", title: "goroutines" },
      color: { field: "group", title: "status / wait reason" },
    });
    expect(rowsOf(stacked)).toHaveLength(counts.length);
    expect(detail.title).toMatch(/^chan receive: suspected leak, \+[\d.]+ goroutines\/s, R² 0\.\d\d$/);
    const [points, fit] = (detail as { layer: Record<string, unknown>[] }).layer;
    expect(rowsOf(points).every((r) => r.group === "chan receive")).toBe(true);
    // the fit line is the least-squares line evaluated at the first and last dump
    const ends = rowsOf(fit);
    expect(ends).toHaveLength(2);
    const t = ends[1].timeSec as number;
    expect(ends[1].goroutines).toBeCloseTo(leak.interceptAtZero + leak.slopePerSec * t, 9);
    const { marks, items } = await drawnMarks(spec);
    expect(marks.area).toBe(new Set(rowsOf(stacked).map((r) => r.group)).size);
    expect(items.symbol).toBe(rowsOf(points).length);
    expect(marks.line).toBe(1);
    expect(spec).toMatchSnapshot();
  });

  it("goroutinesByWaitReasonChart draws only the stacked areas when no group grows", async () => {
    const { trace } = await sched(DETAIL);
    const counts = goroutineCounts(mainRun(trace.tables.scheddetailG));
    const leaks = leakSignals(counts).filter((l) => !l.growing);
    const spec = goroutinesByWaitReasonChart(counts, leaks);
    expect((spec as unknown as { vconcat: unknown[] }).vconcat).toHaveLength(1);
    expect(spec.title).toMatchObject({
      subtitle: expect.arrayContaining([expect.stringContaining("none grows")]),
    });
  });
});

describe("every scheduler chart", () => {
  it("compiles without a vega-lite warning and renders marks to SVG", async () => {
    const c1 = await sched(CASE1);
    const d = await sched(DETAIL);
    const leak = await sched(LEAK);
    const counts = goroutineCounts(mainRun(leak.trace.tables.scheddetailG));
    const specs = [
      runQueueChart({ series: c1.series, perP: perPRunqueue(c1.table, c1.perP) }),
      perPHeatmapChart(perPRunqueue(d.table, d.perP)),
      queueDrainChart(c1.series, loadPeriods(c1.series)),
      goroutinesByWaitReasonChart(counts, leakSignals(counts)),
    ];
    for (const spec of specs) {
      const { warnings, svg } = await expectRenders(spec);
      expect(warnings).toEqual([]);
      expect(countTags(svg, "path") + countTags(svg, "rect")).toBeGreaterThan(5);
    }
  });
});
