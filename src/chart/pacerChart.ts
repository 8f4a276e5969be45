import { numbers } from "../analysis/tables";
import type { Table } from "../parse/types";
import {
  type ChartOptions,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  frame,
  type Row,
  type TopLevelSpec,
  value,
} from "./spec";

const PRINTED = "pacer's % CPU during mark";
const EXPECTED = "pacer's goal (exp.)";
const MEASURED = "background workers (measured, gc line)";

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
  const util: Row[] = [];
  const goal: Row[] = [];
  for (let i = 0; i < pacerCycles.length; i++) {
    util.push({ gcNum: cycleOf(i), series: PRINTED, pct: value(cpu[i]) });
    util.push({ gcNum: cycleOf(i), series: EXPECTED, pct: value(expected[i]) });
    const d = value(delta[i]);
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
        util.push({ gcNum: value(gcNum[i]), series: MEASURED, pct: value(measured) });
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
  const {
    width: _w,
    height: _h,
    ...top
  } = frame(
    "The GC pacer per cycle",
    "Above the dashed 25 % line is mutator assist work; below: a positive ∆goal means the heap passed its goal before marking finished",
    options,
  );
  return {
    ...top,
    vconcat: [
      {
        width,
        height,
        layer: [
          {
            data: { values: util },
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
        data: { values: goal },
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
