import { safeText } from "../safeText";
import { numbers, strings } from "../table/columns";
import type { Table } from "../table/table";
import { rounded } from "./reduce";
import { type ChartOptions, frame, named, type Row, type TopLevelSpec, value } from "./spec";

export interface InitWaterfallOptions extends ChartOptions {
  /** Packages drawn: the slowest this many, kept in start order (default 40; all when fewer). */
  readonly top?: number;
}

/**
 * Package init as a waterfall (inittrace table, go1.16+): one bar per package from its start (`@` time) for
 * its init wall time, in the order the runtime ran them, labelled with the time and heap it took. A long
 * bar, or a big allocation, is the init to look at. Long traces keep the slowest `top` packages.
 */
export function initWaterfallChart(inittrace: Table, options: InitWaterfallOptions = {}): TopLevelSpec {
  // a package name is trace text: no control characters in the SVG, no line separators in Vega expressions
  const pkg = strings(inittrace, "pkg").map(safeText);
  const start = numbers(inittrace, "timeMs");
  const clock = numbers(inittrace, "clockMs");
  const bytes = numbers(inittrace, "bytes");
  const allocs = numbers(inittrace, "allocs");
  const run = numbers(inittrace, "run");
  const top = options.top ?? 40;
  const seen = new Map<string, number>();
  for (let i = 0; i < inittrace.length; i++) seen.set(pkg[i], (seen.get(pkg[i]) ?? 0) + 1);
  const order = Array.from({ length: inittrace.length }, (_, i) => i);
  const kept = new Set([...order].sort((a, b) => clock[b] - clock[a]).slice(0, top));
  const rows: Row[] = [];
  for (const i of order) {
    if (!kept.has(i)) continue;
    rows.push({
      order: rows.length,
      pkg: pkg[i],
      // a package inits once per process; a trace of several runs (go run) names the run
      key: (seen.get(pkg[i]) ?? 0) > 1 ? `${pkg[i]} (run ${run[i]})` : pkg[i],
      startMs: value(start[i]),
      // inittrace prints @ms and clock ms to at most three decimals
      endMs: rounded(start[i] + clock[i], 3),
      clockMs: value(clock[i]),
      heapKiB: rounded(bytes[i] / 1024, 1),
      allocs: value(allocs[i]),
      label: `${+clock[i].toPrecision(3)} ms, ${formatBytes(bytes[i])}`,
    });
  }
  const shown =
    rows.length < inittrace.length
      ? `the slowest ${rows.length} of ${inittrace.length} packages`
      : `${rows.length} packages`;
  const y = {
    field: "key",
    type: "ordinal" as const,
    title: null,
    // Sorted by a number, not by a list of names: vega-lite writes such a list into a Vega expression, where
    // a package name holding U+2028 or U+2029 (a line break to the expression parser) breaks the chart.
    sort: { field: "order", op: "min" as const },
    // vega measures text wider outside a browser than it draws: 260 px cut vendor/golang.org/x/… paths
    axis: { labelLimit: 420 },
  };
  return {
    ...frame(
      "Package init waterfall",
      `${shown} in the order they ran; the longest bar (or biggest allocation) is the init to look at`,
      { ...options, height: options.height ?? Math.max(60, 16 * rows.length) },
    ),
    datasets: { packages: rows },
    data: named("packages"),
    layer: [
      {
        mark: { type: "bar", color: "#4c78a8", minBandSize: 0 },
        encoding: {
          x: { field: "startMs", type: "quantitative", title: "time since program start (ms)" },
          x2: { field: "endMs" },
          y,
          tooltip: [
            { field: "pkg", type: "nominal", title: "package" },
            { field: "startMs", type: "quantitative", title: "start (ms)" },
            { field: "clockMs", type: "quantitative", title: "init wall time (ms)" },
            { field: "heapKiB", type: "quantitative", title: "heap allocated (KiB)", format: ".1f" },
            { field: "allocs", type: "quantitative", title: "allocations" },
          ],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, fontSize: 9, color: "#555" },
        encoding: {
          x: { field: "endMs", type: "quantitative" },
          y,
          text: { field: "label", type: "nominal" },
        },
      },
    ],
  };
}

function formatBytes(b: number): string {
  if (!Number.isFinite(b)) return "? bytes";
  if (b < 1024) return `${b} B`;
  if (b < 1 << 20) return `${+(b / 1024).toPrecision(3)} KiB`;
  return `${+(b / (1 << 20)).toPrecision(3)} MiB`;
}
