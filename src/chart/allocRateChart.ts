import { numbers } from "../analysis/tables";
import type { Table } from "../parse/types";
import { type ChartOptions, frame, type Row, seconds, TIME_TITLE, type TopLevelSpec, value } from "./spec";

const GAP = "between cycles";
const CYCLE = "end to end (incl. during mark)";

/**
 * Allocation rate per GC cycle (from analysis/heap.ts heapCycles): MiB allocated per second between the
 * previous cycle's end and this one's start, and end to end. The allocation rate, with the live heap,
 * sets how often the GC runs.
 */
export function allocRateChart(heapCycles: Table, options: ChartOptions = {}): TopLevelSpec {
  const timeMs = numbers(heapCycles, "timeMs");
  const gcNum = numbers(heapCycles, "gcNum");
  const gap = numbers(heapCycles, "allocRateMBPerSec");
  const cycle = numbers(heapCycles, "cycleAllocRateMBPerSec");
  const rows: Row[] = [];
  for (let i = 0; i < heapCycles.length; i++) {
    const at = { gcNum: value(gcNum[i]), timeSec: seconds(timeMs[i]) };
    rows.push({ ...at, series: GAP, rateMBPerSec: value(gap[i]) });
    rows.push({ ...at, series: CYCLE, rateMBPerSec: value(cycle[i]) });
  }
  return {
    ...frame(
      "Allocation rate",
      "MiB allocated per second before each GC cycle; the GC runs more often when this rises or the live heap is small",
      options,
    ),
    data: { values: rows },
    mark: { type: "line", point: { size: 12 } },
    encoding: {
      x: { field: "timeSec", type: "quantitative", title: TIME_TITLE },
      y: { field: "rateMBPerSec", type: "quantitative", title: "allocation rate (MiB/s)" },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: [GAP, CYCLE], range: ["#4c78a8", "#9ecae9"] },
      },
      tooltip: [
        { field: "gcNum", type: "quantitative", title: "GC cycle" },
        { field: "series", type: "nominal" },
        { field: "rateMBPerSec", type: "quantitative", title: "MiB/s", format: ".1f" },
      ],
    },
  };
}
