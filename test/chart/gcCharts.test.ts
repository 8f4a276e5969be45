import { describe, expect, it } from "vitest";
import {
  allocRateChart,
  booleans,
  calibrateGcModel,
  gcCpuChart,
  gcCpuWindows,
  heapCycles,
  heapTimelineChart,
  mainRun,
  mmuChart,
  mmuCurve,
  numbers,
  pauseEcdf,
  pauseEcdfChart,
  pauseHistogram,
  pauseHistogramChart,
  pauseQuantiles,
  predictGc,
  whatIfChart,
} from "../../src";
import { VEGA_LITE_SCHEMA } from "../../src/chart/spec";
import { WHATIF_GOGC } from "../../src/report/traceCharts";
import { countTags, drawnMarks, expectRenders, fixture, layerWithMark, rowsOf, specShape } from "./helpers";

// Real captures: the bundled workload at GOGC=100 (28 cycles) and the pacer/scavenger run with forced cycles.
const WORKLOAD = "data/workload-gogc100.log";
const FORCED = "data/gctrace-pacer-scav.log";

async function gc(file: string) {
  return mainRun((await fixture(file)).tables.gctrace);
}

describe("heapTimelineChart", () => {
  it("heapTimelineChart draws start/end/live/goal per cycle against time, goal dashed, in MiB", async () => {
    const table = await gc(FORCED);
    const spec = heapTimelineChart(heapCycles(table));
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    const lines = layerWithMark(spec, "line");
    const enc = lines.encoding as Record<
      string,
      { field?: string; title?: string; scale?: { range: unknown[] } }
    >;
    expect(enc.x.field).toBe("timeSec");
    expect(enc.x.title).toBe("time since program start (s)");
    expect(enc.y).toMatchObject({ field: "heapMB", title: "heap (MiB)" });
    expect(enc.color.field).toBe("series");
    expect(enc.strokeDash.scale?.range).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [4, 3],
      [1, 0],
    ]);
    expect(rowsOf(lines)).toHaveLength(4 * table.length);
    expect(
      rowsOf(lines)
        .filter((r) => r.series === "goal")
        .map((r) => r.heapMB),
    ).toEqual(Array.from(numbers(table, "heapGoalMB")));
    expect(specShape(spec)).toMatchSnapshot();
  });

  it("heapTimelineChart marks each forced cycle with a rule and draws them", async () => {
    const table = await gc(FORCED);
    const forced = booleans(table, "forced").filter(Boolean).length;
    expect(forced).toBeGreaterThan(0);
    const spec = heapTimelineChart(heapCycles(table));
    expect(rowsOf(layerWithMark(spec, "rule"))).toHaveLength(forced);
    const { items, marks } = await drawnMarks(spec);
    expect(items.rule).toBe(forced);
    expect(marks.line).toBe(4); // one line per series
    expect(items.line).toBe(4 * table.length);
    expect(items.symbol).toBe(4 * table.length);
  });

  it("heapTimelineChart leaves out the forced-cycle rule and legend entry when no cycle was forced", async () => {
    const spec = heapTimelineChart(heapCycles(await gc(WORKLOAD)));
    expect("layer" in spec && spec.layer).toHaveLength(1);
    const enc = layerWithMark(spec, "line").encoding as { color: { scale: { domain: string[] } } };
    expect(enc.color.scale.domain).not.toContain("forced cycle");
  });

  it("heapTimelineChart falls back to the cycle number for go1.4 lines without an @ time", async () => {
    const table = await gc("test/data/go1.4/gctrace-go1.4.2-issue12228.txt");
    expect(table.length).toBeGreaterThan(0);
    const spec = heapTimelineChart(heapCycles(table));
    const enc = layerWithMark(spec, "line").encoding as Record<string, { field?: string; title?: string }>;
    expect(enc.x).toMatchObject({ field: "gcNum", title: "GC cycle" });
    const { warnings, svg } = await expectRenders(spec);
    expect(warnings).toEqual([]);
    expect(countTags(svg, "path")).toBeGreaterThan(4);
  });
});

