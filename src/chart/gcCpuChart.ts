import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { binnedAxis } from "./envelope";
import { binBudget, binStart, binStats, needsReduction, rounded } from "./reduce";
import {
  type ChartOptions,
  DEFAULT_WIDTH,
  frame,
  named,
  type Row,
  seconds,
  TIME_TITLE,
  type TopLevelSpec,
} from "./spec";

const WINDOWED = "GC CPU in the window";
const BUSIEST = "busiest window in the bin";
const CUMULATIVE = "cumulative since start (ours)";
const RUNTIME = "runtime's gc % (cumulative, truncated)";

/**
 * GC CPU over time (from analysis/gcCpu.ts gcCpuWindows): bars for the GC's share of CPU capacity
 * (wall time × GOMAXPROCS) in each window, and two lines for the cumulative share since start: our
 * recomputation and the `gc %` the runtime printed, which is truncated to a whole percent and leaves out
 * idle-P marking. A spike that the cumulative lines flatten is what the windows are for.
 * More windows than bars fit (one per 2 px): the windows are binned (reduce.ts); a bar is then the GC's exact
 * share over its bin (Σ GC CPU ÷ Σ window × GOMAXPROCS), a step line the busiest single window in it, and the
 * cumulative lines take each bin's last window.
 */
export function gcCpuChart(windows: Table, options: ChartOptions = {}): TopLevelSpec {
  const start = numbers(windows, "startMs");
  const end = numbers(windows, "endMs");
  const pct = numbers(windows, "gcCpuPct");
  const cumulative = numbers(windows, "cumulativePct");
  const runtimePct = numbers(windows, "runtimeGcPct");
  const width = options.width ?? DEFAULT_WIDTH;
  const windowSec = windows.length > 0 ? (end[0] - start[0]) / 1000 : Number.NaN;
  const windowText = Number.isFinite(windowSec) ? `${windowSec} s ` : "";
  const bars: Row[] = [];
  const lines: Row[] = [];
  const busiest: Row[] = [];
  let note = "";
  const axis = needsReduction(windows.length, binBudget(width)) ? binnedAxis(start, width, "ms") : undefined;
  if (axis === undefined) {
    for (let i = 0; i < windows.length; i++) {
      // percentages computed from ms figures printed to two significant digits: two decimals are plenty
      bars.push({ startSec: seconds(start[i]), endSec: seconds(end[i]), gcCpuPct: rounded(pct[i], 2) });
      lines.push({ endSec: seconds(end[i]), series: CUMULATIVE, pct: rounded(cumulative[i], 2) });
      lines.push({ endSec: seconds(end[i]), series: RUNTIME, pct: rounded(runtimePct[i], 2) });
    }
  } else {
    const gcMs = numbers(windows, "gcCpuMs");
    const procs = numbers(windows, "procs");
    const capacity = Float64Array.from(end, (e, i) => (e - start[i]) * procs[i]);
    const { bins } = axis;
    const gc = binStats(bins, start, gcMs);
    const cap = binStats(bins, start, capacity);
    const top = binStats(bins, start, pct);
    const ends = binStats(bins, start, end);
    const cum = binStats(bins, start, cumulative);
    const printed = binStats(bins, start, runtimePct);
    for (let k = 0; k < bins.count; k++) {
      if (cap.n[k] === 0) continue;
      const from = seconds(binStart(bins, k));
      const to = seconds(Math.min(binStart(bins, k + 1), ends.max[k]));
      // runtime/mgc.go's own ratio over the whole bin: GC CPU over wall time × GOMAXPROCS
      const share = (100 * (gc.mean[k] * gc.n[k])) / (cap.mean[k] * cap.n[k]);
      bars.push({ startSec: from, endSec: to, gcCpuPct: rounded(share, 2), windows: cap.n[k] });
      busiest.push({ startSec: from, series: BUSIEST, pct: rounded(top.max[k], 2) });
      lines.push({ endSec: to, series: CUMULATIVE, pct: rounded(cum.last[k], 2) });
      lines.push({ endSec: to, series: RUNTIME, pct: rounded(printed.last[k], 2) });
    }
    note = `. ${windows.length.toLocaleString("en-US")} windows in bins of ${axis.label}: a bar is the bin's share, the dark step its busiest ${windowText}window`;
  }
  const domain =
    axis === undefined ? [WINDOWED, CUMULATIVE, RUNTIME] : [WINDOWED, BUSIEST, CUMULATIVE, RUNTIME];
  const range =
    axis === undefined ? ["#9ecae9", "#f58518", "#e45756"] : ["#9ecae9", "#1f4e79", "#f58518", "#e45756"];
  // four long entries: two legend columns, or the legend would widen the chart
  const color = {
    scale: { domain, range },
    title: null,
    ...(axis === undefined ? {} : { legend: { columns: 2 } }),
  };
  const y = { type: "quantitative" as const, title: "GC CPU (% of wall time × GOMAXPROCS)" };
  const barLayer = {
    data: named("windows"),
    mark: { type: "rect" as const, stroke: axis === undefined ? "white" : null, strokeWidth: 0.5 },
    encoding: {
      // The axis spans the windows (from the first cycle), not 0 to a server's uptime of months.
      x: { field: "startSec", type: "quantitative" as const, title: TIME_TITLE, scale: { zero: false } },
      x2: { field: "endSec" },
      y: { field: "gcCpuPct", ...y },
      color: { datum: WINDOWED, ...color },
      tooltip: [
        { field: "startSec", type: "quantitative" as const, title: "from (s)" },
        { field: "endSec", type: "quantitative" as const, title: "to (s)" },
        { field: "gcCpuPct", type: "quantitative" as const, title: "GC CPU (%)", format: ".2f" },
      ],
    },
  };
  const lineLayer = {
    data: named("cumulative"),
    mark: { type: "line" as const, interpolate: "step-before" as const },
    encoding: {
      x: { field: "endSec", type: "quantitative" as const },
      y: { field: "pct", ...y },
      color: { field: "series", type: "nominal" as const, ...color },
    },
  };
  const busiestLayer = {
    data: named("busiest"),
    mark: { type: "line" as const, interpolate: "step-after" as const, strokeWidth: 1 },
    encoding: {
      x: { field: "startSec", type: "quantitative" as const },
      y: { field: "pct", ...y },
      color: { field: "series", type: "nominal" as const, ...color },
      tooltip: [
        { field: "startSec", type: "quantitative" as const, title: "bin from (s)" },
        { field: "pct", type: "quantitative" as const, title: "busiest window (%)", format: ".2f" },
      ],
    },
  };
  return {
    ...frame(
      "GC CPU over time",
      `Bars: the GC's share of CPU per ${axis === undefined ? windowText : `${axis.label} `}${axis === undefined ? "window" : "bin"}; a bar far above the lines is a burst the cumulative gc % hides${note}`,
      options,
    ),
    datasets:
      axis === undefined
        ? { windows: bars, cumulative: lines }
        : { windows: bars, busiest, cumulative: lines },
    layer: axis === undefined ? [barLayer, lineLayer] : [barLayer, busiestLayer, lineLayer],
  };
}
