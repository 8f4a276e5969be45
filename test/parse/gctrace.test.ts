import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Table } from "../../src";
import { createGctraceScanner, GCTRACE_COLUMNS, looksLikeGctrace } from "../../src/parse/gctrace";
import { FAIL, scanGcBytes } from "../../src/parse/gctrace/fast";
import type { ScanResult } from "../../src/parse/types";
import { CORPUS, FakeRuns, fixtureLines, REPO } from "./scanHarness";

// ---- helpers ----------------------------------------------------------------------------------------------------

/** Where the trace text starts: after a TAB when program output was glued before it (`BenchmarkX\tgc #3 ...`). */
function traceStart(text: string): number {
  const tab = text.indexOf("\tgc ");
  return tab >= 0 ? tab + 1 : 0;
}

interface Scanned {
  tables: Record<string, Table>;
  results: { lineNo: number; text: string; result: ScanResult }[];
}

function scanLines(lines: readonly string[], runs = new FakeRuns()): Scanned {
  const scanner = createGctraceScanner();
  const results: Scanned["results"] = [];
  lines.forEach((text, i) => {
    const start = traceStart(text);
    if (!looksLikeGctrace(text, start)) return;
    results.push({ lineNo: i + 1, text, result: scanner.scan(text, start, { lineNo: i + 1, runs }) });
  });
  const tables: Record<string, Table> = {};
  for (const t of scanner.tables()) tables[t.name] = t;
  return { tables, results };
}

function rowOf(t: Table, r: number): Record<string, unknown> {
  return Object.fromEntries(t.schema.map((c) => [c.name, t.columns[c.name][r]]));
}

const goodOnes = (s: Scanned) => s.results.filter((r) => typeof r.result === "string");
const badOnes = (s: Scanned) => s.results.filter((r) => typeof r.result !== "string");

// ---- the regex oracle: readable versions of the layouts, cross-checking the scanner on every real line ---------

const N = "(\\d+(?:\\.\\d+)?)";
const MODERN = new RegExp(
  `^gc (#)?(\\d+) @(\\d+\\.\\d{3})s (\\d+)%( \\(checking for goroutine leaks\\))?: ` +
    `${N}\\+${N}\\+${N}(?:\\+${N}\\+${N})? ms clock, ` +
    `${N}(?:\\+${N}\\+${N})?\\+${N}/${N}/${N}\\+${N} ms cpu, ` +
    "(\\d+)->(\\d+)->(\\d+) MB, (?:(\\d+) MB goal, )?(?:(\\d+) MB stacks, (\\d+) MB globals, )?(\\d+) P( \\(forced\\))?$",
);
const OLD_US =
  /^gc(\d+)\((\d+)\): (\d+)\+(\d+)\+(\d+)\+(\d+) us, (\d+) -> (\d+) MB, \d+ \(\d+-\d+\) objects,( \d+ (?:goroutines|gs),)? \d+\/\d+\/\d+ sweeps, \d+\(\d+\) handoff, \d+\(\d+\) steal, \d+\/\d+\/\d+ yields$/;
const OLD_MS =
  /^gc(\d+)\((\d+)\): (\d+)\+(\d+)\+(\d+) ms, (\d+) -> (\d+) MB \d+ -> \d+ \(\d+-\d+\) objects, \d+\(\d+\) handoff, \d+\(\d+\) steal, \d+\/\d+\/\d+ yields$/;

