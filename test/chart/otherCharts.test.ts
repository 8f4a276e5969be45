import { describe, expect, it } from "vitest";
import {
  compareRuns,
  compareRunsChart,
  gcCpuPerCycle,
  headline,
  initWaterfallChart,
  mainRun,
  numbers,
  pacerChart,
  pacerCycles,
  scavengerChart,
  scavengerSeries,
  strings,
} from "../../src";
import { drawnMarks, expectRenders, fixture, layerWithMark, rowsOf, specShape } from "./helpers";

describe("initWaterfallChart", () => {
  it("initWaterfallChart draws each package init from its start for its wall time, in the order they ran", async () => {
    const init = (await fixture("data/inittrace.log")).tables.inittrace;
    const spec = initWaterfallChart(init, { top: 1000 });
    const bars = layerWithMark(spec, "bar");
    expect(bars.encoding).toMatchObject({
      x: { field: "startMs", title: "time since program start (ms)" },
      x2: { field: "endMs" },
      y: { field: "key", type: "ordinal" },
    });
    const rows = rowsOf(spec as unknown as Record<string, unknown>);
    expect(rows.map((r) => r.pkg)).toEqual(strings(init, "pkg"));
    const start = numbers(init, "timeMs");
    const clock = numbers(init, "clockMs");
    expect(rows[1]).toMatchObject({ startMs: start[1], endMs: start[1] + clock[1], clockMs: clock[1] });
    // the y order is the run order, by number (a list of names would become a Vega expression)
    expect((bars.encoding as { y: { sort: unknown } }).y.sort).toEqual({ field: "order", op: "min" });
    expect(rows.map((r) => r.order)).toEqual(rows.map((_, i) => i));
    const { items } = await drawnMarks(spec);
    expect(items.rect).toBe(init.length);
    expect(items.text).toBe(init.length);
    expect(specShape(spec)).toMatchSnapshot();
  });

  it("initWaterfallChart keeps the slowest `top` packages and says how many it left out", async () => {
    const init = (await fixture("data/inittrace.log")).tables.inittrace;
    const spec = initWaterfallChart(init, { top: 10 });
    const rows = rowsOf(spec as unknown as Record<string, unknown>);
    expect(rows).toHaveLength(10);
    const clock = Array.from(numbers(init, "clockMs")).sort((a, b) => b - a);
    expect(Math.min(...rows.map((r) => r.clockMs as number))).toBe(clock[9]);
    expect(spec.title).toMatchObject({
      subtitle: expect.arrayContaining([
        expect.stringContaining(`the slowest 10 of ${init.length} packages`),
      ]),
    });
  });

  it("initWaterfallChart names the run of a package that several processes of a go run trace initialised", async () => {
    const init = (await fixture("test/data/go1.19/inittrace-gorun.txt")).tables.inittrace;
    const rows = rowsOf(initWaterfallChart(init, { top: 5000 }) as unknown as Record<string, unknown>);
    expect(rows).toHaveLength(init.length);
    expect(rows.map((r) => r.key)).toContain("runtime (run 0)");
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    const own = rowsOf(initWaterfallChart(mainRun(init)) as unknown as Record<string, unknown>);
    expect(own.every((r) => r.key === r.pkg)).toBe(true);
  });
});

describe("compareRunsChart", () => {
  it("compareRunsChart draws the change from A to B in % of A per figure, labelled with both values", async () => {
    const a = headline(await fixture("data/workload-gogc100.log"));
    const b = headline(await fixture("data/workload-gogc200.log"));
    const compared = compareRuns(a, b);
    const spec = compareRunsChart(compared, { labels: ["GOGC=100", "GOGC=200"] });
    const bars = layerWithMark(spec, "bar");
    expect(bars.encoding).toMatchObject({
      x: { field: "changePct", title: "change from GOGC=100 to GOGC=200 (% of GOGC=100)" },
      y: { field: "metric" },
    });
    const rows = rowsOf(spec as unknown as Record<string, unknown>);
    expect(rows).toHaveLength(compared.length);
    const cycles = rows.find((r) => r.metric === "gc cycles (count)");
    expect(cycles?.label).toBe(`${a.gc?.cycles} → ${b.gc?.cycles} count`);
    expect(cycles?.direction).toBe("lower in B"); // GOGC=200 collects less often
    const peak = rows.find((r) => r.metric === "peak heap (MiB)");
    expect(peak?.direction).toBe("higher in B");
    const { items } = await drawnMarks(spec);
    expect(items.rect).toBe(rows.filter((r) => r.changePct !== null).length);
    expect(items.text).toBe(rows.length);
    expect(specShape(spec)).toMatchSnapshot();
  });
});

describe("init and compare charts", () => {
  it("compile without a vega-lite warning and render to SVG", async () => {
    const a = headline(await fixture("data/workload-gogc100.log"));
    const b = headline(await fixture("data/workload-gogc200.log"));
    for (const spec of [
      initWaterfallChart((await fixture("data/inittrace.log")).tables.inittrace),
      compareRunsChart(compareRuns(a, b)),
    ]) {
      const { warnings, svg } = await expectRenders(spec);
      expect(warnings).toEqual([]);
      expect(svg).toContain("<path");
    }
  });
});

