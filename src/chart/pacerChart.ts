import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { binnedAxis, envelopeLayers, envelopeRows, reducedNote } from "./envelope";
import { binStart, binStats, needsReduction, rounded } from "./reduce";
import {
  type ChartOptions,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  frame,
  named,
  type Row,
  type TopLevelSpec,
  value,
} from "./spec";

const PRINTED = "pacer's % CPU during mark";
const EXPECTED = "pacer's goal (exp.)";
const MEASURED = "background workers (measured, gc line)";
const SUBTITLE =
  "Above the dashed 25 % line is mutator assist work; below: a positive ∆goal means the heap passed its goal before marking finished";
const COLORS = ["#4c78a8", "#bab0ac", "#54a24b"];

/**
 * The pacer per GC cycle (analysis/pacer.ts pacerCycles, from gcpacertrace's end-of-mark lines): the GC's CPU
 * utilisation during mark as the pacer printed it against its goal, with the 25 % background target as a rule
 * (go.dev/doc/gc-guide; runtime/mgcpacer.go gcBackgroundUtilization) and, given analysis/gcCpu.ts
 * gcCpuPerCycle, the background workers' measured share from the gc lines; below, ∆goal: how far the heap
 * ended mark above (or under) its goal.
 */
export function pacerChart(pacerCycles: Table, gcCpu?: Table, options: ChartOptions = {}): TopLevelSpec {
  const gcNum = numbers(pacerCycles, "gcNum");
  const numbered = gcNum.some(Number.isFinite);
  // Without gc lines the pacer's cycles have no number: count them instead.
  const cycleOf = (i: number) => (numbered ? value(gcNum[i]) : i + 1);
  const cpu = numbers(pacerCycles, "cpuPct");
  const expected = numbers(pacerCycles, "cpuExpectedPct");
  const delta = numbers(pacerCycles, "deltaGoalMB");
  if (needsReduction(pacerCycles.length, options.width ?? DEFAULT_WIDTH))
    return reducedPacer(pacerCycles, gcCpu, options);
  const util: Row[] = [];
  const goal: Row[] = [];
  for (let i = 0; i < pacerCycles.length; i++) {
    // the pacer prints % and MB with its float format (docs/formats.md §0.3): a hundredth is plenty
    util.push({ gcNum: cycleOf(i), series: PRINTED, pct: rounded(cpu[i], 2) });
    util.push({ gcNum: cycleOf(i), series: EXPECTED, pct: rounded(expected[i], 2) });
    const d = rounded(delta[i], 2);
    goal.push({
      gcNum: cycleOf(i),
      deltaGoalMB: d,
      side: d === null ? null : d > 0 ? "past the goal" : "under the goal",
    });
  }
  const series = [PRINTED, EXPECTED];
  if (gcCpu !== undefined && numbered) {
    const byCycle = new Map<number, number>();
    const cpuNum = numbers(gcCpu, "gcNum");
    const background = numbers(gcCpu, "backgroundUtilPct");
    for (let k = 0; k < gcCpu.length; k++) byCycle.set(cpuNum[k], background[k]);
    for (let i = 0; i < pacerCycles.length; i++) {
      const measured = byCycle.get(gcNum[i]);
      if (measured !== undefined)
        util.push({ gcNum: value(gcNum[i]), series: MEASURED, pct: rounded(measured, 2) });
    }
    series.push(MEASURED);
  }
  const x = {
    field: "gcNum",
    type: "quantitative" as const,
    title: numbered ? "GC cycle" : "pacer cycle (no gc lines)",
  };
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const { width: _w, height: _h, ...top } = frame("The GC pacer per cycle", SUBTITLE, options);
  return {
    ...top,
    datasets: { util, goal },
    vconcat: [
      {
        width,
        height,
        layer: [
          {
            data: named("util"),
            mark: { type: "line", point: { size: 14 } },
            encoding: {
              x,
              y: { field: "pct", type: "quantitative", title: "GC CPU during mark (% of GOMAXPROCS)" },
              color: {
                field: "series",
                type: "nominal",
                title: null,
                scale: { domain: series, range: ["#4c78a8", "#bab0ac", "#54a24b"].slice(0, series.length) },
              },
              tooltip: [
                { field: "gcNum", type: "quantitative", title: x.title },
                { field: "series", type: "nominal" },
                { field: "pct", type: "quantitative", title: "%", format: ".1f" },
              ],
            },
          },
          {
            // one empty datum: a layer without data of its own draws nothing in a panel without data
            data: { values: [{}] },
            mark: { type: "rule", strokeDash: [4, 4], color: "#888" },
            encoding: { y: { datum: 25, type: "quantitative" } },
          },
        ],
      },
      {
        width,
        height: Math.round(height * 0.6),
        data: named("goal"),
        mark: { type: "bar" },
        encoding: {
          x,
          y: { field: "deltaGoalMB", type: "quantitative", title: "∆goal: heap at mark end − goal (MiB)" },
          color: {
            field: "side",
            type: "nominal",
            title: null,
            scale: { domain: ["under the goal", "past the goal"], range: ["#4c78a8", "#e45756"] },
          },
          tooltip: [
            { field: "gcNum", type: "quantitative", title: x.title },
            { field: "deltaGoalMB", type: "quantitative", title: "∆goal (MiB)", format: ".2f" },
          ],
        },
      },
    ],
    // one cycle axis for both panels; the two legends are different things
    resolve: { scale: { x: "shared", color: "independent" } },
  };
}

