/** The latency captures of data/ (scripts/capture.sh, CSV=1): hey's per-request CSV on the trace's clock. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadHey, loadTrace } from "../../src";

const DATA = path.join(__dirname, "..", "..", "data");
const LATENCY = fs
  .readdirSync(DATA)
  .filter((f) => f.endsWith(".meta.json"))
  .map((f) => JSON.parse(fs.readFileSync(path.join(DATA, f), "utf8")))
  .filter((m) => m.load?.csv);

describe("the latency captures", () => {
  it("include case 1 at GOMAXPROCS 1, 2 and 4, case 2, and the GC-heavy service", () => {
    const names = LATENCY.map((m) => m.name);
    for (const n of ["case1-latency-p1", "case1-latency-p2", "case1-latency-p4", "case2-leak-latency"]) {
      expect(names).toContain(n);
    }
    const gc = LATENCY.find((m) => m.name === "gcheavy-latency");
    expect(gc.command).toContain("-alloc-kb");
    expect(gc.godebug).toContain("gctrace=1");
  });

  for (const meta of LATENCY) {
    it(`${meta.name}: every request has a row on the trace's clock, inside the load window the trace covers`, async () => {
      const h = await loadHey(path.join(DATA, meta.load.csv));
      expect(h.metaFile).toBe(path.join(DATA, `${meta.name}.meta.json`));
      expect(h.clock).toBe("process");
      expect(h.loadStartMs).toBe(meta.load.startMs);
      expect(h.malformed).toEqual([]);
      expect(h.damage).toEqual([]);
      expect(h.requests.length).toBe(meta.load.summary.responses);
      expect(h.requests.length).toBe(h.expectedRequests);
      const start = h.requests.columns.timeMs as Float64Array;
      const end = h.requests.columns.endMs as Float64Array;
      const first = start.reduce((a, b) => Math.min(a, b));
      const last = end.reduce((a, b) => Math.max(a, b));
      expect(first).toBeGreaterThanOrEqual(meta.load.startMs);
      expect(last).toBeLessThanOrEqual(meta.load.endMs);
      const trace = await loadTrace(path.join(DATA, meta.trace));
      const sched = trace.num("schedtrace", "timeMs");
      expect(sched[0]).toBeLessThan(first);
      expect(sched[sched.length - 1]).toBeGreaterThan(last);
      expect(h.summary.requestsPerSec).toBeCloseTo(meta.load.summary.requestsPerSec, 0);
    });
  }
});
