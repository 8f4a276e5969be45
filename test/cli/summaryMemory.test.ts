import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateGctrace } from "../../bench/gen-gctrace";
import { loadTrace, summarizeTrace } from "../../src";
import { writeBigScheddetail } from "../helpers/bigScheddetail";
import { data } from "./fixtures";

const REPO = path.join(__dirname, "..", "..");
const BIN = path.join(REPO, "dist", "cli", "main.js");

describe("summary of a scheddetail log without its P/M/G rows", () => {
  it("schedtrace.goroutines counts each dump's G lines: the scheddetailG rows per header", async () => {
    const trace = await loadTrace(data("case2-leak-scheddetail.log"));
    const headerLines = trace.num("schedtrace", "line");
    const goroutines = trace.num("schedtrace", "goroutines");
    const gLines = trace.num("scheddetailG", "line");
    for (let h = 0; h < headerLines.length; h++) {
      const next = h + 1 < headerLines.length ? headerLines[h + 1] : Number.POSITIVE_INFINITY;
      const own = gLines.filter((l) => l > headerLines[h] && l < next).length;
      expect(goroutines[h]).toBe(own);
    }
    expect(Math.max(...goroutines)).toBeGreaterThan(100);
  });

  it("detailRows: false keeps no P/M/G rows and gives the same summary but for what needs them (imbalance between Ps, growing goroutine groups)", async () => {
    for (const name of ["case2-leak-scheddetail.log", "scheddetail.log"]) {
      const full = await loadTrace(data(name));
      const lean = await loadTrace(data(name), { detailRows: false });
      expect(lean.tables.scheddetailG.length).toBe(0);
      expect(lean.tables.scheddetailP.length + lean.tables.scheddetailM.length).toBe(0);
      expect(full.tables.scheddetailG.length).toBeGreaterThan(0);
      const a = summarizeTrace(lean);
      const b = summarizeTrace(full);
      expect(a.goroutines?.suspectedLeaks).toBeNull();
      expect(b.goroutines?.suspectedLeaks).not.toBeNull();
      expect(a.sched?.meanImbalance).toBeNaN();
      expect(b.sched?.meanImbalance).not.toBeNaN();
      const without = (s: typeof a) => ({
        ...s,
        sched: { ...s.sched, meanImbalance: 0 },
        goroutines: { ...s.goroutines, suspectedLeaks: [] },
      });
      expect(without(a)).toEqual(without(b));
      expect(a.goroutines?.dumps).toBeGreaterThan(0);
    }
  });
});

describe("summary of a large scheddetail log runs in bounded memory", () => {
  let dir: string;
  let big: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-summary-mem-"));
    big = path.join(dir, "big-scheddetail.log");
    await writeBigScheddetail(big, 64 * 1024 * 1024);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("godebug-lab summary of 64 MiB of real scheddetail dumps fits in a 32 MiB V8 heap (the rows alone need far more)", () => {
    const r = spawnSync(process.execPath, ["--max-old-space-size=32", BIN, "summary", big, "--json"], {
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    // every copy of the capture is one process run; its dumps each counted their G lines
    expect(s.runs).toHaveLength(1);
    expect(s.sched.detailDumps).toBeGreaterThan(3000);
    expect(s.sched.goroutinesMax).toBe(812);
    expect(s.counts.scheddetail).toBeGreaterThan(1_000_000);
  }, 60_000);
});

/**
 * In a child process (a fresh heap): loads `file` on one thread, then measures how far the summary raises the
 * process's peak RSS above what the loaded trace holds. The gctrace columns live outside V8's heap (typed
 * arrays), so a heap limit (as above) would not catch per-cycle tables: the kernel's peak RSS does.
 */
const MEASURE = `
const { loadTrace, summarizeTrace } = require(${JSON.stringify(path.join(REPO, "dist", "index.js"))});
(async () => {
  const trace = await loadTrace(process.argv[1], { threads: 1 });
  global.gc();
  const loadedRss = process.memoryUsage().rss;
  let columnBytes = 0;
  for (const c of Object.values(trace.tables.gctrace.columns)) columnBytes += c.byteLength ?? 8 * c.length;
  const summary = summarizeTrace(trace);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ loadedRss, peakRss, columnBytes, gc: summary.gc }));
})();
`;

describe("summary of a large gctrace runs in bounded memory", () => {
  let dir: string;
  let big: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-summary-gc-mem-"));
    big = path.join(dir, "big-gctrace.log");
    await generateGctrace(REPO, big, 300_000);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("summarizeTrace of 300,000 gc cycles adds less than half the gctrace table's size to the peak RSS (a per-cycle table of the GC CPU or the MMU's segments held in full would add more)", () => {
    const r = spawnSync(process.execPath, ["--expose-gc", "-e", MEASURE, big], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout);
    // every headline figure is there: pauses, MMU, GC CPU, heap, GOGC, allocation rate
    expect(m.gc.cycles).toBe(300_000);
    expect(m.gc.pauses.count).toBe(300_000);
    for (const k of ["mmu10msPct", "mmu100msPct", "gcCpuPct", "inferredGogc", "medianAllocRateMBPerSec"])
      expect(Number.isFinite(m.gc[k]), k).toBe(true);
    // 28 columns of 300,000 cycles: 64 MiB; the 12 columns of gcCpuPerCycle alone are 0.43 of that, and the MMU's
    // 900,000 segments in four columns 0.43 too (the summary of session 4 added 1.3 times the table)
    expect(m.columnBytes).toBeGreaterThan(60 * 2 ** 20);
    expect(m.peakRss - m.loadedRss).toBeLessThan(0.5 * m.columnBytes);
  }, 60_000);
});
