import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrace, traceChart } from "../../src";
import { withUptime } from "../helpers/uptime";
import { ROOT, toView } from "./helpers";

const DAY_SEC = 86_400;

/** Real captures moved to 231 days of uptime, and the charts with a time axis in seconds that each supports. */
const CASES: [string, string[]][] = [
  ["data/gctrace-pacer-scav.log", ["heap", "alloc-rate", "gc-cpu", "scavenger"]],
  ["test/data/go1.19/gctrace-schedtrace-webservice.txt", ["runqueue", "queue-drain"]],
  ["data/case2-leak-scheddetail.log", ["runqueue", "queue-drain", "per-p-heatmap", "goroutines"]],
];

/** The time axis' domain: the x scale of the chart (or of its first part, for stacked charts). */
async function xDomain(spec: object): Promise<number[]> {
  const view = await toView(spec as never);
  try {
    for (const name of ["x", "concat_0_x", "layer_0_x"]) {
      try {
        return view.scale(name).domain() as number[];
      } catch {
        // not this chart's scale name
      }
    }
    throw new Error("no x scale");
  } finally {
    view.finalize();
  }
}

describe("time axes after 231 days of uptime span the data, not 0 to the uptime", () => {
  for (const [file, charts] of CASES) {
    const text = readFileSync(path.join(ROOT, file), "utf8").replace(/^#[^\n]*\n(?:#[^\n]*\n)*/, "");
    const trace = parseTrace(withUptime(text, 231), { file });
    it.each(charts)(`%s of ${path.basename(file)} starts its time axis after day 230`, async (name) => {
      const [lo, hi] = await xDomain(traceChart(trace, name).spec);
      expect(lo).toBeGreaterThan(230 * DAY_SEC);
      expect(hi - lo).toBeLessThan(DAY_SEC);
    });
  }
});