/** The row the oracle expects for a gc line (run/line left out), or null if no layout matches. */
function oracle(text: string): Record<string, unknown> | null {
  const f = (s: string | undefined) => (s === undefined ? Number.NaN : Number.parseFloat(s));
  let m = MODERN.exec(text);
  if (m) {
    const five = m[9] !== undefined;
    const stacks = m[24] !== undefined;
    return {
      gcNum: f(m[2]),
      timeMs: Math.round(f(m[3]) * 1000),
      gcPct: f(m[4]),
      clockSweepTermMs: f(m[6]),
      clockMarkMs: five ? f(m[9]) : f(m[7]),
      clockMarkTermMs: five ? f(m[10]) : f(m[8]),
      cpuSweepTermMs: f(m[11]),
      cpuAssistMs: f(m[14]),
      cpuBackgroundMs: f(m[15]),
      cpuIdleMs: f(m[16]),
      cpuMarkTermMs: f(m[17]),
      heapStartMB: f(m[18]),
      heapEndMB: f(m[19]),
      heapLiveMB: f(m[20]),
      heapGoalMB: f(m[21]),
      stacksMB: f(m[22]),
      globalsMB: f(m[23]),
      procs: f(m[24]),
      forced: m[25] !== undefined,
      pauseMs: f(m[6]) + (five ? f(m[10]) : f(m[8])),
      clockScanMs: five ? f(m[7]) : Number.NaN,
      clockInstallWBMs: five ? f(m[8]) : Number.NaN,
      cpuScanMs: f(m[12]),
      cpuInstallWBMs: f(m[13]),
      goroutineLeakCheck: m[5] !== undefined,
      format: m[1] ? "go1.5dev" : five ? "go1.5" : m[5] ? "go1.26" : m[22] !== undefined ? "go1.18" : "go1.6",
      _stacks: stacks,
    };
  }
  const old = (us: boolean, m: RegExpExecArray) => ({
    gcNum: f(m[1]),
    procs: f(m[2]),
    pauseMs: us ? (f(m[3]) + f(m[4]) + f(m[5]) + f(m[6])) / 1000 : f(m[3]) + f(m[4]) + f(m[5]),
    heapStartMB: us ? f(m[8]) : f(m[6]),
    heapEndMB: us ? f(m[8]) : f(m[6]),
    heapLiveMB: us ? Number.NaN : f(m[7]),
    timeMs: Number.NaN,
    gcPct: Number.NaN,
    clockMarkMs: Number.NaN,
    heapGoalMB: Number.NaN,
    forced: false,
    format: us ? (m[9] ? "go1.4" : "go1.3") : "go1.1",
  });
  m = OLD_US.exec(text);
  if (m) return old(true, m);
  m = OLD_MS.exec(text);
  if (m) return old(false, m);
  return null;
}

function expectMatchesOracle(s: Scanned): number {
  const gc = s.tables.gctrace;
  let r = 0;
  let checked = 0;
  for (const { text, result } of s.results) {
    const trace = text.slice(traceStart(text));
    if (!trace.startsWith("gc")) continue;
    const want = oracle(trace);
    expect(typeof result === "string", `scanner and oracle disagree on: ${text}`).toBe(want !== null);
    if (want === null) continue;
    const got = rowOf(gc, r++);
    for (const [k, v] of Object.entries(want)) {
      if (k.startsWith("_")) continue;
      if (typeof v === "number" && !Number.isNaN(v)) expect(got[k], `${k} of ${text}`).toBeCloseTo(v, 9);
      else expect(got[k], `${k} of ${text}`).toEqual(v);
    }
    checked++;
  }
  return checked;
}

// ---- the real fixtures ------------------------------------------------------------------------------------------

const corpus = (name: string) => fixtureLines(join(CORPUS, name));
const data = (rel: string) => fixtureLines(join(REPO, "test", "data", rel));

