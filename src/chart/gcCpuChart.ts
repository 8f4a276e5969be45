import { numbers } from "../analysis/tables";
import type { Table } from "../parse/types";
import { type ChartOptions, frame, type Row, seconds, TIME_TITLE, type TopLevelSpec, value } from "./spec";

const WINDOWED = "GC CPU in the window";
const CUMULATIVE = "cumulative since start (ours)";
const RUNTIME = "runtime's gc % (cumulative, truncated)";

/**
 * GC CPU over time (from analysis/gcCpu.ts gcCpuWindows): bars for the GC's share of CPU capacity
 * (wall time × GOMAXPROCS) in each window, and two lines for the cumulative share since start: our
 * recomputation and the `gc %` the runtime printed, which is truncated to a whole percent and leaves out
 * idle-P marking. A spike that the cumulative lines flatten is what the windows are for.
 */
export function gcCpuChart(windows: Table, options: ChartOptions = {}): TopLevelSpec {
  const start = numbers(windows, "startMs");
  const end = numbers(windows, "endMs");
  const pct = numbers(windows, "gcCpuPct");
  const cumulative = numbers(windows, "cumulativePct");
  const runtimePct = numbers(windows, "runtimeGcPct");
  const bars: Row[] = [];
  const lines: Row[] = [];
  for (let i = 0; i < windows.length; i++) {
    bars.push({ startSec: seconds(start[i]), endSec: seconds(end[i]), gcCpuPct: value(pct[i]) });
    lines.push({ endSec: seconds(end[i]), series: CUMULATIVE, pct: value(cumulative[i]) });
    lines.push({ endSec: seconds(end[i]), series: RUNTIME, pct: value(runtimePct[i]) });
  }
  const windowSec = windows.length > 0 ? (end[0] - start[0]) / 1000 : Number.NaN;
  const color = {
    scale: { domain: [WINDOWED, CUMULATIVE, RUNTIME], range: ["#9ecae9", "#f58518", "#e45756"] },
    title: null,
  };
  const y = { type: "quantitative" as const, title: "GC CPU (% of wall time × GOMAXPROCS)" };
  return {
    ...frame(
      "GC CPU over time",
      `Bars: the GC's share of CPU per ${Number.isFinite(windowSec) ? `${windowSec} s ` : ""}window; a bar far above the lines is a burst the cumulative gc % hides`,
      options,
    ),
    layer: [
      {
        data: { values: bars },
        mark: { type: "rect", stroke: "white", strokeWidth: 0.5 },
        encoding: {
          // The axis spans the windows (from the first cycle), not 0 to a server's uptime of months.
          x: { field: "startSec", type: "quantitative", title: TIME_TITLE, scale: { zero: false } },
          x2: { field: "endSec" },
          y: { field: "gcCpuPct", ...y },
          color: { datum: WINDOWED, ...color },
          tooltip: [
            { field: "startSec", type: "quantitative", title: "from (s)" },
            { field: "endSec", type: "quantitative", title: "to (s)" },
            { field: "gcCpuPct", type: "quantitative", title: "GC CPU (%)", format: ".2f" },
          ],
        },
      },
      {
        data: { values: lines },
        mark: { type: "line", interpolate: "step-before" },
        encoding: {
          x: { field: "endSec", type: "quantitative" },
          y: { field: "pct", ...y },
          color: { field: "series", type: "nominal", ...color },
        },
      },
    ],
  };
}
