import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gcCpuPerCycle, headline, loadTrace, TABLE_NAMES, windowTrace } from "../../src";

const ROOT = join(__dirname, "..", "..");
const TEST_DATA = join(ROOT, "test", "data");
const DATA = join(ROOT, "data");

function traceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "corpus" ? [] : traceFiles(path);
    return /\.(txt|log)$/.test(name) ? [path] : [];
  });
}

const FILES = [...traceFiles(TEST_DATA), ...traceFiles(DATA)];

describe("windowTrace", () => {
  it("finds the real fixtures", () => expect(FILES.length).toBeGreaterThan(20));

  it.each(FILES.map((f) => [f.slice(ROOT.length + 1), f]))(
    "a window without limits counts every line of %s as the trace does",
    async (_name, file) => {
      const trace = await loadTrace(file);
      const view = windowTrace(trace, {});
      expect(view.counts).toEqual(trace.counts);
      expect(view.lines).toBe(trace.lines);
      for (const name of TABLE_NAMES) expect(view.tables[name].length).toBe(trace.tables[name].length);
    },
  );

  it.each(FILES.map((f) => [f.slice(ROOT.length + 1), f]))(
    "the runs of %s add up to the trace's trace lines",
    async (_name, file) => {
      const trace = await loadTrace(file);
      const sums: Record<string, number> = {};
      for (let run = 0; run < trace.runs; run++) {
        const view = windowTrace(trace, { run });
        for (const [k, v] of Object.entries(view.counts)) sums[k] = (sums[k] ?? 0) + v;
        for (const name of TABLE_NAMES) {
          const runs = view.num(name, "run");
          expect(runs.every((r) => r === run)).toBe(true);
        }
      }
      if (trace.runs === 0) return;
      for (const k of ["gctrace", "gcpacertrace", "scavtrace", "schedtrace", "scheddetail", "inittrace"]) {
        expect(sums[k], k).toBe(trace.counts[k as keyof typeof trace.counts]);
      }
    },
  );

  it("a time window keeps the gc cycles that start in [from, to), as views on the trace's columns", async () => {
    const trace = await loadTrace(join(DATA, "workload-gogc100.log"));
    const time = trace.num("gctrace", "timeMs");
    const span = time[time.length - 1] - time[0];
    const fromMs = time[0] + span / 3;
    const toMs = time[0] + (2 * span) / 3;
    const view = windowTrace(trace, { fromMs, toMs });
    const expected = [...time].filter((t) => t >= fromMs && t < toMs);
    expect(expected.length).toBeGreaterThan(5);
    expect([...view.num("gctrace", "timeMs")]).toEqual(expected);
    // no copy: the window's column is a view on the trace's memory
    const pause = view.num("gctrace", "pauseMs");
    expect(pause.buffer).toBe(trace.num("gctrace", "pauseMs").buffer);
    expect(view.copiedTables).toEqual([]);
    // string and boolean columns are the window's rows too
    expect(view.bool("gctrace", "forced")).toHaveLength(expected.length);
    expect(view.counts.gctrace).toBe(expected.length);
    // the analyses take a window like a trace
    expect(gcCpuPerCycle(view).length).toBe(expected.length);
    expect(headline(view).gc?.cycles).toBe(expected.length);
    expect(view.frame("gctrace").shape).toEqual([expected.length, trace.tables.gctrace.schema.length]);
  });

  it("a time window on schedtrace keeps each kept SCHED line's per-P rows and nothing else", async () => {
    const trace = await loadTrace(join(DATA, "case1-schedtrace.log"));
    const time = trace.num("schedtrace", "timeMs");
    const fromMs = time[Math.floor(time.length / 4)];
    const toMs = time[Math.floor(time.length / 2)];
    const view = windowTrace(trace, { fromMs, toMs });
    const lines = new Set(view.num("schedtrace", "line"));
    expect(lines.size).toBe(view.tables.schedtrace.length);
    expect(view.tables.schedtrace.length).toBe(Math.floor(time.length / 2) - Math.floor(time.length / 4));
    const perPLines = view.num("schedtraceP", "line");
    expect(perPLines.length).toBeGreaterThan(0);
    expect([...perPLines].every((l) => lines.has(l))).toBe(true);
    const all = trace.num("schedtraceP", "line");
    expect(perPLines.length).toBe([...all].filter((l) => lines.has(l)).length);
    // the counts add up to the lines it holds
    expect(Object.values(view.counts).reduce((a, b) => a + b, 0)).toBe(view.lines);
    expect(view.counts.schedtrace).toBe(lines.size);
    // program output between its first and last line is counted as other
    expect([...view.other].every((l) => l >= view.firstLine && l <= view.lastLine)).toBe(true);
  });

  it("keeps rows without a time (pacer assist and mark lines) between the first and last kept line", async () => {
    const trace = await loadTrace(join(DATA, "gctrace-pacer-scav.log"));
    const time = trace.num("gctrace", "timeMs");
    const fromMs = time[2];
    const toMs = time[time.length - 3];
    const view = windowTrace(trace, { fromMs, toMs });
    const pacerLines = view.num("gcpacertrace", "line");
    expect(pacerLines.length).toBeGreaterThan(0);
    expect([...pacerLines].every((l) => l >= view.firstLine && l <= view.lastLine)).toBe(true);
    const pacerTime = view.num("gcpacertrace", "timeMs");
    expect([...pacerTime].some(Number.isNaN)).toBe(true);
    expect([...pacerTime].filter(Number.isFinite).every((t) => t >= fromMs && t < toMs)).toBe(true);
  });

  it("copies a table whose kept rows are not contiguous (interleaved go run processes), and says so", async () => {
    // real: `go run` traces the go command (run 0) with its compilers' gc lines between its own
    const trace = await loadTrace(join(TEST_DATA, "go1.19", "gctrace-gorun.txt"));
    const runs = trace.num("gctrace", "run");
    const rowsOf = (run: number) => [...runs.keys()].filter((i) => runs[i] === run);
    // a run whose gc lines have other processes' lines between them
    const run = [...Array(trace.runs).keys()].find((r) => {
      const rows = rowsOf(r);
      return rows.length >= 3 && rows[rows.length - 1] - rows[0] + 1 > rows.length;
    });
    expect(run).toBeDefined();
    const rows = rowsOf(run as number);
    const view = windowTrace(trace, { run });
    expect(view.copiedTables).toEqual(["gctrace"]);
    const gcNum = trace.num("gctrace", "gcNum");
    expect([...view.num("gctrace", "gcNum")]).toEqual(rows.map((i) => gcNum[i]));
    expect(view.str("gctrace", "format")).toEqual(rows.map((i) => trace.str("gctrace", "format")[i]));
    expect(view.counts.gctrace).toBe(rows.length + view.tables.gcforced.length + view.tables.gcscan.length);
  });

  it("keeps the program output between its first and last line, with its text", async () => {
    const file = join(TEST_DATA, "go1.19", "gctrace-gorun.txt");
    const text = readFileSync(file, "utf8").split("\n");
    const trace = await loadTrace(file, { keepOtherText: true });
    // a run of the go command, whose lines have the build's `# package` output between them
    const views = [...Array(trace.runs).keys()].map((run) => windowTrace(trace, { run }));
    const view = views.find((v) => v.other.length > 0);
    if (view === undefined) throw new Error("no run with program output inside it");
    expect(view.other.length).toBeLessThan(trace.other.length);
    expect([...view.other]).toEqual(
      [...trace.other].filter((l) => l >= view.firstLine && l <= view.lastLine),
    );
    expect(view.otherText).toEqual([...view.other].map((l) => text[l - 1]));
    expect(view.counts.other).toBe(view.other.length);
  });

  it("refuses a run the trace does not have and a start that is not before the end", async () => {
    const trace = await loadTrace(join(DATA, "workload-gogc100.log"));
    expect(() => windowTrace(trace, { run: 1 })).toThrow(/run 1: .* holds 1 run, numbered 0 to 0/);
    expect(() => windowTrace(trace, { run: -1 })).toThrow(/run -1/);
    expect(() => windowTrace(trace, { fromMs: 5000, toMs: 5000 })).toThrow(/must come before its end/);
  });

  it("is empty, not an error, when nothing falls in the window", async () => {
    const trace = await loadTrace(join(DATA, "workload-gogc100.log"));
    const view = windowTrace(trace, { fromMs: 1e12 });
    expect(view.lines).toBe(0);
    expect(view.tables.gctrace.length).toBe(0);
    expect(view.other.length).toBe(0);
  });
});