/** Every real file with gc lines, and how many gctrace rows its header implies. */
const REAL: [string, () => string[], number][] = [
  ["go1.1.1 blog (shenfeng)", () => data("go1.1/gctrace-go1.1.1-map.txt"), 6],
  ["go1.2rc5 blog (shenfeng)", () => data("go1.2/gctrace-go1.2rc5-map.txt"), 3],
  ["go1.4.2 golang/go#12228", () => data("go1.4/gctrace-go1.4.2-issue12228.txt"), 17],
  ["go1.5dev golang/go#10898", () => data("go1.5dev/gctrace-issue10898-markterm.txt"), 8],
  [
    "go1.5dev commit 17db6e0",
    () => corpus("golang-go-commit-17db6e0_go1.5dev_gctrace-hash-forced-benchmark_1P.txt"),
    4,
  ],
  ["go1.5 ardanlabs", () => corpus("ardanlabs-gotraining_go1.5_gctrace-5phase.txt"), 4],
  ["go1.5 gcvis", () => corpus("gcvis-examples_go1.5_gctrace.txt"), 130],
  ["go1.7 ardanlabs", () => corpus("ardanlabs-gotraining_go1.7_gctrace-gcpacertrace.txt"), 1],
  ["go1.8 ardanlabs", () => corpus("ardanlabs-gotraining_go1.8_gctrace-8P.txt"), 5],
  ["go1.9.2 thinkboy", () => corpus("thinkboy-go-notes_go1.9.2_gctrace-scvg_40P-15GB.txt"), 11],
  ["go1.10 vogo", () => corpus("vogo-learning-go_go1.10_gctrace-scvg_4P.txt"), 12],
  ["go1.13 DoMySon", () => corpus("DoMySon-blog_go1.13_gctrace-scvg-GCforced_12P.txt"), 1],
  [
    "go1.14beta1 go-questions",
    () => corpus("golang-design-go-questions_go1.14beta1_gctrace-scvg-KB_12P.txt"),
    6,
  ],
  ["go1.14 go run forced", () => corpus("zqlpaopao-testCode_go1.14_gctrace-gorun-forced.txt"), 6],
  ["go1.14 go run interleaved", () => corpus("zqlpaopao-testCode_go1.14_gctrace-gorun-interleaved.txt"), 7],
  ["go1.19 steady", () => data("go1.19/gctrace-steady.txt"), 62],
  ["go1.19 forced", () => data("go1.19/gctrace-forced.txt"), 6],
  ["go1.19 stacks/globals", () => data("go1.19/gctrace-stacks-globals.txt"), 11],
  ["go1.19 GC forced", () => data("go1.19/gctrace-GCforced.txt"), 3],
  ["go1.19 go run", () => data("go1.19/gctrace-gorun.txt"), 124],
];

