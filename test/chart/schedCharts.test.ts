import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { View } from "vega";
import { describe, expect, it } from "vitest";
import {
  booleans,
  goroutineCounts,
  goroutinesByWaitReasonChart,
  leakSignals,
  loadPeriods,
  mainRun,
  numbers,
  perPHeatmapChart,
  perPRunqueue,
  queueDrainChart,
  runQueueChart,
  schedSeries,
} from "../../src";
import {
  countTags,
  drawnMarks,
  expectRenders,
  fixture,
  layerWithMark,
  ROOT,
  rowsOf,
  specShape,
  toView,
} from "./helpers";

// Real captures: tutorial case 1 (GOMAXPROCS=1 under hey load, schedtrace=100), the two-P scheddetail dump,
// case 2 leaking a goroutine per request (scheddetail), and gctrace + schedtrace of the web service in one run.
const CASE1 = "data/case1-schedtrace.log";
const DETAIL = "data/scheddetail.log";
const LEAK = "data/case2-leak-scheddetail.log";
const GC_AND_SCHED = "test/data/go1.19/gctrace-schedtrace-webservice.txt";

interface SceneText {
  x: number;
  y: number;
  width: number;
  text: string;
  bounds: { x1: number; x2: number };
}

/**
 * The spec as JSON would carry it: rendering tags the inline rows with vega's global tuple ids (a Symbol key),
 * which would make a snapshot depend on how many views earlier tests of the file rendered.
 */
/** The drawn items of every mark of type `type` in a rendered view, in layer order. */
function sceneItems(view: View, type: string): SceneText[] {
  const out: SceneText[] = [];
  const walk = (scene: { marktype: string; role?: string; items: unknown[] }) => {
    if (scene.role === "mark" && scene.marktype === type) out.push(...(scene.items as SceneText[]));
    if (scene.marktype !== "group") return;
    for (const item of scene.items as { items?: (typeof scene)[] }[])
      for (const c of item.items ?? []) walk(c);
  };
  walk((view.scenegraph() as unknown as { root: Parameters<typeof walk>[0] }).root);
  return out;
}

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
    expect(specShape(spec)).toMatchSnapshot();
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
    expect(specShape(spec)).toMatchSnapshot();
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

