import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { rounded } from "./reduce";
import { type ChartOptions, frame, named, type Row, type TopLevelSpec, value } from "./spec";

const PAUSES = "STW pauses only";
const WITH_MARK = "pauses + mark assists/workers";

/**
 * The minimum mutator utilisation curve (from analysis/mmu.ts mmuCurve), log window axis from 1 ms to 1 s.
 * Two curves: counting stop-the-world pauses only, and also charging the concurrent mark's CPU.
 */
export function mmuChart(mmu: Table, options: ChartOptions = {}): TopLevelSpec {
  const windowMs = numbers(mmu, "windowMs");
  const pauses = numbers(mmu, "mmuPct");
  const withMark = numbers(mmu, "mmuWithMarkPct");
  const rows: Row[] = [];
  for (let i = 0; i < mmu.length; i++) {
    // pause positions are known to about ±1 ms (mmu.ts): two decimals of a percent are plenty
    rows.push({ windowMs: value(windowMs[i]), series: PAUSES, mmuPct: rounded(pauses[i], 2) });
    rows.push({ windowMs: value(windowMs[i]), series: WITH_MARK, mmuPct: rounded(withMark[i], 2) });
  }
  return {
    ...frame(
      "Minimum mutator utilisation",
      "The worst share of CPU left to your program in any window of that length; low on the left means long pauses, low on the right means GC eats whole seconds",
      options,
    ),
    datasets: { mmu: rows },
    data: named("mmu"),
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "windowMs", type: "quantitative", title: "window (ms, log scale)", scale: { type: "log" } },
      y: {
        field: "mmuPct",
        type: "quantitative",
        title: "minimum mutator utilisation (%)",
        scale: { domain: [0, 100] },
      },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: [PAUSES, WITH_MARK], range: ["#4c78a8", "#e45756"] },
      },
      tooltip: [
        { field: "windowMs", type: "quantitative", title: "window (ms)" },
        { field: "series", type: "nominal" },
        { field: "mmuPct", type: "quantitative", title: "MMU (%)", format: ".1f" },
      ],
    },
  };
}