describe("gcCpuChart", () => {
  it("gcCpuChart draws one bar per window beside the cumulative and the runtime's gc % lines", async () => {
    const table = await gc(WORKLOAD);
    const windows = gcCpuWindows(table);
    const spec = gcCpuChart(windows);
    const bars = layerWithMark(spec, "rect");
    expect(rowsOf(bars)).toHaveLength(windows.length);
    const enc = bars.encoding as Record<string, { field?: string; title?: string }>;
    expect(enc.x).toMatchObject({ field: "startSec", title: "time since program start (s)" });
    expect(enc.x2.field).toBe("endSec");
    expect(enc.y.title).toBe("GC CPU (% of wall time × GOMAXPROCS)");
    const lines = rowsOf(layerWithMark(spec, "line"));
    expect(new Set(lines.map((r) => r.series))).toEqual(
      new Set(["cumulative since start (ours)", "runtime's gc % (cumulative, truncated)"]),
    );
    // the last window's runtime figure is the last gc % the runtime printed
    const gcPct = numbers(table, "gcPct");
    expect(lines.filter((r) => String(r.series).startsWith("runtime")).at(-1)?.pct).toBe(
      gcPct[gcPct.length - 1],
    );
    const { items, marks } = await drawnMarks(spec);
    expect(items.rect).toBe(windows.length);
    expect(marks.line).toBe(2);
    expect(items.line).toBe(lines.filter((r) => r.pct !== null).length);
    expect(specShape(spec)).toMatchSnapshot();
  });
});

describe("pause charts", () => {
  it("pauseHistogramChart bins every cycle's pause and rules p50, p90, p99 and max in ms", async () => {
    const pauses = numbers(await gc(WORKLOAD), "pauseMs");
    const q = pauseQuantiles(pauses);
    const hist = pauseHistogram(pauses, { binWidthMs: 0.1 });
    const spec = pauseHistogramChart(hist, q);
    const bars = layerWithMark(spec, "rect");
    expect((bars.encoding as { x: { title: string } }).x.title).toBe("STW pause per cycle (ms)");
    expect(rowsOf(bars).reduce((s, r) => s + (r.count as number), 0)).toBe(pauses.length);
    const rules = rowsOf(layerWithMark(spec, "rule"));
    expect(rules.map((r) => String(r.label).split(" ")[0])).toEqual(["p50", "p90", "p99", "max"]);
    expect(rules.map((r) => r.pauseMs)).toEqual([q.p50, q.p90, q.p99, q.max]);
    expect(spec.title).toMatchObject({ subtitle: expect.arrayContaining([expect.stringContaining("R-7")]) });
    const { items } = await drawnMarks(spec);
    expect(items.rect).toBe(hist.length);
    expect(items.rule).toBe(4);
    expect(items.text).toBe(4);
    expect(specShape(spec)).toMatchSnapshot();
  });

  it("pauseEcdfChart steps from 0 % to 100 % of cycles over the pause axis", async () => {
    const pauses = numbers(await gc(WORKLOAD), "pauseMs");
    const ecdf = pauseEcdf(pauses);
    const spec = pauseEcdfChart(ecdf, pauseQuantiles(pauses));
    const line = layerWithMark(spec, "line");
    expect(line.mark).toMatchObject({ interpolate: "step-after" });
    const rows = rowsOf(line);
    expect(rows).toHaveLength(ecdf.length + 1);
    expect(rows[0].sharePct).toBe(0);
    expect(rows.at(-1)?.sharePct).toBe(100);
    expect(line.encoding).toMatchObject({
      x: { field: "pauseMs", title: "STW pause per cycle (ms)" },
      y: { field: "sharePct", title: "cycles with pause ≤ x (%)", scale: { domain: [0, 100] } },
    });
    const { items, marks } = await drawnMarks(spec);
    expect(marks.line).toBe(1);
    expect(items.line).toBe(rows.length);
    expect(items.rule).toBe(4);
    expect(specShape(spec)).toMatchSnapshot();
  });
});

describe("mmuChart", () => {
  it("mmuChart draws both MMU curves on a log window axis from 1 ms to 1 s, 0–100 %", async () => {
    const mmu = mmuCurve(await gc(WORKLOAD));
    const spec = mmuChart(mmu);
    expect(spec).toMatchObject({
      mark: { type: "line" },
      encoding: {
        x: { field: "windowMs", title: "window (ms, log scale)", scale: { type: "log" } },
        y: { field: "mmuPct", title: "minimum mutator utilisation (%)", scale: { domain: [0, 100] } },
        color: { field: "series" },
      },
    });
    const rows = rowsOf(spec as unknown as Record<string, unknown>);
    expect(rows).toHaveLength(2 * mmu.length);
    expect(rows[0].windowMs).toBe(1);
    expect(rows.at(-1)?.windowMs).toBe(1000);
    const { items, marks } = await drawnMarks(spec);
    expect(marks.line).toBe(2);
    expect(items.symbol).toBe(2 * mmu.length);
    expect(specShape(spec)).toMatchSnapshot();
  });
});