describe("runQueueChart load windows", () => {
  it("runQueueChart shades each load window behind the queues and writes its label above the plot", async () => {
    const { table, perP, series } = await sched(CASE1);
    const load = JSON.parse(readFileSync(join(ROOT, "data/case1-schedtrace.meta.json"), "utf8")).load;
    const loadWindows = [{ startMs: load.startMs, endMs: load.endMs, label: "hey -n 60000 -c 50" }];
    const spec = runQueueChart({ series, perP: perPRunqueue(table, perP), loadWindows });
    const layers = (spec as unknown as { layer: Record<string, unknown>[] }).layer;
    // the band first, so the queues are drawn over it
    expect(layers.map((l) => (l.mark as { type: string }).type)).toEqual(["rect", "text", "area"]);
    expect(rowsOf(layers[0], spec)).toEqual([
      { fromSec: load.startMs / 1000, toSec: load.endMs / 1000, label: "hey -n 60000 -c 50" },
    ]);
    expect(spec.title).toMatchObject({
      subtitle: expect.arrayContaining([expect.stringContaining("load window")]),
    });
    const view = await toView(spec);
    try {
      const band = sceneItems(view, "rect")[0];
      const text = sceneItems(view, "text")[0];
      const x = view.scale("x") as (v: number) => number;
      // the band spans hey's window on the queues' time axis; the label starts at its left edge, at the top
      expect(band.x).toBeCloseTo(x(load.startMs / 1000), 6);
      expect(band.x + band.width).toBeCloseTo(x(load.endMs / 1000), 6);
      expect(text.text).toBe("hey -n 60000 -c 50");
      expect(text.x).toBeCloseTo(x(load.startMs / 1000), 6);
      expect(text.y).toBe(-3); // above the plot, where no queue step can hide it
    } finally {
      view.finalize();
    }
    expect(specShape(spec)).toMatchSnapshot();
  });

  it("runQueueChart rejects a load window that ends before it starts", async () => {
    const { series } = await sched(CASE1);
    expect(() => runQueueChart({ series, loadWindows: [{ startMs: 2, endMs: 1, label: "x" }] })).toThrow(
      /ends before it starts/,
    );
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
    expect(specShape(spec)).toMatchSnapshot();
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
  it("queueDrainChart shades each load period, marks its peak and labels its drain with the sampling bound", async () => {
    const { series } = await sched(CASE1);
    const periods = loadPeriods(series);
    expect(periods.length).toBe(2); // the program's start-up sample and the one hey run
    const spec = queueDrainChart(series, periods);
    const layers = (spec as unknown as { layer: Record<string, unknown>[] }).layer;
    // the start-up label fits to the right of its band; the load's, near the right edge, is written to the left
    expect(
      layers.map(
        (l) => (l.mark as { type: string; align?: string }).align ?? (l.mark as { type: string }).type,
      ),
    ).toEqual(["rect", "rect", "line", "point", "left", "right"]);
    expect(rowsOf(layers[0], spec)).toHaveLength(periods.length);
    const drained = booleans(periods, "drained").filter(Boolean).length;
    expect(rowsOf(layers[1], spec)).toHaveLength(drained);
    expect(rowsOf(layers[2], spec)).toHaveLength(series.length);
    expect((layers[2].encoding as { y: { title: string } }).y.title).toBe("runnable goroutines");
    // the y title fits the plot's height, so the plot starts right under the title
    const view = await toView(spec);
    try {
      expect(view.origin()[1]).toBeLessThan(100); // title, 4 subtitle lines and the labels: about 86 px
    } finally {
      view.finalize();
    }
    const labels = [...rowsOf(layers[4], spec), ...rowsOf(layers[5], spec)];
    expect(labels.map((l) => l.drainSec)).toEqual(
      Array.from(numbers(periods, "lastBusyMs"), (ms) => ms / 1000),
    );
    for (const l of labels) expect(l.label).toMatch(/^drained in [\d.]+ ms ± [\d.]+ ms$/);
    const { items } = await drawnMarks(spec);
    expect(items.rect).toBe(periods.length + drained);
    expect(items.symbol).toBe(periods.length);
    expect(items.text).toBe(2);
    expect(specShape(spec)).toMatchSnapshot();
  });

  it("queueDrainChart labels the largest backlogs without overlapping labels, inside the plot", async () => {
    const { series } = await sched(CASE1);
    // every burst its own period: many drains close together, the case that used to overlap
    const periods = loadPeriods(series, { minGapMs: 0 });
    expect(periods.length).toBeGreaterThan(10);
    const spec = queueDrainChart(series, periods, { labels: 5 });
    const view = await toView(spec);
    try {
      const texts = sceneItems(view, "text");
      expect(texts.length).toBeGreaterThan(1);
      expect(texts.length).toBeLessThanOrEqual(5);
      const boxes = texts.map((t) => t.bounds).sort((a, b) => a.x1 - b.x1);
      for (let i = 1; i < boxes.length; i++) expect(boxes[i].x1).toBeGreaterThanOrEqual(boxes[i - 1].x2);
      for (const b of boxes) {
        expect(b.x1).toBeGreaterThanOrEqual(0);
        expect(b.x2).toBeLessThanOrEqual(view.width());
      }
      // the largest backlog left to drain is always labelled
      const backlog = numbers(periods, "drainFromRunnable");
      const biggest = Array.from(backlog).indexOf(Math.max(...backlog));
      const x = view.scale("x") as (v: number) => number;
      const at = x(numbers(periods, "lastBusyMs")[biggest] / 1000);
      expect(texts.some((t) => Math.abs(t.x - at) < 1e-6)).toBe(true);
    } finally {
      view.finalize();
    }
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
    expect(rowsOf(stacked, spec)).toHaveLength(counts.length);
    expect(detail.title).toMatch(/^chan receive: suspected leak, \+[\d.]+ goroutines\/s, R² 0\.\d\d$/);
    const [points, fit] = (detail as { layer: Record<string, unknown>[] }).layer;
    expect(rowsOf(points, spec).every((r) => r.group === "chan receive")).toBe(true);
    // the fit line is the least-squares line evaluated at the first and last dump
    const ends = rowsOf(fit, spec);
    expect(ends).toHaveLength(2);
    const t = ends[1].timeSec as number;
    // to a hundredth of a goroutine
    expect(ends[1].goroutines).toBeCloseTo(leak.interceptAtZero + leak.slopePerSec * t, 2);
    const { marks, items } = await drawnMarks(spec);
    expect(marks.area).toBe(new Set(rowsOf(stacked, spec).map((r) => r.group)).size);
    expect(items.symbol).toBe(rowsOf(points, spec).length);
    expect(marks.line).toBe(1);
    expect(specShape(spec)).toMatchSnapshot();
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
