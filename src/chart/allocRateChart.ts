import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { binnedAxis, envelopeLayers, envelopeRows, reducedNote } from "./envelope";
import { needsReduction, rounded } from "./reduce";
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

const GAP = "between cycles";
const CYCLE = "end to end (incl. during mark)";
const SUBTITLE =
  "MiB allocated per second before each GC cycle; the GC runs more often when this rises or the live heap is small";

/**
 * Allocation rate per GC cycle (from analysis/heap.ts heapCycles): MiB allocated per second between the
 * previous cycle's end and this one's start, and end to end. The allocation rate, with the live heap,
 * sets how often the GC runs. More cycles than pixels across: per time bin, min–max band and mean (reduce.ts).
 */
export function allocRateChart(heapCycles: Table, options: ChartOptions = {}): TopLevelSpec {
  const timeMs = numbers(heapCycles, "timeMs");
  const gcNum = numbers(heapCycles, "gcNum");
  const gap = numbers(heapCycles, "allocRateMBPerSec");
  const cycle = numbers(heapCycles, "cycleAllocRateMBPerSec");
  const color = { title: null, scale: { domain: [GAP, CYCLE], range: ["#4c78a8", "#9ecae9"] } };
  const yTitle = "allocation rate (MiB/s)";
  const axis = needsReduction(heapCycles.length, options.width ?? DEFAULT_WIDTH)
    ? binnedAxis(timeMs, options.width ?? DEFAULT_WIDTH, "ms")
    : undefined;
  if (axis !== undefined) {
    const series = [
      { label: GAP, y: gap },
      { label: CYCLE, y: cycle },
    ];
    return {
      ...frame("Allocation rate", `${SUBTITLE}. ${reducedNote(axis, heapCycles.length, "cycles")}`, options),
      datasets: { rates: envelopeRows(axis, timeMs, series, 1) },
      layer: envelopeLayers({ data: "rates", x: { title: TIME_TITLE }, yTitle, color, format: ".1f" }),
    };
  }
  const rows: Row[] = [];
  for (let i = 0; i < heapCycles.length; i++) {
    const at = { gcNum: rounded(gcNum[i], 0), timeSec: seconds(timeMs[i]) };
    // a rate derived from whole MiB over ms: a tenth of a MiB/s is more than the inputs tell
    rows.push({ ...at, series: GAP, rateMBPerSec: rounded(gap[i], 1) });
    rows.push({ ...at, series: CYCLE, rateMBPerSec: rounded(cycle[i], 1) });
  }
  return {
    ...frame("Allocation rate", SUBTITLE, options),
    datasets: { rates: rows },
    data: named("rates"),
    mark: { type: "line", point: { size: 12 } },
    encoding: {
      x: { field: "timeSec", type: "quantitative", title: TIME_TITLE },
      y: { field: "rateMBPerSec", type: "quantitative", title: yTitle },
      color: { field: "series", type: "nominal", ...color },
      tooltip: [
        { field: "gcNum", type: "quantitative", title: "GC cycle" },
        { field: "series", type: "nominal" },
        { field: "rateMBPerSec", type: "quantitative", title: "MiB/s", format: ".1f" },
      ],
    },
  };
}
