import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/analysis/compareRuns";
import { headline } from "../../src/analysis/headline";
import { mainRun, numbers, strings } from "../../src/analysis/tables";
import { compareRunsChart } from "../../src/chart/compareRunsChart";
import { initWaterfallChart } from "../../src/chart/initWaterfallChart";
import { drawnMarks, expectRenders, fixture, layerWithMark, rowsOf } from "./helpers";

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
    // the y order is the run order
    expect((bars.encoding as { y: { sort: string[] } }).y.sort).toEqual(strings(init, "pkg"));
    const { items } = await drawnMarks(spec);
    expect(items.rect).toBe(init.length);
    expect(items.text).toBe(init.length);
    expect(spec).toMatchSnapshot();
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
    expect(spec).toMatchSnapshot();
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
