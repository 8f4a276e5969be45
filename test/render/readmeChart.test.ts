import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { README_CHART, readmeChartSVG } from "../../scripts/gen-readme-chart";
import { countTags } from "../chart/helpers";

describe("the README chart", () => {
  it("docs/img/heap-timeline.svg is what scripts/gen-readme-chart.ts makes from the real capture today", async () => {
    const fresh = await readmeChartSVG();
    expect(countTags(fresh, "path")).toBeGreaterThan(100);
    expect(fresh).toContain("Heap per GC cycle");
    // a stale image means: rerun the script (its header has the command) and commit the result
    expect(fs.readFileSync(README_CHART, "utf8") === fresh).toBe(true);
  });
});
