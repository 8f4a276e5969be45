import { describe, expect, test } from "vitest";
import {
  gcHitSummary,
  gcPhases,
  latencyEcdfChart,
  latencyGcChart,
  latencyRunnableChart,
  latencyRunsChart,
  latencySummary,
  latencyTimelineChart,
  latencyVsRunnable,
  latencyWindows,
  numbers,
  parseTrace,
  requestsHitByGc,
  schedSeries,
  type Table,
} from "../../src";
import { binBudget } from "../../src/chart/reduce";
import { num } from "../../src/table/columnSpec";
import { makeTable } from "../../src/table/makeTable";
import { latencyFixture } from "../analysis/latencyFixture";
import { repeatedGctrace, repeatedSchedtrace } from "./bigTraces";
import { datasetsOf, drawnMarks, expectRenders } from "./helpers";

/** The capture's requests repeated `copies` times, each copy later by the load's span (real rows, shifted). */
function repeatedRequests(requests: Table, copies: number): Table {
  const time = numbers(requests, "timeMs");
  const lat = numbers(requests, "latencyMs");
  const s = latencySummary(requests);
  const span = Math.ceil(s.toMs - s.fromMs) + 1;
  const n = requests.length;
  const t = new Float64Array(n * copies);
  const l = new Float64Array(n * copies);
  for (let k = 0; k < copies; k++)
    for (let i = 0; i < n; i++) {
      t[k * n + i] = time[i] + k * span;
      l[k * n + i] = lat[i];
    }
  return makeTable("requests", [num("timeMs", "ms", ""), num("latencyMs", "ms", "")], {
    timeMs: t,
    latencyMs: l,
  });
}

describe("latency charts", () => {
  test("the timeline draws every window, cycle and sample of the capture in two panels sharing x", async () => {
    const { requests, series, phases } = await latencyFixture();
    const windows = latencyWindows(requests, { windowMs: 20 });
    const spec = latencyTimelineChart({ windows, series, phases });
    const { warnings } = await expectRenders(spec);
    expect(warnings).toEqual([]);
    const sets = datasetsOf(spec);
    expect(sets.latency).toHaveLength(3 * windows.length);
    expect(sets.gc).toHaveLength(phases.length);
    expect(sets.queue).toHaveLength(series.length);
    expect((spec as { vconcat: unknown[] }).vconcat).toHaveLength(2);
    expect((spec as { resolve: unknown }).resolve).toEqual({ scale: { x: "shared" } });
    // the worst window's max is drawn to the digit
    const maxRow = Math.max(
      ...sets.latency.filter((r) => r.stat === "max").map((r) => r.latencyMs as number),
    );
    expect(maxRow).toBeCloseTo(latencySummary(requests).maxMs, 2);
    const drawn = await drawnMarks(spec);
    expect(drawn.items.rect).toBe(2 * phases.length);
    // without a trace: one panel, no bands
    const alone = latencyTimelineChart({ windows });
    expect((alone as { vconcat: unknown[] }).vconcat).toHaveLength(1);
    expect(datasetsOf(alone).gc).toBeUndefined();
  });

  test("a long run is reduced: bins of windows keep the worst one, cycles become ticks, samples bins", async () => {
    const { requests } = await latencyFixture();
    const long = repeatedRequests(requests, 200);
    const windows = latencyWindows(long, { windowMs: 5 });
    expect(windows.length).toBeGreaterThan(5000);
    const trace = parseTrace(repeatedGctrace(20_000) + repeatedSchedtrace(20_000, 1));
    const spec = latencyTimelineChart({ windows, series: schedSeries(trace), phases: gcPhases(trace) });
    const sets = datasetsOf(spec);
    const budget = binBudget(640);
    expect(sets.latency.length).toBeLessThanOrEqual(3 * budget);
    expect(sets.gc.length).toBeLessThanOrEqual(budget);
    expect(sets.gc.reduce((n, r) => n + (r.cycles as number), 0)).toBe(20_000);
    expect(sets.queue.length).toBeLessThanOrEqual(budget);
    const worst = Math.max(...sets.latency.filter((r) => r.stat === "max").map((r) => r.latencyMs as number));
    expect(worst).toBeCloseTo(
      numbers(windows, "maxMs")
        .filter(Number.isFinite)
        .reduce((a, b) => Math.max(a, b)),
      2,
    );
    expect(JSON.stringify(spec).length).toBeLessThan(400_000);
    const { warnings } = await expectRenders(spec);
    expect(warnings).toEqual([]);
  }, 60_000);

  test("hit by GC against the rest: one curve per class, its p99 marked", async () => {
    const { requests, phases } = await latencyFixture();
    const hits = requestsHitByGc(requests, phases);
    const spec = latencyGcChart(hits);
    const { warnings } = await expectRenders(spec);
    expect(warnings).toEqual([]);
    const sets = datasetsOf(spec);
    const { classes } = gcHitSummary(hits);
    for (const c of classes.filter((x) => x.hit !== "all" && x.requests > 0)) {
      const row = sets.p99.find((r) => String(r.group).startsWith(`${c.hit} (`));
      expect(row?.latencyMs).toBeCloseTo(c.p99Ms, 2);
      // each curve ends at 100 % at the class's slowest request
      const curve = sets.ecdf.filter((r) => r.group === row?.group);
      expect(curve[curve.length - 1]).toMatchObject({ sharePct: 100 });
      expect(curve[curve.length - 1].latencyMs).toBeCloseTo(c.maxMs, 2);
    }
  });

  test("a distribution with more distinct values than pixels keeps only the steps a screen shows", async () => {
    const { requests } = await latencyFixture();
    const lat = numbers(requests, "latencyMs");
    // generated: the real latencies spread by a factor per copy, so most values are distinct
    const many = Float64Array.from(
      { length: 100 * lat.length },
      (_, i) => lat[i % lat.length] * (1 + i / 1e6),
    );
    const spec = latencyEcdfChart([{ label: "many", latencyMs: many }], { title: "t", subtitle: "s" });
    const rows = datasetsOf(spec).ecdf;
    expect(rows.length).toBeLessThan(5000);
    expect(rows[rows.length - 1]).toMatchObject({ sharePct: 100 });
    expect(rows[rows.length - 1].latencyMs).toBeCloseTo(
      many.reduce((a, b) => Math.max(a, b)),
      2,
    );
  });

  test("runs side by side and latency against runnable render with one colour per run", async () => {
    const { requests, series } = await latencyFixture();
    const runs = [
      { label: "as captured", requests },
      { label: "twice as long", requests: repeatedRequests(requests, 2) },
    ];
    const ecdf = latencyRunsChart(runs);
    expect((await expectRenders(ecdf)).warnings).toEqual([]);
    expect(datasetsOf(ecdf).p99).toHaveLength(2);
    const v = latencyVsRunnable(latencyWindows(requests, { windowMs: 100 }), series);
    const scatter = latencyRunnableChart([{ label: "GOMAXPROCS=1", windows: v }]);
    expect((await expectRenders(scatter)).warnings).toEqual([]);
    expect(datasetsOf(scatter).points).toHaveLength(3 * v.length);
    const drawn = await drawnMarks(scatter);
    expect(drawn.items.symbol).toBe(2 * v.length);
  });
});