describe("allocRateChart", () => {
  it("allocRateChart plots MiB/s per cycle, between cycles and end to end", async () => {
    const table = await gc(WORKLOAD);
    const spec = allocRateChart(heapCycles(table));
    expect(spec).toMatchObject({
      encoding: {
        x: { field: "timeSec", title: "time since program start (s)" },
        y: { field: "rateMBPerSec", title: "allocation rate (MiB/s)" },
      },
    });
    const rows = rowsOf(spec as unknown as Record<string, unknown>);
    expect(rows).toHaveLength(2 * table.length);
    // the first cycle has no previous one: no rate (null, which vega-lite leaves out)
    expect(rows[0].rateMBPerSec).toBeNull();
    const { warnings, svg } = await expectRenders(spec);
    expect(warnings).toEqual([]);
    expect(countTags(svg, "path")).toBeGreaterThan(2 * table.length);
    expect(specShape(spec)).toMatchSnapshot();
  });
});

describe("whatIfChart", () => {
  it("whatIfChart draws GC/s and peak heap against GOGC with the trace's own point marked", async () => {
    const model = calibrateGcModel(await gc(WORKLOAD));
    const predictions = WHATIF_GOGC.map((gogc) => predictGc(model, { gogc }));
    const observed = {
      gogc: model.observedGogc,
      gcPerSec: model.observed.gcPerSec,
      peakHeapMB: model.observed.peakHeapMB,
    };
    const spec = whatIfChart(predictions, observed);
    expect("hconcat" in spec && spec.hconcat).toHaveLength(2);
    const panels = (spec as unknown as { hconcat: { layer: Record<string, unknown>[] }[] }).hconcat;
    const titles = panels.map((p) => (p.layer[0].encoding as { y: { title: string } }).y.title);
    expect(titles).toEqual(["GC cycles per second", "peak heap (MiB)"]);
    const x = (panels[0].layer[0].encoding as { x: { title: string; scale: { type?: string } } }).x;
    expect(x.title).toBe("GOGC (%, log scale)");
    expect(rowsOf(panels[0].layer[0], spec)).toHaveLength(WHATIF_GOGC.length);
    // the model's figures to a thousandth of a cycle per second and a tenth of a MiB
    expect(rowsOf(panels[0].layer[1], spec)).toEqual([
      {
        gogc: observed.gogc,
        gcPerSec: Math.round(observed.gcPerSec * 1000) / 1000,
        peakHeapMB: Math.round(observed.peakHeapMB * 10) / 10,
        label: `observed (GOGC=${observed.gogc})`,
      },
    ]);
    const { items, marks } = await drawnMarks(spec);
    expect(marks.line).toBe(2);
    expect(items.symbol).toBe(2 * WHATIF_GOGC.length + 2); // curve points + the two observed diamonds
    expect(items.text).toBeUndefined(); // the runs are named in a legend, not by text beside the points
    expect(specShape(spec)).toMatchSnapshot();
  });

  it("whatIfChart leaves GOGC=off out of the curves", async () => {
    const model = calibrateGcModel(await gc(WORKLOAD));
    const predictions = [predictGc(model, { gogc: 100 }), predictGc(model, { gogc: "off" })];
    const spec = whatIfChart(predictions, { gogc: 100, gcPerSec: 1, peakHeapMB: 1 });
    const panels = (spec as unknown as { hconcat: { layer: Record<string, unknown>[] }[] }).hconcat;
    expect(rowsOf(panels[0].layer[0], spec).map((r) => r.gogc)).toEqual([100]);
  });
});

describe("every GC chart", () => {
  it("compiles without a vega-lite warning and renders marks to SVG", async () => {
    const table = await gc(FORCED);
    const pauses = numbers(table, "pauseMs");
    const q = pauseQuantiles(pauses);
    const model = calibrateGcModel(table);
    const specs = [
      heapTimelineChart(heapCycles(table)),
      gcCpuChart(gcCpuWindows(table)),
      pauseHistogramChart(pauseHistogram(pauses), q),
      pauseEcdfChart(pauseEcdf(pauses), q),
      mmuChart(mmuCurve(table)),
      allocRateChart(heapCycles(table)),
      whatIfChart([predictGc(model, { gogc: 50 }), predictGc(model, { gogc: 200 })], {
        gogc: model.observedGogc,
        gcPerSec: model.observed.gcPerSec,
        peakHeapMB: model.observed.peakHeapMB,
      }),
    ];
    for (const spec of specs) {
      const { warnings, svg } = await expectRenders(spec);
      expect(warnings).toEqual([]);
      expect(svg.startsWith("<svg")).toBe(true);
      expect(countTags(svg, "path") + countTags(svg, "rect")).toBeGreaterThan(5);
    }
  });
});