/**
 * The pacer of more cycles than pixels across (reduce.ts): per bin of cycles, a min–max band and the mean of
 * each utilisation series; below, the bin's largest ∆goal past the goal (up) and furthest under it (down).
 */
function reducedPacer(pacerCycles: Table, gcCpu: Table | undefined, options: ChartOptions): TopLevelSpec {
  const gcNum = numbers(pacerCycles, "gcNum");
  const numbered = gcNum.some(Number.isFinite);
  const cycle = numbered ? gcNum : Float64Array.from(gcNum, (_, i) => i + 1);
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const axis = binnedAxis(cycle, width, "count", "cycles");
  if (axis === undefined) throw new Error("pacerChart: no cycle numbers");
  const series = [
    { label: PRINTED, y: numbers(pacerCycles, "cpuPct") },
    { label: EXPECTED, y: numbers(pacerCycles, "cpuExpectedPct") },
  ];
  if (gcCpu !== undefined && numbered) {
    const byCycle = new Map<number, number>();
    const cpuNum = numbers(gcCpu, "gcNum");
    const background = numbers(gcCpu, "backgroundUtilPct");
    for (let k = 0; k < gcCpu.length; k++) byCycle.set(cpuNum[k], background[k]);
    series.push({ label: MEASURED, y: Float64Array.from(gcNum, (g) => byCycle.get(g) ?? Number.NaN) });
  }
  const util = envelopeRows(axis, cycle, series, 2);
  const st = binStats(axis.bins, cycle, numbers(pacerCycles, "deltaGoalMB"));
  const goal: Row[] = [];
  for (let k = 0; k < axis.bins.count; k++) {
    if (st.n[k] === 0) continue;
    const at = { from: binStart(axis.bins, k), to: binStart(axis.bins, k + 1) };
    if (st.max[k] > 0) goal.push({ ...at, deltaGoalMB: rounded(st.max[k], 2), side: "past the goal" });
    if (st.min[k] < 0) goal.push({ ...at, deltaGoalMB: rounded(st.min[k], 2), side: "under the goal" });
  }
  const xTitle = numbered ? "GC cycle" : "pacer cycle (no gc lines)";
  const labels = series.map((s) => s.label);
  const {
    width: _w,
    height: _h,
    ...top
  } = frame(
    "The GC pacer per cycle",
    `${SUBTITLE}. ${reducedNote(axis, pacerCycles.length, "cycles")}; ∆goal bars: the bin's extremes`,
    options,
  );
  return {
    ...top,
    datasets: { util, goal, target: [{}] },
    vconcat: [
      {
        width,
        height,
        layer: [
          ...envelopeLayers({
            data: "util",
            x: { title: xTitle },
            yTitle: "GC CPU during mark (% of GOMAXPROCS)",
            color: { title: null, scale: { domain: labels, range: COLORS.slice(0, labels.length) } },
            format: ".1f",
          }),
          {
            data: named("target"),
            mark: { type: "rule", strokeDash: [4, 4], color: "#888" },
            encoding: { y: { datum: 25, type: "quantitative" } },
          },
        ],
      },
      {
        width,
        height: Math.round(height * 0.6),
        data: named("goal"),
        mark: { type: "rect" },
        encoding: {
          x: { field: "from", type: "quantitative", title: xTitle },
          x2: { field: "to" },
          y: { field: "deltaGoalMB", type: "quantitative", title: "∆goal: heap at mark end − goal (MiB)" },
          y2: { datum: 0 },
          color: {
            field: "side",
            type: "nominal",
            title: null,
            scale: { domain: ["under the goal", "past the goal"], range: ["#4c78a8", "#e45756"] },
          },
          tooltip: [
            { field: "from", type: "quantitative", title: "cycles from" },
            { field: "to", type: "quantitative", title: "to" },
            { field: "deltaGoalMB", type: "quantitative", title: "extreme ∆goal (MiB)", format: ".2f" },
          ],
        },
      },
    ],
    resolve: { scale: { x: "shared", color: "independent" } },
  };
}
