import type { LeakSignal } from "../analysis/goroutines";
import { safeText } from "../safeText";
import { numbers, strings } from "../table/columns";
import type { Table } from "../table/table";
import { binnedAxis, envelopeLayers, envelopeRows } from "./envelope";
import { type BinStats, binCounts, binStart, binStatsBy, extent, needsReduction, rounded } from "./reduce";
import type { LoadWindow } from "./runQueueChart";
import {
  type ChartOptions,
  COUNT_AXIS,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  distinctSorted,
  frame,
  named,
  type Row,
  seconds,
  TIME_TITLE,
  type TopLevelSpec,
  value,
} from "./spec";

/**
 * Goroutines by wait reason over time, stacked (analysis/goroutines.ts goroutineCounts, from scheddetail),
 * and under it the group the leak signal picks (leakSignals, the first suspected leak, else the steepest
 * growing group) on its own with its least-squares line: a steady climb that does not come back down after
 * the load is the leak evidence the run queue cannot show.
 */
export function goroutinesByWaitReasonChart(
  counts: Table,
  leaks: readonly LeakSignal[] = [],
  options: ChartOptions & { readonly loadWindows?: readonly LoadWindow[] } = {},
): TopLevelSpec {
  const time = numbers(counts, "timeMs");
  // a wait reason is trace text: no control characters in the SVG, no line separators in Vega expressions
  const group = strings(counts, "group").map(safeText);
  const count = numbers(counts, "count");
  const width = options.width ?? DEFAULT_WIDTH;
  const dumps = distinctSorted(time).length;
  const axis = needsReduction(dumps, width) ? binnedAxis(time, width, "ms") : undefined;
  const groups = [...new Set(group)];
  const groupIndex = new Map(groups.map((g, j) => [g, j]));
  const key = Float64Array.from(group, (g) => groupIndex.get(g) as number);
  const rows: Row[] = [];
  if (axis === undefined) {
    for (let i = 0; i < counts.length; i++) {
      rows.push({ timeSec: seconds(time[i]), group: group[i], goroutines: value(count[i]) });
    }
  } else {
    // per bin each group's mean count (means stack: the stacked height is the bin's mean total)
    const stats = binStatsBy(
      axis.bins,
      time,
      count,
      key,
      groups.map((_, j) => j),
    );
    const dumped = binCounts(axis.bins, time);
    groups.forEach((g, j) => {
      const st = stats.get(j) as BinStats;
      for (let k = 0; k < axis.bins.count; k++)
        if (dumped[k] > 0)
          rows.push({
            timeSec: seconds(binStart(axis.bins, k)),
            group: g,
            goroutines: st.n[k] > 0 ? rounded(st.mean[k], 2) : 0,
          });
    });
  }
  // behind both panels: the load band (options.loadWindows, as in runQueueChart), labelled above the top one
  const windows: Row[] = (options.loadWindows ?? []).map((w) => ({
    fromSec: seconds(w.startMs),
    toSec: seconds(w.endMs),
    label: safeText(w.label),
  }));
  const band = {
    data: named("load"),
    mark: { type: "rect" as const, color: "#f2b701", opacity: 0.18 },
    encoding: {
      x: { field: "fromSec", type: "quantitative" as const, title: TIME_TITLE },
      x2: { field: "toSec" },
      tooltip: [{ field: "label", type: "nominal" as const, title: "window" }],
    },
  };
  const bandLabel = {
    data: named("load"),
    mark: { type: "text" as const, align: "left" as const, baseline: "bottom" as const, dx: 1, y: -3 },
    encoding: {
      x: { field: "fromSec", type: "quantitative" as const },
      text: { field: "label", type: "nominal" as const },
      color: { value: "#8a6d00" },
    },
  };
  const areas = {
    data: named("counts"),
    mark: { type: "area" as const, interpolate: "step-after" as const, opacity: 0.85 },
    encoding: {
      x: { field: "timeSec", type: "quantitative" as const, title: TIME_TITLE },
      y: {
        field: "goroutines",
        type: "quantitative" as const,
        stack: "zero" as const,
        title: "goroutines",
        ...COUNT_AXIS,
      },
      color: {
        field: "group",
        type: "nominal" as const,
        title: "status / wait reason",
        scale: { scheme: "tableau20" },
        // many groups: a column at the side, not a row wider than the chart
        legend: { orient: "right" as const },
      },
      tooltip: [
        { field: "timeSec", type: "quantitative" as const, title: "time (s)" },
        { field: "group", type: "nominal" as const, title: "status / wait reason" },
        { field: "goroutines", type: "quantitative" as const },
      ],
    },
  };
  const size = { width, height: options.height ?? DEFAULT_HEIGHT };
  const stacked = windows.length > 0 ? { ...size, layer: [band, bandLabel, areas] } : { ...size, ...areas };
  const loadData: Record<string, Row[]> = windows.length > 0 ? { load: windows } : {};
  const shaded = windows.length > 0 ? " (shaded: the load)" : "";
  const picked = leaks.find((l) => l.suspectedLeak) ?? leaks.find((l) => l.growing);
  const pickedGroup = picked === undefined ? "" : safeText(picked.group);
  const reducedNote =
    axis === undefined
      ? ""
      : `. ${dumps.toLocaleString("en-US")} dumps in bins of ${axis.label}: each group's mean stacked${picked ? "; below, band min to max and mean" : ""}`;
  const base = frame(
    "Goroutines by wait reason",
    picked
      ? `A group that climbs steadily and stays up after the load${shaded} is a leak; below: "${pickedGroup}" with its least-squares fit${reducedNote}`
      : `A group that climbs steadily and stays up after the load${shaded} is a leak; none grows steadily here${reducedNote}`,
    options,
  );
  const { width: _w, height: _h, ...top } = base;
  if (picked === undefined) return { ...top, datasets: { counts: rows, ...loadData }, vconcat: [stacked] };
  const mine = key.map((k) => (k === groupIndex.get(pickedGroup) ? 1 : 0));
  const ownTime = time.filter((_, i) => mine[i] === 1);
  const ownCount = count.filter((_, i) => mine[i] === 1);
  const own: Row[] =
    axis === undefined
      ? Array.from(ownTime, (t, i) => ({
          timeSec: seconds(t),
          group: pickedGroup,
          goroutines: value(ownCount[i]),
        }))
      : envelopeRows(axis, ownTime, [{ label: pickedGroup, y: ownCount }], 2);
  const [first, lastMs] = extent(ownTime);
  const from = (seconds(first) ?? 0) as number;
  const to = (seconds(lastMs) ?? 0) as number;
  // analysis/goroutines.ts leakSignals: count = interceptAtZero + slopePerSec · t (t in seconds)
  const fit: Row[] = [from, to].map((t) => ({
    timeSec: t,
    goroutines: rounded(picked.interceptAtZero + picked.slopePerSec * t, 2),
  }));
  const verdict = picked.suspectedLeak ? "suspected leak" : "growing";
  const detail = {
    width,
    height: Math.round((options.height ?? DEFAULT_HEIGHT) * 0.6),
    title: `${pickedGroup}: ${verdict}, ${signed(picked.slopePerSec)} goroutines/s, R² ${picked.r2.toFixed(2)}`,
    layer: [
      ...(windows.length > 0 ? [band] : []),
      ...(axis === undefined
        ? [
            {
              data: named("group"),
              mark: { type: "point" as const, filled: true, size: 18, color: "#4c78a8" },
              encoding: {
                x: { field: "timeSec", type: "quantitative" as const, title: TIME_TITLE },
                y: {
                  field: "goroutines",
                  type: "quantitative" as const,
                  title: `goroutines (${pickedGroup})`,
                  ...COUNT_AXIS,
                },
              },
            },
          ]
        : envelopeLayers({
            data: "group",
            x: { title: TIME_TITLE },
            yTitle: `goroutines (${pickedGroup})`,
            color: { scale: { range: ["#4c78a8"] }, legend: null },
            yScale: COUNT_AXIS.scale,
          })),
      {
        data: named("fit"),
        mark: { type: "line" as const, strokeDash: [5, 3], color: "#e45756" },
        encoding: {
          x: { field: "timeSec", type: "quantitative" as const },
          y: { field: "goroutines", type: "quantitative" as const },
        },
      },
    ],
  };
  return {
    ...top,
    datasets: { counts: rows, group: own, fit, ...loadData },
    vconcat: [stacked, detail],
    // one time axis; reduced, the detail panel's band has a colour scale of its own (one series)
    resolve: { scale: axis === undefined ? { x: "shared" } : { x: "shared", color: "independent" } },
  };
}

function signed(x: number): string {
  const s = +x.toPrecision(3);
  return s > 0 ? `+${s}` : `${s}`;
}
