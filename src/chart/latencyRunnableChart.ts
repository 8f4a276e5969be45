/**
 * Latency against runnable goroutines: one point per latency window (analysis/latencyLittle.ts
 * latencyVsRunnable), the window's mean latency and p99 against the mean run queue sampled in it, one colour
 * per run. The dashed line per run is Little's law's wait for a P, runnable / throughput: the part of the
 * latency the run queue explains.
 */
import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { rounded } from "./reduce";
import { type ChartOptions, frame, named, type Row, type TopLevelSpec } from "./spec";

const COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#b279a2", "#72b7b2"];

/** `runs`: one latencyVsRunnable table per run with its label (its windows are few: one point each). */
export function latencyRunnableChart(
  runs: readonly { label: string; windows: Table }[],
  options: ChartOptions = {},
): TopLevelSpec {
  const points: Row[] = [];
  for (const run of runs) {
    const w = run.windows;
    const [runnable, mean, p99, wait, start] = ["runnable", "meanMs", "p99Ms", "queueWaitMs", "startMs"].map(
      (c) => numbers(w, c),
    );
    for (let i = 0; i < w.length; i++) {
      const common = {
        run: run.label,
        runnable: rounded(runnable[i], 2),
        fromSec: rounded(start[i] / 1000, 3),
      };
      points.push({ ...common, stat: "mean", latencyMs: rounded(mean[i], 2) });
      points.push({ ...common, stat: "p99", latencyMs: rounded(p99[i], 2) });
      points.push({ ...common, stat: "wait for a P (Little)", latencyMs: rounded(wait[i], 3) });
    }
  }
  const labels = runs.map((r) => r.label);
  const color = {
    field: "run",
    type: "nominal" as const,
    title: null,
    scale: { domain: labels, range: COLORS.slice(0, Math.max(labels.length, 1)) },
  };
  const x = {
    field: "runnable",
    type: "quantitative" as const,
    title: "mean runnable goroutines in the window",
  };
  // symlog: the mean (a few ms) and a p99 of 100 ms on one axis; linear near 0 for Little's wait
  const y = {
    field: "latencyMs",
    type: "quantitative" as const,
    title: "latency (ms, log scale above 1 ms)",
    scale: { type: "symlog" as const, constant: 1 },
    axis: { values: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] },
  };
  const tooltip = [
    { field: "run", type: "nominal" as const },
    { field: "fromSec", type: "quantitative" as const, title: "window from (s)" },
    { field: "stat", type: "nominal" as const },
    { field: "runnable", type: "quantitative" as const },
    { field: "latencyMs", type: "quantitative" as const, title: "ms" },
  ];
  return {
    ...frame(
      "Latency against the run queue",
      "One point per window: its mean latency (circles) and p99 (triangles) against the goroutines waiting for a P; the line is Little's law's wait for a P (runnable / throughput)",
      options,
    ),
    datasets: { points },
    layer: [
      {
        data: named("points"),
        transform: [{ filter: "datum.stat !== 'wait for a P (Little)'" }],
        mark: { type: "point", filled: true, opacity: 0.8 },
        encoding: {
          x,
          y,
          color,
          shape: {
            field: "stat",
            type: "nominal",
            title: null,
            scale: { domain: ["mean", "p99"], range: ["circle", "triangle-up"] },
          },
          tooltip,
        },
      },
      {
        data: named("points"),
        transform: [{ filter: "datum.stat === 'wait for a P (Little)'" }],
        mark: { type: "line", strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x, y, color, tooltip },
      },
    ],
  };
}
