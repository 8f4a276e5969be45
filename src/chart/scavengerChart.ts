import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { binnedAxis, envelopeLayers, envelopeRows, forcedTicksLayer, reducedNote } from "./envelope";
import { binCounts, binStart, needsReduction, rounded } from "./reduce";
import {
  type ChartOptions,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  frame,
  named,
  type Row,
  seconds,
  TIME_TITLE,
  type TopLevelSpec,
} from "./spec";

const NOW = "returned to the OS now";
const TOTAL = "returned so far (Σ passes)";
const FORCED = "forced (FreeOSMemory)";
const SUBTITLE =
  "Memory returned to the OS and what the heap kept; after the live heap shrinks the scavenger should return the slack over the next cycles";
/** Scav lines print KiB: as MiB (÷ 1024) six decimals keep a thousandth of a KiB. */
const MIB_DECIMALS = 6;
const UTIL_TITLE = "util: heap in use ÷ retained (%)";
const RETAINED_TITLE = "retained from the OS (MiB)";

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
  if (needsReduction(series.length, options.width ?? DEFAULT_WIDTH))
    return reducedScavenger(series, timed, hasUtil, options);
  for (let i = 0; i < series.length; i++) {
    // MiB as printed (whole MiB, or KiB/1024 for scav lines: six decimals keep a thousandth of a KiB)
    released.push({ x: at(i), series: NOW, mib: rounded(now[i], MIB_DECIMALS) });
    released.push({ x: at(i), series: TOTAL, mib: rounded(total[i], MIB_DECIMALS) });
    if (forced[i] === 1) forcedRows.push({ x: at(i) });
    kept.push({ x: at(i), kept: rounded(hasUtil ? util[i] : retained[i], MIB_DECIMALS) });
  }
  const x = { field: "x", type: "quantitative" as const, title: timed ? TIME_TITLE : "scavenger line" };
  const domain = forcedRows.length > 0 ? [NOW, TOTAL, FORCED] : [NOW, TOTAL];
  const color = {
    title: null,
    scale: { domain, range: ["#4c78a8", "#9ecae9", "#b279a2"].slice(0, domain.length) },
  };
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const { width: _w, height: _h, ...top } = frame("The scavenger", SUBTITLE, options);
  const lines = {
    data: named("released"),
    mark: { type: "line" as const, interpolate: "step-after" as const, point: { size: 14 } },
    encoding: {
      x,
      y: { field: "mib", type: "quantitative" as const, title: "returned to the OS (MiB)" },
      color: { field: "series", type: "nominal" as const, ...color },
    },
  };
  const rules = {
    data: named("forced"),
    mark: { type: "rule" as const, opacity: 0.7 },
    encoding: { x, color: { datum: FORCED, ...color } },
  };
  return {
    ...top,
    datasets: forcedRows.length > 0 ? { released, forced: forcedRows, kept } : { released, kept },
    vconcat: [
      { width, height, layer: forcedRows.length > 0 ? [lines, rules] : [lines] },
      {
        width,
        height: Math.round(height * 0.6),
        data: named("kept"),
        mark: { type: "point", filled: true, color: "#54a24b" },
        encoding: {
          x,
          y: hasUtil
            ? {
                field: "kept",
                type: "quantitative",
                title: UTIL_TITLE,
                scale: { domain: [0, 100] },
              }
            : { field: "kept", type: "quantitative", title: RETAINED_TITLE },
        },
      },
    ],
    // one time axis for both panels (vconcat scales are independent by default)
    resolve: { scale: { x: "shared" } },
  };
}

/**
 * The scavenger of more lines than pixels across (reduce.ts): per bin, min–max band and mean of the MiB
 * returned (the running total's band is its rise over the bin), forced passes as ticks on top, and the kept
 * figure's band and mean below.
 */
function reducedScavenger(
  series: Table,
  timed: boolean,
  hasUtil: boolean,
  options: ChartOptions,
): TopLevelSpec {
  const time = numbers(series, "timeMs");
  const x = timed ? time : Float64Array.from(time, (_, i) => i + 1);
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const axis = binnedAxis(x, width, timed ? "ms" : "count", "lines");
  if (axis === undefined) throw new Error("scavengerChart: no line has a time");
  const released = envelopeRows(
    axis,
    x,
    [
      { label: NOW, y: numbers(series, "heapReleasedMB") },
      { label: TOTAL, y: numbers(series, "releasedTotalMB") },
    ],
    MIB_DECIMALS,
  );
  const forced = numbers(series, "forced");
  const forcedCounts = binCounts(
    axis.bins,
    x.filter((_, i) => forced[i] === 1),
  );
  const ticks: Row[] = [];
  for (let k = 0; k < axis.bins.count; k++) {
    if (forcedCounts[k] === 0) continue;
    const mid = binStart(axis.bins, k) + axis.bins.width / 2;
    ticks.push({ mid: timed ? rounded(mid / 1000, 3) : mid, forced: forcedCounts[k] });
  }
  const kept = envelopeRows(
    axis,
    x,
    [{ label: hasUtil ? "util" : "retained", y: numbers(series, hasUtil ? "utilPct" : "retainedMB") }],
    MIB_DECIMALS,
  );
  const domain = ticks.length > 0 ? [NOW, TOTAL, FORCED] : [NOW, TOTAL];
  const color = {
    title: null,
    scale: { domain, range: ["#4c78a8", "#9ecae9", "#b279a2"].slice(0, domain.length) },
  };
  const xTitle = { title: timed ? TIME_TITLE : "scavenger line" };
  const forcedTicks = forcedTicksLayer(FORCED, color, "forced passes in the bin");
  const top = envelopeLayers({ data: "released", x: xTitle, yTitle: "returned to the OS (MiB)", color });
  const {
    width: _w,
    height: _h,
    ...frameTop
  } = frame(
    "The scavenger",
    `${SUBTITLE}. ${reducedNote(axis, series.length, "lines")}${ticks.length > 0 ? "; purple ticks on top: bins with forced passes" : ""}`,
    options,
  );
  return {
    ...frameTop,
    datasets: ticks.length > 0 ? { released, forced: ticks, kept } : { released, kept },
    vconcat: [
      { width, height, layer: ticks.length > 0 ? [...top, forcedTicks] : top },
      {
        width,
        height: Math.round(height * 0.6),
        layer: envelopeLayers({
          data: "kept",
          x: xTitle,
          yTitle: hasUtil ? UTIL_TITLE : RETAINED_TITLE,
          color: { scale: { range: ["#54a24b"] }, legend: null },
          ...(hasUtil ? { yScale: { domain: [0, 100] } } : {}),
        }),
      },
    ],
    resolve: { scale: { x: "shared", color: "independent" } },
  };
}
