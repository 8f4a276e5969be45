import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { pauseBoundsMs } from "../capture/printedMs";
import { data, fileLines, memstats } from "./fixtures";
import { memoryIO } from "./memoryIO";

async function run(args: string[], stdin = "") {
  const io = memoryIO(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function summaryJson(file: string) {
  const r = await run(["summary", file, "--json"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

const KEYS = [
  "gctrace",
  "gcpacertrace",
  "scavtrace",
  "schedtrace",
  "scheddetail",
  "inittrace",
  "other",
  "malformed",
];

describe("godebug-lab summary", () => {
  it("summary --json counts have the eight keys and add up to the file's line count", async () => {
    const file = data("gctrace-pacer-scav.log");
    const lines = fileLines(file);
    const s = await summaryJson(file);
    expect(Object.keys(s.counts)).toEqual(KEYS);
    expect(Object.values(s.counts).reduce((a: number, b) => a + (b as number), 0)).toBe(lines.length);
    expect(s.lines).toBe(lines.length);
    // Independent count by line prefix: this capture holds only gc, pacer and scav lines.
    expect(s.counts.gctrace).toBe(lines.filter((l) => l.startsWith("gc ")).length);
    expect(s.counts.gcpacertrace).toBe(lines.filter((l) => l.startsWith("pacer:")).length);
    expect(s.counts.scavtrace).toBe(lines.filter((l) => l.startsWith("scav ")).length);
    expect(s.counts.malformed).toBe(0);
    expect(s.malformed).toEqual([]);
  });

  it("summary --json gc figures agree with the program's own MemStats", async () => {
    const s = await summaryJson(data("gctrace-pacer-scav.log"));
    const m = memstats("gctrace-pacer-scav");
    expect(s.gc.cycles).toBe(m.numGC);
    // go1.19 may also print (forced) on the background cycle right before a user-forced one (see
    // test/capture/live.test.ts); such a line is directly followed by another (forced) line.
    const forced = fileLines(data("gctrace-pacer-scav.log"))
      .filter((l) => l.startsWith("gc "))
      .map((l) => l.endsWith(" (forced)"));
    expect(s.gc.forcedCycles).toBe(forced.filter(Boolean).length);
    expect(s.gc.forcedCycles - m.numForcedGC).toBeGreaterThanOrEqual(0);
    expect(s.gc.forcedCycles - m.numForcedGC).toBeLessThanOrEqual(
      forced.filter((f, i) => f && forced[i + 1]).length,
    );
    expect(m.numForcedGC).toBeGreaterThan(0);
    // The printed STW times are truncated: the true total lies between their sum and sum + one unit each.
    const bounds = fileLines(data("gctrace-pacer-scav.log"))
      .filter((l) => l.startsWith("gc "))
      .map(pauseBoundsMs);
    const totalMs = m.pauseTotalNs / 1e6;
    expect(s.gc.pauseTotalMs).toBeCloseTo(
      bounds.reduce((a, b) => a + b.low, 0),
      9,
    );
    expect(totalMs).toBeGreaterThanOrEqual(s.gc.pauseTotalMs);
    expect(totalMs).toBeLessThanOrEqual(bounds.reduce((a, b) => a + b.high, 0));
    expect(s.runs).toHaveLength(1);
    expect(s.runs[0].gcCycles).toBe(m.numGC);
  });

  it("summary --json scheduler figures show case 1's run queue on one P", async () => {
    const file = data("case1-schedtrace.log");
    const s = await summaryJson(file);
    const sched = fileLines(file).filter((l) => l.startsWith("SCHED "));
    expect(s.counts.schedtrace).toBe(sched.length);
    expect(s.sched.samples).toBe(sched.length);
    expect(s.sched.gomaxprocs).toBe(1);
    // The largest global + per-P queue, read independently from the text.
    const runnable = sched.map((l) => {
      const m = l.match(/runqueue=(\d+) \[(\d+)\]/);
      return Number(m?.[1]) + Number(m?.[2]);
    });
    expect(s.sched.runnableMax).toBe(Math.max(...runnable));
    expect(s.sched.samplesWithQueue).toBe(runnable.filter((n) => n > 0).length);
    expect(s.sched.runnableMax).toBeGreaterThan(0);
    expect(s.counts.other).toBeGreaterThan(0); // the service's own log lines on stderr
    expect(s.gc).toBeNull();
  });

  it("summary --json counts scheddetail dumps and the goroutines of the largest one", async () => {
    const file = data("case2-leak-scheddetail.log");
    const s = await summaryJson(file);
    const lines = fileLines(file);
    // Goroutines per dump, counted from the text: G lines between one SCHED header and the next.
    let best = 0;
    let count = 0;
    for (const l of lines) {
      if (l.startsWith("SCHED ")) count = 0;
      else if (/^ {2}G\d+: /.test(l)) best = Math.max(best, ++count);
    }
    expect(s.sched.detailDumps).toBe(lines.filter((l) => l.startsWith("SCHED ")).length);
    expect(s.sched.goroutinesMax).toBe(best);
    expect(best).toBeGreaterThan(800); // 800 leaked by the capture's load, plus the service's own
  });

  it("summary --json reports init packages, the slowest first by clock", async () => {
    const s = await summaryJson(data("inittrace.log"));
    const inits = fileLines(data("inittrace.log")).filter((l) => l.startsWith("init "));
    expect(s.init.packages).toBe(inits.length);
    expect(inits.some((l) => l.startsWith(`init ${s.init.slowestPkg} `))).toBe(true);
  });

  it("summary lists malformed lines with their line number and reason", async () => {
    // A real capture with its last gc line cut off mid-way, read from stdin.
    const lines = fileLines(data("workload-gogc200.log"));
    const cut = lines[lines.length - 1].slice(0, 30);
    const text = [...lines.slice(0, -1), cut].join("\n");
    const r = await run(["summary", "-", "--json"], text);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.counts.malformed).toBe(1);
    expect(s.malformed).toHaveLength(1);
    expect(s.malformed[0].line).toBe(lines.length);
    expect(typeof s.malformed[0].reason).toBe("string");
    expect(s.malformed[0].reason.length).toBeGreaterThan(0);
    expect(Object.keys(s.malformed[0]).sort()).toEqual(["line", "reason"]);

    const human = await run(["summary", "-"], text);
    expect(human.out).toContain(`<stdin>:${lines.length}: ${s.malformed[0].reason}`);
  });

  it("summary prints lines per kind, runs and GC figures as text", async () => {
    const r = await run(["summary", data("workload-gogc100.log")]);
    expect(r.code).toBe(0);
    const n = fileLines(data("workload-gogc100.log")).length;
    expect(r.out).toMatch(new RegExp(`workload-gogc100.log: ${n} lines, 1 run\\n`));
    expect(r.out).toMatch(new RegExp(`\\n {2}gctrace +${n}\\n`));
    expect(r.out).toMatch(/\n {2}malformed +0\n/);
    expect(r.out).toMatch(/\nrun 0: \d+\.\d{3} s to \d+\.\d{3} s; \d+ gc cycles, 0 SCHED lines\n/);
    expect(r.out).toMatch(
      new RegExp(
        `\\nGC: ${memstats("workload-gogc100").numGC} cycles in [\\d.]+ s \\([\\d.]+/s\\), GOMAXPROCS 2, 0 forced\\n`,
      ),
    );
    expect(r.out).toMatch(
      /\n {2}stop-the-world pauses \(R-7 quantiles\): p50 [\d.]+ ms, .* total [\d.]+ ms\n/,
    );
  });

  it("summary --help prints the usage and exits 0", async () => {
    const r = await run(["summary", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("usage: godebug-lab summary <file|-> [--json]");
  });
});

describe("godebug-lab summary: user errors exit 2 with one clear line", () => {
  it.each([
    [
      ["summary", "/nonexistent/trace.log"],
      /cannot read \/nonexistent\/trace\.log: no such file or directory/,
    ],
    [["summary", "/tmp"], /cannot read \/tmp: not a file/],
    [["summary"], /missing <file\|->/],
    [["summary", "a.log", "b.log"], /unexpected argument 'b\.log'/],
    [["summary", data("inittrace.log"), "--jsn"], /Unknown option '--jsn'/],
  ])("summary %j fails with status 2", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/^godebug-lab summary: /);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});
