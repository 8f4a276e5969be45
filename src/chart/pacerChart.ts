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
const UTIL_TITLE = "GC CPU during mark (% of GOMAXPROCS)";
const GOAL_TITLE = "∆goal: heap at mark end − goal (MiB)";
const SIDES = {
  field: "side",
  type: "nominal" as const,
  title: null,
  scale: { domain: ["under the goal", "past the goal"], range: ["#4c78a8", "#e45756"] },
};

/**
 * The pacer per GC cycle (analysis/pacer.ts pacerCycles, from gcpacertrace's end-of-mark lines): the GC's CPU
 * utilisation during mark as the pacer printed it against its goal, with the 25 % background target as a rule
 * (go.dev/doc/gc-guide; runtime/mgcpacer.go gcBackgroundUtilization) and, given analysis/gcCpu.ts
 * gcCpuPerCycle, the background workers' measured share from the gc lines; below, ∆goal: how far the heap
 * ended mark above (or under) its goal. More cycles than pixels across are binned (reduce.ts): the same two
 * panels, with a min–max band around each series' mean and the bin's extreme ∆goals.
 */
export function pacerChart(pacerCycles: Table, gcCpu?: Table, options: ChartOptions = {}): TopLevelSpec {
  const gcNum = numbers(pacerCycles, "gcNum");
  const numbered = gcNum.some(Number.isFinite);
  const series: Series[] = [
    { label: PRINTED, y: numbers(pacerCycles, "cpuPct") },
    { label: EXPECTED, y: numbers(pacerCycles, "cpuExpectedPct") },
  ];
  if (gcCpu !== undefined && numbered) series.push({ label: MEASURED, y: measuredShare(gcNum, gcCpu) });
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const xTitle = numbered ? "GC cycle" : "pacer cycle (no gc lines)";
  const labels = series.map((s) => s.label);
  const scale = { domain: labels, range: COLORS.slice(0, labels.length) };
  const binned = needsReduction(pacerCycles.length, width) ? binnedRows(pacerCycles, series, width) : null;
  const rows = binned ?? cycleRows(pacerCycles, series);
  const subtitle = binned === null ? SUBTITLE : `${SUBTITLE}. ${binned.note}`;
  const { width: _w, height: _h, ...top } = frame("The GC pacer per cycle", subtitle, options);
  return {
    ...top,
    datasets: { util: rows.util, goal: rows.goal },
    vconcat: [
      {
        width,
        height,
        layer: [
          ...(binned === null
            ? [cycleLines(xTitle, scale)]
            : envelopeLayers({
                data: "util",
                x: { title: xTitle },
                yTitle: UTIL_TITLE,
                color: { title: null, scale },
                format: ".1f",
              })),
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
        ...(binned === null ? cycleBars(xTitle) : binBars(xTitle)),
      },
    ],
    // one cycle axis for both panels; the two legends are different things
    resolve: { scale: { x: "shared", color: "independent" } },
  };
}

/** One utilisation series: its legend label and a value per pacer cycle. */
interface Series {
  readonly label: string;
  readonly y: Float64Array;
}

/** The background workers' measured share of each pacer cycle, from the gc line of the same cycle (NaN: none). */
function measuredShare(gcNum: Float64Array, gcCpu: Table): Float64Array {
  const byCycle = new Map<number, number>();
  const cpuNum = numbers(gcCpu, "gcNum");
  const background = numbers(gcCpu, "backgroundUtilPct");
  for (let k = 0; k < gcCpu.length; k++) byCycle.set(cpuNum[k], background[k]);
  return Float64Array.from(gcNum, (g) => byCycle.get(g) ?? Number.NaN);
}

/** A row per cycle and series (the measured share only for cycles a gc line measured), a ∆goal row per cycle. */
function cycleRows(pacerCycles: Table, series: readonly Series[]): { util: Row[]; goal: Row[] } {
  const gcNum = numbers(pacerCycles, "gcNum");
  const numbered = gcNum.some(Number.isFinite);
  // Without gc lines the pacer's cycles have no number: count them instead.
  const cycleOf = (i: number) => (numbered ? value(gcNum[i]) : i + 1);
  const delta = numbers(pacerCycles, "deltaGoalMB");
  const util: Row[] = [];
  const goal: Row[] = [];
  const [printed, expected, ...measured] = series;
  for (let i = 0; i < pacerCycles.length; i++) {
    // the pacer prints % and MB with its float format (docs/formats.md §0.3): a hundredth is plenty
    util.push({ gcNum: cycleOf(i), series: printed.label, pct: rounded(printed.y[i], 2) });
    util.push({ gcNum: cycleOf(i), series: expected.label, pct: rounded(expected.y[i], 2) });
    const d = rounded(delta[i], 2);
    goal.push({
      gcNum: cycleOf(i),
      deltaGoalMB: d,
      side: d === null ? null : d > 0 ? "past the goal" : "under the goal",
    });
  }
  for (const s of measured) {
    for (let i = 0; i < pacerCycles.length; i++) {
      if (!Number.isNaN(s.y[i])) util.push({ gcNum: cycleOf(i), series: s.label, pct: rounded(s.y[i], 2) });
    }
  }
  return { util, goal };
}

/** Per bin of cycles (reduce.ts) each series' min, mean and max; the bin's largest ∆goal past the goal and furthest under it. */
function binnedRows(pacerCycles: Table, series: readonly Series[], width: number) {
  const gcNum = numbers(pacerCycles, "gcNum");
  const cycle = gcNum.some(Number.isFinite) ? gcNum : Float64Array.from(gcNum, (_, i) => i + 1);
  const axis = binnedAxis(cycle, width, "count", "cycles");
  if (axis === undefined) throw new Error("pacerChart: no cycle numbers");
  const st = binStats(axis.bins, cycle, numbers(pacerCycles, "deltaGoalMB"));
  const goal: Row[] = [];
  for (let k = 0; k < axis.bins.count; k++) {
    if (st.n[k] === 0) continue;
    const at = { from: binStart(axis.bins, k), to: binStart(axis.bins, k + 1) };
    if (st.max[k] > 0) goal.push({ ...at, deltaGoalMB: rounded(st.max[k], 2), side: "past the goal" });
    if (st.min[k] < 0) goal.push({ ...at, deltaGoalMB: rounded(st.min[k], 2), side: "under the goal" });
  }
  return {
    util: envelopeRows(axis, cycle, series, 2),
    goal,
    note: `${reducedNote(axis, pacerCycles.length, "cycles")}; ∆goal bars: the bin's extremes`,
  };
}

/** The utilisation as a line with points per series. */
function cycleLines(xTitle: string, scale: { domain: string[]; range: string[] }) {
  return {
    data: named("util"),
    mark: { type: "line" as const, point: { size: 14 } },
    encoding: {
      x: { field: "gcNum", type: "quantitative" as const, title: xTitle },
      y: { field: "pct", type: "quantitative" as const, title: UTIL_TITLE },
      color: { field: "series", type: "nominal" as const, title: null, scale },
      tooltip: [
        { field: "gcNum", type: "quantitative" as const, title: xTitle },
        { field: "series", type: "nominal" as const },
        { field: "pct", type: "quantitative" as const, title: "%", format: ".1f" },
      ],
    },
  };
}

/** ∆goal as a bar per cycle. */
function cycleBars(xTitle: string) {
  return {
    mark: { type: "bar" as const },
    encoding: {
      x: { field: "gcNum", type: "quantitative" as const, title: xTitle },
      y: { field: "deltaGoalMB", type: "quantitative" as const, title: GOAL_TITLE },
      color: SIDES,
      tooltip: [
        { field: "gcNum", type: "quantitative" as const, title: xTitle },
        { field: "deltaGoalMB", type: "quantitative" as const, title: "∆goal (MiB)", format: ".2f" },
      ],
    },
  };
}

/** ∆goal as a bar from 0 across each bin of cycles, up to its extreme on each side. */
function binBars(xTitle: string) {
  return {
    mark: { type: "rect" as const },
    encoding: {
      x: { field: "from", type: "quantitative" as const, title: xTitle },
      x2: { field: "to" },
      y: { field: "deltaGoalMB", type: "quantitative" as const, title: GOAL_TITLE },
      y2: { datum: 0 },
      color: SIDES,
      tooltip: [
        { field: "from", type: "quantitative" as const, title: "cycles from" },
        { field: "to", type: "quantitative" as const, title: "to" },
        { field: "deltaGoalMB", type: "quantitative" as const, title: "extreme ∆goal (MiB)", format: ".2f" },
      ],
    },
  };
}