describe("gctrace scanner on real traces", () => {
  for (const [name, lines, rows] of REAL) {
    it(`${name}: every gc line parses to the row the regex oracle reads (${rows} rows)`, () => {
      const s = scanLines(lines());
      expect(s.tables.gctrace.length).toBe(rows);
      expect(expectMatchesOracle(s)).toBe(rows);
    });
  }

  it("the fast path takes every real go1.6+ line and reads what the oracle reads", () => {
    const n = Array.from({ length: 26 }, () => new Float64Array(1));
    let taken = 0;
    for (const [, lines] of REAL) {
      for (const text of lines()) {
        const t = text.slice(traceStart(text));
        const want = oracle(t);
        if (want === null || (want.format !== "go1.6" && want.format !== "go1.18")) continue;
        const b = Buffer.from(`${t}\n`);
        expect(scanGcBytes(b, 3, b.length - 1, n, 0), t).not.toBe(FAIL);
        expect([n[2][0], n[3][0], n[7][0], n[15][0], n[19][0]]).toEqual([
          want.gcNum,
          want.timeMs,
          want.clockMarkTermMs,
          want.heapLiveMB,
          want.procs,
        ]);
        expect(n[20][0]).toBeCloseTo(want.pauseMs as number, 9);
        taken++;
      }
    }
    expect(taken).toBe(255);
  });

  it("the gc lines of other engineers' go1.19 captures and of data/ parse with no malformed line", () => {
    const dirs = [join(REPO, "test", "data", "go1.19"), join(REPO, "data")];
    let rows = 0;
    for (const dir of dirs) {
      for (const f of readdirSync(dir).filter((f) => f.endsWith(".txt") && !f.startsWith("gctrace-gorun"))) {
        const s = scanLines(fixtureLines(join(dir, f)));
        expect(badOnes(s).map((b) => `${f}:${b.lineNo}`)).toEqual([]);
        rows += expectMatchesOracle(s);
      }
    }
    expect(rows).toBeGreaterThan(80);
  });

  it("a file mixing layouts (go1.19, go1.5, go1.4 lines) gets every row right, go1.5 columns NaN elsewhere", () => {
    const steady = data("go1.19/gctrace-steady.txt");
    const lines = [
      ...steady.slice(0, 3),
      ...corpus("ardanlabs-gotraining_go1.5_gctrace-5phase.txt"),
      ...steady.slice(3, 6),
      ...data("go1.4/gctrace-go1.4.2-issue12228.txt").slice(0, 2),
      ...steady.slice(6, 8),
    ];
    const s = scanLines(lines);
    expect(expectMatchesOracle(s)).toBe(14);
    const scan = Array.from(s.tables.gctrace.columns.clockScanMs as Float64Array);
    expect(scan.map((v) => !Number.isNaN(v))).toEqual([...Array(14)].map((_, i) => i >= 3 && i < 7));
  });

  it("keeps every row when a table outgrows its first storage (100,000 real lines, cycled)", () => {
    const steady = data("go1.19/gctrace-steady.txt");
    const scanner = createGctraceScanner();
    const runs = new FakeRuns();
    const total = 100_000;
    for (let i = 0; i < total; i++) scanner.scan(steady[i % steady.length], 0, { lineNo: i + 1, runs });
    const t = scanner.tables()[0];
    expect(t.length).toBe(total);
    for (const r of [0, 1023, 1024, 65535, 65536, 65537, 99_999]) {
      const want = oracle(steady[r % steady.length]) as Record<string, number>;
      expect(rowOf(t, r)).toMatchObject({
        line: r + 1,
        gcNum: want.gcNum,
        timeMs: want.timeMs,
        heapLiveMB: want.heapLiveMB,
      });
    }
    expect((t.columns.pauseMs as Float64Array).length).toBe(total);
  });

  it("reads a go1.19 line field by field (stacks/globals layout)", () => {
    const s = scanLines(data("go1.19/gctrace-stacks-globals.txt"));
    // gc 5 @0.110s 5%: 0.053+2.6+0.003 ms clock, 0.10+0/0.16/5.0+0.007 ms cpu, 31->31->19 MB, 71 MB goal,
    // 7 MB stacks, 3 MB globals, 2 P (forced)
    expect(rowOf(s.tables.gctrace, 4)).toMatchObject({
      gcNum: 5,
      timeMs: 110,
      gcPct: 5,
      clockSweepTermMs: 0.053,
      clockMarkMs: 2.6,
      clockMarkTermMs: 0.003,
      cpuSweepTermMs: 0.1,
      cpuAssistMs: 0,
      cpuBackgroundMs: 0.16,
      cpuIdleMs: 5,
      cpuMarkTermMs: 0.007,
      heapStartMB: 31,
      heapEndMB: 31,
      heapLiveMB: 19,
      heapGoalMB: 71,
      stacksMB: 7,
      globalsMB: 3,
      procs: 2,
      forced: true,
      pauseMs: 0.056,
      format: "go1.18",
      goroutineLeakCheck: false,
    });
    expect(s.tables.gctrace.columns.forced).toEqual([
      ...[false, false, false, false, true, false, false, true, false, false, true],
    ]);
  });

  it("go1.5 five-phase lines: scan and install-WB get their own columns and are not pause time", () => {
    const s = scanLines(corpus("ardanlabs-gotraining_go1.5_gctrace-5phase.txt"));
    // gc 1 @0.009s 1%: 0.059+0.17+0.005+0.24+0.12 ms clock, 0.17+0.17+0+0/0.36/0.067+0.38 ms cpu, 5->5->3 MB, ...
    const r = rowOf(s.tables.gctrace, 0);
    expect(r).toMatchObject({ clockSweepTermMs: 0.059, clockScanMs: 0.17, clockInstallWBMs: 0.005 });
    expect(r).toMatchObject({ clockMarkMs: 0.24, clockMarkTermMs: 0.12, cpuScanMs: 0.17, cpuInstallWBMs: 0 });
    expect(r).toMatchObject({ cpuAssistMs: 0, cpuBackgroundMs: 0.36, cpuIdleMs: 0.067, cpuMarkTermMs: 0.38 });
    expect(r).toMatchObject({
      pauseMs: 0.179,
      heapGoalMB: 4,
      procs: 8,
      format: "go1.5",
      stacksMB: Number.NaN,
    });
  });

  it("go1.5dev 'gc #N' lines glued after benchmark output, with (forced) and a 10 s mark", () => {
    const s = scanLines(corpus("golang-go-commit-17db6e0_go1.5dev_gctrace-hash-forced-benchmark_1P.txt"));
    const t = s.tables.gctrace;
    expect(t.columns.gcNum).toEqual(new Float64Array([1, 2, 3, 4]));
    expect(t.columns.forced).toEqual([false, false, true, false]);
    expect(rowOf(t, 3)).toMatchObject({ timeMs: 12203, clockMarkMs: 10067, pauseMs: 10, format: "go1.5dev" });
    expect(t.columns.line[2]).toBe(6); // the BenchmarkBinaryTree17<TAB>gc #3 line
  });

  it("go1.4 lines: microseconds, pause = whole collection, procs = helpers of that cycle, no time", () => {
    const t = scanLines(data("go1.4/gctrace-go1.4.2-issue12228.txt")).tables.gctrace;
    // gc224(8): 1000+5000+28001+1000 us, 150 -> 306 MB, ...
    expect(rowOf(t, 11)).toMatchObject({
      gcNum: 224,
      procs: 8,
      pauseMs: 35.001,
      heapEndMB: 306,
      format: "go1.4",
    });
    expect(rowOf(t, 11)).toMatchObject({
      timeMs: Number.NaN,
      heapLiveMB: Number.NaN,
      clockMarkMs: Number.NaN,
    });
    expect(Array.from(t.columns.procs as Float64Array).slice(0, 9)).toEqual([1, 1, 1, 1, 1, 5, 3, 4, 5]);
  });

  it("go1.1/go1.2 lines: milliseconds, heap before -> after the stop-the-world collection", () => {
    const t = scanLines(data("go1.1/gctrace-go1.1.1-map.txt")).tables.gctrace;
    // gc83(1): 8+0+0 ms, 62 -> 31 MB 19455 -> 3211 (...) objects, ...
    expect(rowOf(t, 0)).toMatchObject({
      gcNum: 83,
      pauseMs: 8,
      heapStartMB: 62,
      heapLiveMB: 31,
      format: "go1.1",
    });
  });

  it("the @<s>s time is read as exact milliseconds", () => {
    const t = scanLines(corpus("thinkboy-go-notes_go1.9.2_gctrace-scvg_40P-15GB.txt")).tables.gctrace;
    expect(Array.from(t.columns.timeMs as Float64Array).slice(0, 3)).toEqual([1385961, 1480087, 1578615]);
  });

  it("the bare GC forced line goes to gcforced, and the cycle it starts is not marked (forced)", () => {
    const s = scanLines(data("go1.19/gctrace-GCforced.txt"));
    const f = s.tables.gcforced;
    expect(f.length).toBe(1);
    expect(rowOf(f, 0)).toMatchObject({ run: 0, line: 3, afterGcNum: 2, timeMs: Number.NaN });
    expect(rowOf(s.tables.gctrace, 2)).toMatchObject({ gcNum: 3, timeMs: 120012, forced: false });
    expect(
      scanLines(corpus("DoMySon-blog_go1.13_gctrace-scvg-GCforced_12P.txt")).tables.gcforced.length,
    ).toBe(1);
  });

  it("calls the run tracker so restarted processes (go run) get new runs", () => {
    const t = scanLines(corpus("zqlpaopao-testCode_go1.14_gctrace-gorun-forced.txt")).tables.gctrace;
    expect(Array.from(t.columns.run as Float64Array)).toEqual([0, 0, 0, 1, 1, 2]);
  });
});