describe("pacerChart", () => {
  it("pacerChart draws the pacer's printed and expected mark CPU with the 25 % rule, the measured background share, and ∆goal", async () => {
    const trace = await fixture("data/gctrace-pacer-scav.log");
    const cycles = pacerCycles(mainRun(trace.tables.gcpacertrace));
    const gcCpu = gcCpuPerCycle(mainRun(trace.tables.gctrace));
    const spec = pacerChart(cycles, gcCpu);
    const [util, goal] = (spec as unknown as { vconcat: Record<string, unknown>[] }).vconcat;
    const [lines, rule] = (util as { layer: Record<string, unknown>[] }).layer;
    expect(lines.encoding).toMatchObject({
      x: { field: "gcNum", title: "GC cycle" },
      y: { field: "pct", title: "GC CPU during mark (% of GOMAXPROCS)" },
    });
    expect(rule.encoding).toEqual({ y: { datum: 25, type: "quantitative" } });
    const rows = rowsOf(lines, spec);
    const printed = rows.filter((r) => r.series === "pacer's % CPU during mark");
    expect(printed.map((r) => r.pct)).toEqual(
      Array.from(numbers(cycles, "cpuPct"), (v) => Math.round(v * 100) / 100),
    );
    // the measured share comes from the gc line of the same cycle
    const measured = rows.filter((r) => r.series === "background workers (measured, gc line)");
    const bg = new Map(
      Array.from(numbers(gcCpu, "gcNum"), (g, k) => [g, numbers(gcCpu, "backgroundUtilPct")[k]]),
    );
    expect(measured.length).toBeGreaterThan(20);
    // rounded to a hundredth of a percent
    for (const r of measured) expect(r.pct).toBeCloseTo(bg.get(r.gcNum as number) as number, 2);
    expect(goal.encoding).toMatchObject({
      y: { field: "deltaGoalMB", title: "∆goal: heap at mark end − goal (MiB)" },
    });
    const past = rowsOf(goal, spec).filter((r) => r.side === "past the goal");
    expect(past.every((r) => (r.deltaGoalMB as number) > 0)).toBe(true);
    const { items, marks } = await drawnMarks(spec);
    expect(marks.line).toBe(3);
    expect(items.rule).toBe(1);
    // every end-of-mark line is numbered (the first cycle's too, back-filled from the next gc line) and drawn
    expect(rowsOf(goal, spec).filter((r) => r.gcNum === null)).toHaveLength(0);
    expect(items.rect).toBe(rowsOf(goal, spec).filter((r) => r.deltaGoalMB !== null).length);
    expect(specShape(spec)).toMatchSnapshot();
  });

  it("pacerChart counts the cycles when a go1.5 pacer trace has no gc lines to number them", async () => {
    const trace = await fixture("test/data/go1.5/golang-go-issue-12228-a_gcpacertrace.txt");
    const cycles = pacerCycles(trace.tables.gcpacertrace);
    expect(cycles.length).toBe(3);
    const spec = pacerChart(cycles);
    const { warnings } = await expectRenders(spec);
    expect(warnings).toEqual([]);
  });
});

describe("scavengerChart", () => {
  it("scavengerChart draws memory returned to the OS over time, forced passes as rules, and the util below", async () => {
    const trace = await fixture("data/gctrace-pacer-scav.log");
    const series = scavengerSeries(mainRun(trace.tables.scavtrace));
    const spec = scavengerChart(series);
    const [released, kept] = (spec as unknown as { vconcat: Record<string, unknown>[] }).vconcat;
    const [lines, rules] = (released as { layer: Record<string, unknown>[] }).layer;
    expect(lines.encoding).toMatchObject({
      x: { field: "x", title: "time since program start (s)" },
      y: { field: "mib", title: "returned to the OS (MiB)" },
    });
    expect(rowsOf(lines, spec)).toHaveLength(2 * series.length);
    const forced = Array.from(numbers(series, "forced")).filter((f) => f === 1).length;
    expect(forced).toBeGreaterThan(0);
    expect(rowsOf(rules, spec)).toHaveLength(forced);
    expect(kept.encoding).toMatchObject({
      y: { title: "util: heap in use ÷ retained (%)", scale: { domain: [0, 100] } },
    });
    const { items } = await drawnMarks(spec);
    expect(items.rule).toBe(forced);
    expect(specShape(spec)).toMatchSnapshot();
  });

  it("scavengerChart shows the retained MiB for go1.13 scvg lines, which print no util", async () => {
    const trace = await fixture("test/data/go1.13/blog-freeosmemory-forced-scvg.txt");
    const spec = scavengerChart(scavengerSeries(trace.tables.scavtrace));
    const kept = (spec as unknown as { vconcat: Record<string, unknown>[] }).vconcat[1];
    expect(kept.encoding).toMatchObject({ y: { title: "retained from the OS (MiB)" } });
    expect(rowsOf(kept, spec).map((r) => r.kept)).toEqual([null, 1005, null, 0]);
    const { warnings } = await expectRenders(spec);
    expect(warnings).toEqual([]);
  });
});
