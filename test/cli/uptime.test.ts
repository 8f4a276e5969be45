import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { UPTIME_DAYS, withUptime } from "../helpers/uptime";
import { data } from "./fixtures";
import { memoryIO } from "./memoryIO";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-uptime-"));
  const text = fs.readFileSync(data("workload-gogc100.log"), "utf8");
  for (const days of UPTIME_DAYS) fs.writeFileSync(path.join(dir, `up${days}.log`), withUptime(text, days));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function sizeOf(args: (log: string) => string[], days: number, out: string): Promise<number> {
  const io = memoryIO();
  const code = await main(args(path.join(dir, `up${days}.log`)), io);
  expect(io.err()).toBe("");
  expect(code).toBe(0);
  return fs.statSync(out).size;
}

describe("a long-running server's trace (workload-gogc100 moved to 1, 30, 231 days of uptime)", () => {
  it("report pages are the size of the 0-day page (within 1 %)", async () => {
    const out = path.join(dir, "report.html");
    const report = (log: string) => ["report", log, "-o", out];
    const fresh = await sizeOf(report, 0, out);
    for (const days of UPTIME_DAYS.slice(1)) {
      const size = await sizeOf(report, days, out);
      expect(Math.abs(size - fresh) / fresh, `${days} days: ${size} vs ${fresh} bytes`).toBeLessThan(0.01);
    }
  });

  it("chart --chart gc-cpu draws as many bars as for the 0-day trace, in an SVG of the same size (within 5 %)", async () => {
    const out = path.join(dir, "gc-cpu.svg");
    const chart = (log: string) => ["chart", log, "--chart", "gc-cpu", "-o", out];
    const fresh = await sizeOf(chart, 0, out);
    const bars = (svg: string) => (svg.match(/aria-roledescription="rect mark"/g) ?? []).length;
    const freshBars = bars(fs.readFileSync(out, "utf8"));
    expect(freshBars).toBeGreaterThan(3);
    for (const days of UPTIME_DAYS.slice(1)) {
      const size = await sizeOf(chart, days, out);
      expect(Math.abs(size - fresh) / fresh, `${days} days`).toBeLessThan(0.05);
      expect(bars(fs.readFileSync(out, "utf8"))).toBe(freshBars);
    }
  });
});
