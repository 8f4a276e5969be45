import { numbers } from "../analysis/tables";
import type { Table } from "../parse/types";
import {
  type ChartOptions,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  frame,
  type Row,
  seconds,
  TIME_TITLE,
  type TopLevelSpec,
  value,
} from "./spec";

const NOW = "returned to the OS now";
const TOTAL = "returned so far (Σ passes)";
const FORCED = "forced (FreeOSMemory)";

/**
 * The scavenger over time (analysis/scavenger.ts scavengerSeries, scvg and scav lines): heap memory returned to
 * the OS at each line and in total, forced passes (debug.FreeOSMemory) as rules; below, what the heap kept —
 * the scav lines' util (heap in use ÷ retained) or, for the older scvg lines, the retained MiB. A scav line has
 * no time of its own: it takes the start of the gc cycle whose sweep it closes (scavtrace gcNum); without gc lines
 * the x axis counts lines.
 */
export function scavengerChart(series: Table, options: ChartOptions = {}): TopLevelSpec {
  const time = numbers(series, "timeMs");
  const timed = time.some(Number.isFinite);
  const at = (i: number) => (timed ? seconds(time[i]) : i + 1);
  const now = numbers(series, "heapReleasedMB");
  const total = numbers(series, "releasedTotalMB");
  const util = numbers(series, "utilPct");
  const retained = numbers(series, "retainedMB");
  const forced = numbers(series, "forced");
  const released: Row[] = [];
  const forcedRows: Row[] = [];
  const kept: Row[] = [];
  const hasUtil = util.some(Number.isFinite);
  for (let i = 0; i < series.length; i++) {
    released.push({ x: at(i), series: NOW, mib: value(now[i]) });
    released.push({ x: at(i), series: TOTAL, mib: value(total[i]) });
    if (forced[i] === 1) forcedRows.push({ x: at(i) });
    kept.push({ x: at(i), kept: value(hasUtil ? util[i] : retained[i]) });
  }
  const x = { field: "x", type: "quantitative" as const, title: timed ? TIME_TITLE : "scavenger line" };
  const domain = forcedRows.length > 0 ? [NOW, TOTAL, FORCED] : [NOW, TOTAL];
  const color = {
    title: null,
    scale: { domain, range: ["#4c78a8", "#9ecae9", "#b279a2"].slice(0, domain.length) },
  };
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const {
    width: _w,
    height: _h,
    ...top
  } = frame(
    "The scavenger",
    "Memory returned to the OS and what the heap kept; after the live heap shrinks the scavenger should return the slack over the next cycles",
    options,
  );
  const lines = {
    data: { values: released },
    mark: { type: "line" as const, interpolate: "step-after" as const, point: { size: 14 } },
    encoding: {
      x,
      y: { field: "mib", type: "quantitative" as const, title: "returned to the OS (MiB)" },
      color: { field: "series", type: "nominal" as const, ...color },
    },
  };
  const rules = {
    data: { values: forcedRows },
    mark: { type: "rule" as const, opacity: 0.7 },
    encoding: { x, color: { datum: FORCED, ...color } },
  };
  return {
    ...top,
    vconcat: [
      { width, height, layer: forcedRows.length > 0 ? [lines, rules] : [lines] },
      {
        width,
        height: Math.round(height * 0.6),
        data: { values: kept },
        mark: { type: "point", filled: true, color: "#54a24b" },
        encoding: {
          x,
          y: hasUtil
            ? {
                field: "kept",
                type: "quantitative",
                title: "util: heap in use ÷ retained (%)",
                scale: { domain: [0, 100] },
              }
            : { field: "kept", type: "quantitative", title: "retained from the OS (MiB)" },
        },
      },
    ],
    // one time axis for both panels (vconcat scales are independent by default)
    resolve: { scale: { x: "shared" } },
  };
}