describe("gctrace malformed lines", () => {
  it("reports the go1.9 line without '@' as damaged, naming the column", () => {
    const s = scanLines(corpus("golang-go-commit-9d17e17_go1.9_gctrace-bogus-start-time.txt"));
    expect(s.tables.gctrace.length).toBe(0);
    const [b] = badOnes(s);
    expect((b.result as { reason: string }).reason).toMatch(
      /^damaged gc line: no "@" before the start time at column 6/,
    );
  });

  it("reports the two real cut-off gc lines of a go run capture and appends nothing for them", () => {
    const s = scanLines(data("go1.19/gctrace-gorun.txt"));
    const bad = badOnes(s).map((b) => ({ text: b.text, reason: (b.result as { reason: string }).reason }));
    expect(bad.length).toBe(2);
    expect(bad[0]).toEqual({
      text: "gc 2 @0.121s 16",
      reason: "gctrace: expected the GC CPU percentage (<n>%) at column 16, found end of line",
    });
    expect(bad[1].text.endsWith("ms cpu, 25->25->done 400")).toBe(true);
    expect(bad[1].reason).toMatch(
      /^gctrace: expected a heap size \(<start>-><end>-><live> MB\) at column 86, found "done 400"$/,
    );
    expect(goodOnes(s).length).toBe(124);
    expect(s.tables.gctrace.length).toBe(124);
  });

  it("every cut of a real line is malformed with the piece expected where (only the whole line parses)", () => {
    const line = data("go1.19/gctrace-steady.txt")[0];
    const scanner = createGctraceScanner();
    const runs = new FakeRuns();
    for (let end = 4; end < line.length; end++) {
      const r = scanner.scan(line.slice(0, end), 0, { lineNo: 1, runs });
      expect(typeof r, `cut at ${end}`).toBe("object");
      expect((r as { reason: string }).reason).toMatch(/expected .+ at column \d+, found/);
    }
    expect(scanner.scan(line, 0, { lineNo: 1, runs })).toBe("gctrace");
    expect(scanner.tables()[0].length).toBe(1);
  });

  it("cut old-format lines are malformed too", () => {
    const scanner = createGctraceScanner();
    const runs = new FakeRuns();
    for (const line of [
      ...data("go1.4/gctrace-go1.4.2-issue12228.txt"),
      ...data("go1.1/gctrace-go1.1.1-map.txt"),
    ]) {
      for (let end = line.indexOf(":") + 2; end < line.length; end += 7) {
        expect(typeof scanner.scan(line.slice(0, end), 0, { lineNo: 1, runs }), line.slice(0, end)).toBe(
          "object",
        );
      }
    }
    expect(scanner.tables()[0].length).toBe(0);
  });

  it("junk after a trace prefix names what was expected", () => {
    const scanner = createGctraceScanner();
    const runs = new FakeRuns();
    const reason = (l: string) => (scanner.scan(l, 0, { lineNo: 1, runs }) as { reason: string }).reason;
    expect(reason("gc 12 @abc")).toBe(
      'gctrace: expected the start time in seconds (@<seconds>s) at column 8, found "abc"',
    );
    expect(reason("GC forced now")).toBe('gctrace: expected exactly "GC forced" at column 10, found " now"');
    expect(reason("scan: total x objs")).toBe('gctrace: expected "<n> objs" at column 13, found "x objs"');
    expect(reason("gc7(3): 0+0+1000+0 us, 0 -> 0 MB, 5640")).toBe(
      'gctrace: expected "<n> (<mallocs>-<frees>) objects," at column 39, found end of line',
    );
  });
});

