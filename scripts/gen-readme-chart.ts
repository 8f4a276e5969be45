/**
 * Writes the README's chart, docs/img/heap-timeline.svg, from a real capture (data/gctrace-pacer-scav.log: the
 * bundled workload with FreeOSMemory every 2 s and its live heap quartered at 3 s). test/render/readmeChart.test.ts
 * regenerates it and fails when the committed image is stale. Run:
 *
 *   npx tsc --outDir node_modules/.cache/godebug-lab-scripts --rootDir . --module commonjs --target es2022 \
 *     --moduleResolution node10 --types node --skipLibCheck --esModuleInterop scripts/gen-readme-chart.ts \
 *   && node node_modules/.cache/godebug-lab-scripts/scripts/gen-readme-chart.js
 *
 * (compiled inside the repository so that vega resolves from node_modules).
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { heapCycles } from "../src/analysis/heap";
import { heapTimelineChart } from "../src/chart/heapTimelineChart";
import { toSVG } from "../src/render/svg";
import { mainRun } from "../src/table/runs";
import { loadTrace } from "../src/trace/doors";

/** The repository root, from this file (scripts/) or its compiled copy (…/godebug-lab-scripts/scripts/). */
export const ROOT = path.resolve(
  __dirname.replace(/node_modules[\\/]\.cache[\\/]godebug-lab-scripts[\\/]/, ""),
  "..",
);
export const README_CHART = path.join(ROOT, "docs/img/heap-timeline.svg");
export const README_CHART_SOURCE = path.join(ROOT, "data/gctrace-pacer-scav.log");

/** The README chart as an SVG document. */
export async function readmeChartSVG(): Promise<string> {
  const trace = await loadTrace(README_CHART_SOURCE);
  return toSVG(heapTimelineChart(heapCycles(mainRun(trace.tables.gctrace))));
}

if (require.main === module) {
  readmeChartSVG().then((svg) => {
    writeFileSync(README_CHART, svg);
    console.log(`wrote ${path.relative(ROOT, README_CHART)} (${svg.length} bytes)`);
  });
}
