/**
 * Latency distributions side by side: one empirical CDF per group of requests (hit by GC or not; one run per
 * GOMAXPROCS), each with its p99 marked, so the groups' medians and tails are read off the same axes.
 */
import { GC_HIT_CLASSES, latenciesOf } from "../analysis/latencyGc";
import { numbers } from "../table/columns";
import { heyPercentile } from "../table/heyPercentile";
import type { Table } from "../table/table";
import { needsReduction, rounded, thinSteps } from "./reduce";
import {
  type ChartOptions,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  frame,
  named,
  type Row,
  type TopLevelSpec,
} from "./spec";

/** One distribution: its legend label and its latencies (ms, any order). */
export interface LatencyGroup {
  readonly label: string;
  readonly latencyMs: ArrayLike<number>;
}

/** Tableau 10, as the other charts use it; the GC classes take red (pause), orange (mark) and blue (none). */
const COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#b279a2", "#72b7b2", "#9d755d", "#bab0ac"];
const GC_COLORS = ["#e45756", "#f58518", "#4c78a8"];

/**
 * Share of each group's requests answered within x ms. A group with more distinct latencies than the plot has
 * pixels across keeps only the steps a screen can tell apart (reduce.ts thinSteps; first and last always).
 */
export function latencyEcdfChart(
  groups: readonly LatencyGroup[],
  text: { title: string; subtitle: string; colors?: readonly string[] },
  options: ChartOptions = {},
): TopLevelSpec {
  const colors = text.colors ?? COLORS;
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const ecdf: Row[] = [];
  const p99: Row[] = [];
  const labels: string[] = [];
  for (const g of groups) {
    const sorted = Float64Array.from(g.latencyMs).filter(Number.isFinite).sort();
    const n = sorted.length;
    if (n === 0) continue;
    const label = `${g.label} (${n.toLocaleString("en-US")} requests)`;
    labels.push(label);
    // the distinct latencies and the share of requests at or below each
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i + 1 < n && sorted[i + 1] === sorted[i]) continue;
      x.push(sorted[i]);
      y.push((i + 1) / n);
    }
    const kept = needsReduction(x.length, width) ? thinSteps(x, y, width, height) : x.map((_, i) => i);
    ecdf.push({ group: label, latencyMs: rounded(x[0], 2), sharePct: 0 });
    for (const i of kept)
      ecdf.push({ group: label, latencyMs: rounded(x[i], 2), sharePct: rounded(100 * y[i], 3) });
    p99.push({ group: label, latencyMs: rounded(heyPercentile(sorted, 0.99), 2), sharePct: 99 });
  }
  const color = {
    field: "group",
    type: "nominal" as const,
    title: null,
    scale: { domain: labels, range: colors.slice(0, Math.max(labels.length, 1)) },
  };
  return {
    ...frame(text.title, `${text.subtitle}; the dots are each group's p99 (hey's method)`, options),
    datasets: { ecdf, p99 },
    layer: [
      {
        data: named("ecdf"),
        mark: { type: "line", interpolate: "step-after" },
        encoding: {
          // symlog: linear near 0 (hey prints 0.1 ms steps, some 0.0), logarithmic beyond 1 ms, so a median of 1 ms
          // and a tail of 100 ms both get room
          x: {
            field: "latencyMs",
            type: "quantitative",
            title: "request latency (ms, log scale above 1 ms)",
            scale: { type: "symlog", constant: 1 },
            axis: { values: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] },
          },
          y: {
            field: "sharePct",
            type: "quantitative",
            title: "requests answered within x (%)",
            scale: { domain: [0, 100] },
          },
          color,
          tooltip: [
            { field: "group", type: "nominal" },
            { field: "latencyMs", type: "quantitative", title: "latency (ms)" },
            { field: "sharePct", type: "quantitative", title: "requests ≤ (%)", format: ".2f" },
          ],
        },
      },
      {
        data: named("p99"),
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          x: { field: "latencyMs", type: "quantitative" },
          y: { field: "sharePct", type: "quantitative" },
          color,
          tooltip: [
            { field: "group", type: "nominal" },
            { field: "latencyMs", type: "quantitative", title: "p99 (ms)" },
          ],
        },
      },
    ],
  };
}

/** Requests that overlapped a STW pause, a mark phase, or no GC (analysis/latencyGc.ts requestsHitByGc). */
export function latencyGcChart(hits: Table, options: ChartOptions = {}): TopLevelSpec {
  const groups = GC_HIT_CLASSES.map((cls) => ({ label: cls, latencyMs: latenciesOf(hits, cls) }));
  return latencyEcdfChart(
    groups,
    {
      colors: GC_COLORS,
      title:
        hits.name === "requestsStartedInGc"
          ? "Requests started during GC against the rest"
          : "Requests hit by GC against the rest",
      subtitle:
        hits.name === "requestsStartedInGc"
          ? "Latency of the requests that started during a GC stop-the-world pause, during concurrent mark, and outside any GC cycle; a curve further right is slower"
          : "Latency of the requests in flight during a GC stop-the-world pause, during concurrent mark only, and during no GC cycle; a curve further right is slower",
    },
    options,
  );
}

/** One run per group, e.g. GOMAXPROCS 1, 2, 4 under the same load: each run's per-request table. */
export function latencyRunsChart(
  runs: readonly { label: string; requests: Table }[],
  options: ChartOptions = {},
): TopLevelSpec {
  return latencyEcdfChart(
    runs.map((r) => ({ label: r.label, latencyMs: numbers(r.requests, "latencyMs") })),
    {
      title: "Latency per run",
      subtitle:
        "The same load against each run; a curve further left answered faster, one reaching 100 % late has a long tail",
    },
    options,
  );
}