describe("looksLikeGctrace", () => {
  it("accepts the prefixes of every gctrace layout", () => {
    for (const l of ["gc 1 @", "gc #1 @", "gc83(1): ", "gc222(8): ", "GC forced", "scan: total 5 objs"]) {
      expect(looksLikeGctrace(`x\t${l}`, 2), l).toBe(true);
    }
  });
  it("rejects program output and other kinds", () => {
    for (const l of [
      "gcvis",
      "gc: x",
      "gc ",
      "gc12",
      "scvg: 0 MB released",
      "GC",
      "scanning",
      "SCHED 0ms",
      "",
    ]) {
      expect(looksLikeGctrace(l, 0), l).toBe(false);
    }
  });
});

describe("layouts with no real sample found (lines assembled from the runtime's print statements)", () => {
  // No public go1.25 gctrace=2 output or go1.26 leak-check line could be found (searched code, issues and pages);
  // these lines follow the print calls of runtime/mgcmark_nogreenteagc.go and mgcmark_greenteagc.go dumpScanStats
  // and GODEBUG-FORMATS.md §1.2 (go1.26: " (checking for goroutine leaks)" after "<pct>%").
  it("scan: lines fill gcscan with the cycle they follow", () => {
    const s = scanLines([
      data("go1.19/gctrace-steady.txt")[0],
      "scan: total 1200 objs",
      "scan: class 16B 1000 objs",
      "scan: class L 3 objs",
      "scan: total 10+20+30=60 objs, 4+5=9 spans",
    ]);
    const t = s.tables.gcscan;
    expect(t.length).toBe(4);
    expect(rowOf(t, 0)).toMatchObject({ gcNum: 1, timeMs: 7, scope: "total", objs: 1200, format: "go1.25" });
    expect(rowOf(t, 1)).toMatchObject({ scope: "class", sizeBytes: 16, large: false, objs: 1000 });
    expect(rowOf(t, 2)).toMatchObject({ sizeBytes: Number.NaN, large: true, objs: 3 });
    expect(rowOf(t, 3)).toMatchObject({ sparseObjs: 10, spanSparseObjs: 20, spanDenseObjs: 30, objs: 60 });
    expect(rowOf(t, 3)).toMatchObject({ sparseSpans: 4, denseSpans: 5, spans: 9, format: "go1.25greentea" });
  });

  it("the go1.26 leak-check marker sets goroutineLeakCheck and format go1.26", () => {
    const real = data("go1.19/gctrace-steady.txt")[1];
    const s = scanLines([real.replace("5%: ", "5% (checking for goroutine leaks): ")]);
    expect(rowOf(s.tables.gctrace, 0)).toMatchObject({
      gcNum: 2,
      goroutineLeakCheck: true,
      format: "go1.26",
    });
  });
});

describe("gctrace schema", () => {
  it("starts with the 22 contract columns, in order", () => {
    expect(GCTRACE_COLUMNS.slice(0, 22).map((c) => c.name)).toEqual(
      (
        "run line gcNum timeMs gcPct clockSweepTermMs clockMarkMs clockMarkTermMs cpuSweepTermMs cpuAssistMs " +
        "cpuBackgroundMs cpuIdleMs cpuMarkTermMs heapStartMB heapEndMB heapLiveMB heapGoalMB stacksMB globalsMB " +
        "procs forced pauseMs"
      ).split(" "),
    );
    for (const c of GCTRACE_COLUMNS) expect(c.doc.length, c.name).toBeGreaterThan(10);
  });
});
