import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTrace, parseTrace, type Table } from "../../src";
import { createGcpacertraceScanner, looksLikeGcpacertrace } from "../../src/parse/gcpacertrace";
import { GCPACERTRACE_COLUMNS } from "../../src/parse/gcpacertraceColumns";
import { ProcessRuns } from "../../src/parse/runs";
import {
  BUNDLED,
  CORPUS,
  expectColumnConventions,
  expectOracleRows,
  FakeRuns,
  fixtureLines,
  itReportsMalformed,
  type OracleRow,
  REPO,
  replay,
  row,
  scanOne,
} from "./scanHarness";

const DATA = join(REPO, "test", "data");
/** Every real fixture with pacer lines: this machine's Go 1.19 capture, the shared corpus, public issue threads. */
const FIXTURES: Record<string, string> = {
  "go1.19 capture": join(DATA, "go1.19", "gcpacertrace-gctrace.txt"),
  "go1.7 corpus": join(CORPUS, "ardanlabs-gotraining_go1.7_gctrace-gcpacertrace.txt"),
  "go1.5 #12228a": join(DATA, "go1.5", "golang-go-issue-12228-a_gcpacertrace.txt"),
  "go1.5 #12228b": join(DATA, "go1.5", "golang-go-issue-12228-b_gcpacertrace.txt"),
  "go1.10-1.17 #40225": join(DATA, "go1.10-go1.17", "golang-go-issue-40225_gcpacertrace.txt"),
  "bundled data/gctrace-pacer-scav.log": join(BUNDLED, "gctrace-pacer-scav.log"),
};

/**
 * The readable oracle: one regex per line shape (GODEBUG-FORMATS.md §3), mapping captures to column values the
 * same way the scanner must. Floats are compared as Number(text).
 */
const FLOAT = String.raw`([+-]\d\.\d+e[+-]\d+|NaN|[+-]Inf)`;
const ORACLE: [RegExp, (m: RegExpExecArray) => OracleRow][] = [
  [
    new RegExp(
      String.raw`^pacer: assist ratio=${FLOAT} \(scan (\d+) MB in (\d+)->(\d+) MB\) workers=(\d+)\+(?:(\d+)|${FLOAT})$`,
    ),
    (m) => ({
      event: "assist",
      format: m[6] !== undefined ? "go1.5" : "go1.10",
      values: {
        assistRatio: Number(m[1]),
        scanMB: Number(m[2]),
        heapStartMB: Number(m[3]),
        heapGoalMB: Number(m[4]),
        dedicatedWorkers: Number(m[5]),
        fractionalWorkers: m[6] !== undefined ? Number(m[6]) : Number.NaN,
        fractionalUtilGoal: m[7] !== undefined ? Number(m[7]) : Number.NaN,
      },
    }),
  ],
  [
    new RegExp(
      String.raw`^pacer: H_m_prev=(\d+) h_t=${FLOAT} H_T=(\d+) h_a=${FLOAT} H_a=(\d+) h_g=${FLOAT} H_g=(\d+) ` +
        String.raw`u_a=${FLOAT} u_g=${FLOAT} W_a=(\d+) goal\u0394=${FLOAT} actual\u0394=${FLOAT} u_a/u_g=${FLOAT}$`,
    ),
    (m) => {
      const names = [
        "heapMarkedPrevBytes",
        "triggerRatio",
        "triggerBytes",
        "actualRatio",
        "actualBytes",
        "goalRatio",
        "goalBytes",
        "utilActual",
        "utilGoal",
        "scanWorkBytes",
        "goalDelta",
        "actualDelta",
        "utilActualOverGoal",
      ];
      return {
        event: "mark",
        format: "go1.5",
        values: Object.fromEntries(names.map((n, i) => [n, Number(m[i + 1])])),
      };
    },
  ],
  [
    new RegExp(
      String.raw`^pacer: (\d+)% CPU \((\d+) exp\.\) for (\d+)\+(\d+)\+(\d+) B work \((\d+) B exp\.\) ` +
        String.raw`in (\d+) B -> (\d+) B \(\u2206goal (-?\d+), cons/mark ${FLOAT}\)(\[controller reset\])?$`,
    ),
    (m) => {
      const names = [
        "cpuPct",
        "cpuExpectedPct",
        "heapWorkBytes",
        "stackWorkBytes",
        "globalsWorkBytes",
        "expectedWorkBytes",
        "triggerHeapBytes",
        "liveHeapBytes",
        "deltaGoalBytes",
        "consMark",
      ];
      const values: Record<string, number | boolean> = Object.fromEntries(
        names.map((n, i) => [n, Number(m[i + 1])]),
      );
      values.controllerReset = m[11] !== undefined;
      return { event: "mark", format: "go1.18", values };
    },
  ],
  [
    new RegExp(
      String.raw`^pacer: sweep done at heap size (\d+)MB; allocated (\d+)MB (of spans|during sweep); swept (\d+) pages` +
        `(?: at ${FLOAT} pages/byte)?$`,
    ),
    (m) => ({
      event: "sweep",
      format: m[3] === "during sweep" ? "go1.9" : m[5] === undefined ? "go1.6" : "go1.7",
      values: {
        sweepHeapMB: Number(m[1]),
        sweepAllocatedMB: Number(m[2]),
        sweptPages: Number(m[4]),
        pagesPerByte: m[5] === undefined ? Number.NaN : Number(m[5]),
      },
    }),
  ],
];

function oracle(line: string): OracleRow | null {
  for (const [re, build] of ORACLE) {
    const m = re.exec(line);
    if (m) return build(m);
  }
  return null;
}

describe("gcpacertrace scanner on real traces", () => {
  for (const [label, path] of Object.entries(FIXTURES)) {
    it(`parses every pacer line of the ${label} fixture exactly as the regex oracle does`, () => {
      const lines = fixtureLines(path);
      const { table, scanned } = replay(lines, createGcpacertraceScanner(), looksLikeGcpacertrace);
      expect(scanned.length).toBeGreaterThan(0);
      expect(scanned.filter((s) => s.result !== "gcpacertrace")).toEqual([]);
      expect(table.length).toBe(scanned.length);
      expectOracleRows(table, scanned, oracle);
    });
  }

  it("reads the go1.19 new-pacer end-of-mark line field by field, including a negative ∆goal", () => {
    const { table } = replay(
      fixtureLines(FIXTURES["go1.19 capture"]),
      createGcpacertraceScanner(),
      looksLikeGcpacertrace,
    );
    expect(row(table, 1)).toMatchObject({
      event: "mark",
      format: "go1.18",
      cpuPct: 30,
      cpuExpectedPct: 25,
      heapWorkBytes: 212360,
      stackWorkBytes: 1864,
      globalsWorkBytes: 223376,
      expectedWorkBytes: 223376,
      triggerHeapBytes: 3997696,
      liveHeapBytes: 4366336,
      deltaGoalBytes: 172032,
      consMark: 0,
      controllerReset: false,
    });
    const marks = table.columns.deltaGoalBytes as Float64Array;
    expect(Array.from(marks).filter((d) => d < 0)).toEqual([-3392344, -272224]);
    // go1.10+ assist line: `workers=0++2.500000e-001` = 0 dedicated + a 0.25 fractional utilization goal.
    expect(row(table, 0)).toMatchObject({
      dedicatedWorkers: 0,
      fractionalUtilGoal: 0.25,
      assistRatio: 1.185547,
    });
    expect(Number.isNaN(row(table, 0).fractionalWorkers as number)).toBe(true);
  });

  it("gives assist and mark lines the next gc number and sweep lines the last one (go1.7 corpus)", () => {
    const { table } = replay(
      fixtureLines(FIXTURES["go1.7 corpus"]),
      createGcpacertraceScanner(),
      looksLikeGcpacertrace,
    );
    // gc 5 @0.071s, then its sweep-done line, then cycle 6's assist and end-of-mark lines.
    expect(table.columns.event).toEqual(["sweep", "assist", "mark"]);
    expect(Array.from(table.columns.gcNum as Float64Array)).toEqual([5, 6, 6]);
    expect(Array.from(table.columns.timeMs as Float64Array)).toEqual([71, Number.NaN, Number.NaN]);
    expect(row(table, 0)).toMatchObject({ sweepHeapMB: 29, sweepAllocatedMB: 0, sweptPages: 3752 });
    expect(row(table, 0).pagesPerByte).toBeCloseTo(6.18355e-4, 12);
    expect(row(table, 2)).toMatchObject({
      heapMarkedPrevBytes: 30488736,
      goalBytes: 60977472,
      scanWorkBytes: 308200,
    });
  });

  it("numbers go1.19 cycles from the gc lines, the first cycle's pacer lines from the first gc line after them", () => {
    const { table } = replay(
      fixtureLines(FIXTURES["go1.19 capture"]),
      createGcpacertraceScanner(),
      looksLikeGcpacertrace,
    );
    // 7 assist+mark pairs and a last assist line (the forced gc 8 printed no end-of-mark line).
    const gcNum = Array.from(table.columns.gcNum as Float64Array);
    expect(gcNum).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8]);
    expect(Array.from(table.columns.timeMs as Float64Array).every(Number.isNaN)).toBe(true);
  });

  /** For each assist/mark row, the gc number of the next gc line after it (undefined: none follows). */
  const nextGcNums = (lines: readonly string[], table: Table): (number | undefined)[] => {
    const lineCol = table.columns.line as Float64Array;
    const event = table.columns.event as string[];
    const out: (number | undefined)[] = [];
    for (let r = 0; r < table.length; r++) {
      if (event[r] === "sweep") continue;
      const next = lines.slice(lineCol[r]).find((l) => l.startsWith("gc "));
      out.push(next === undefined ? undefined : Number(/^gc (\d+) /.exec(next)?.[1]));
    }
    return out;
  };
  const assistMarkGcNums = (table: Table): number[] =>
    Array.from(table.columns.gcNum as Float64Array).filter((_, r) => table.columns.event[r] !== "sweep");

  for (const [tracker, runs] of [
    ["the harness's", () => new FakeRuns()],
    ["the project's (ProcessRuns)", () => new ProcessRuns()],
  ] as const) {
    it(`numbers every assist/mark line with the gc line that follows it, first cycle included (bundled capture, ${tracker} run tracker)`, () => {
      const lines = fixtureLines(FIXTURES["bundled data/gctrace-pacer-scav.log"]);
      const { table } = replay(lines, createGcpacertraceScanner(), looksLikeGcpacertrace, runs());
      const want = nextGcNums(lines, table);
      const got = assistMarkGcNums(table);
      // The capture starts at process start, with cycle 1's assist and end-of-mark lines before `gc 1`.
      expect(got.slice(0, 2)).toEqual([1, 1]);
      // The last cycle (gc 10) printed its assist line only; every row is followed by its gc line.
      expect(want.length).toBeGreaterThan(20);
      expect(got).toEqual(want);
    });
  }

  it("gets the same numbers through loadTrace and parseTrace (dispatcher, gc fast path, ProcessRuns)", async () => {
    const path = FIXTURES["bundled data/gctrace-pacer-scav.log"];
    const lines = fixtureLines(path);
    for (const trace of [await loadTrace(path), parseTrace(readFileSync(path, "utf8"))]) {
      const table = trace.tables.gcpacertrace;
      expect(trace.counts.malformed).toBe(0);
      expect(assistMarkGcNums(table).slice(0, 2)).toEqual([1, 1]);
      expect(assistMarkGcNums(table)).toEqual(nextGcNums(lines, table));
    }
  });

  it("numbers an excerpt's leading pacer lines with the first gc line of the excerpt (go1.5 #12228b)", () => {
    const lines = fixtureLines(FIXTURES["go1.5 #12228b"]);
    const { table } = replay(lines, createGcpacertraceScanner(), looksLikeGcpacertrace);
    const gcNum = assistMarkGcNums(table);
    const want = nextGcNums(lines, table);
    expect(gcNum.slice(0, 4)).toEqual([336, 336, 337, 337]);
    expect(gcNum.filter((_, r) => want[r] !== undefined)).toEqual(want.filter((n) => n !== undefined));
  });

  it("leaves assist/mark lines unnumbered (NaN) when no gc line follows them (gcpacertrace without gctrace)", () => {
    const pacerOnly = fixtureLines(FIXTURES["go1.19 capture"]).filter((l) => l.startsWith("pacer: "));
    const { table } = replay(pacerOnly, createGcpacertraceScanner(), looksLikeGcpacertrace);
    expect(table.length).toBe(15);
    expect(Array.from(table.columns.gcNum as Float64Array).every(Number.isNaN)).toBe(true);
  });

  it("does not fill a run's waiting rows from another process's gc line (ProcessRuns)", () => {
    const runs = new ProcessRuns();
    const bundled = fixtureLines(FIXTURES["bundled data/gctrace-pacer-scav.log"]);
    // Process A has run cycles 1 and 2; process B starts (its SCHED 0ms opens run 1) and prints its first cycle's
    // pacer lines; then A's gc 3 arrives and goes to run 0 by its cycle number: it is not B's cycle.
    expect([runs.gc(1, 13), runs.gc(2, 135), runs.sched(0), runs.sched(0)]).toEqual([0, 0, 0, 1]);
    const scanner = createGcpacertraceScanner();
    for (const lineNo of [1, 2]) {
      expect(scanner.scan(bundled[lineNo - 1], 0, { lineNo, runs })).toBe("gcpacertrace");
    }
    expect(runs.gc(3, 220)).toBe(0);
    const table = scanner.tables()[0];
    expect(Array.from(table.columns.run as Float64Array)).toEqual([1, 1]);
    expect(Array.from(table.columns.gcNum as Float64Array)).toEqual([Number.NaN, Number.NaN]);
  });

  it("stamps go1.9+ sweep-done lines with their cycle's gc number and start time (#40225)", () => {
    const { table } = replay(
      fixtureLines(FIXTURES["go1.10-1.17 #40225"]),
      createGcpacertraceScanner(),
      looksLikeGcpacertrace,
    );
    const sweeps = [0, 3].map((r) => row(table, r));
    expect(sweeps.map((s) => [s.event, s.format, s.gcNum, s.timeMs])).toEqual([
      ["sweep", "go1.9", 27831, 17894457],
      ["sweep", "go1.9", 27832, 17895117],
    ]);
    expect(row(table, 1)).toMatchObject({
      format: "go1.10",
      dedicatedWorkers: 6,
      fractionalUtilGoal: 0,
      gcNum: 27832,
    });
    expect(row(table, 2)).toMatchObject({ utilGoal: 0.3, gcNum: 27832 });
  });

  it("keeps the run the tracker reports", () => {
    const runs = new FakeRuns();
    runs.gc(5, 100);
    runs.gc(1, 10); // a second process: the tracker opens run 1
    const { table } = replay(
      fixtureLines(FIXTURES["go1.7 corpus"]).filter((l) => l.startsWith("pacer")),
      createGcpacertraceScanner(),
      looksLikeGcpacertrace,
      runs,
    );
    expect(Array.from(table.columns.run as Float64Array)).toEqual([1, 1, 1]);
    expect(Array.from(table.columns.gcNum as Float64Array)).toEqual([1, 2, 2]);
  });
});

describe("gcpacertrace scanner on damaged and foreign lines", () => {
  const real = fixtureLines(FIXTURES["go1.19 capture"]);
  const assist = real[0];
  const newMark = real[1];
  const [oldMark] = fixtureLines(FIXTURES["go1.7 corpus"]).filter((l) => l.includes("H_m_prev"));
  const [sweep] = fixtureLines(FIXTURES["go1.10-1.17 #40225"]).filter((l) => l.includes("sweep done"));

  itReportsMalformed(createGcpacertraceScanner, [
    [
      "an assist line cut before its workers",
      assist.slice(0, assist.indexOf(" workers=")),
      /assist line: expected " MB\) workers="/,
    ],
    [
      "an end-of-mark line cut inside cons/mark",
      newMark.slice(0, newMark.indexOf("cons/mark") + 10),
      /mark line: expected cons\/mark float/,
    ],
    [
      "an old end-of-mark line whose Δ became ASCII",
      oldMark.replace("goal\u0394", "goalD"),
      /mark line: expected " goal\u0394="/,
    ],
    [
      "a sweep line cut after `at`",
      sweep.slice(0, sweep.lastIndexOf(" at ") + 4),
      /sweep line: expected pages\/byte float/,
    ],
    ["a sweep line with junk after it", `${sweep} extra`, /sweep line: expected end of line/],
    ["an unknown pacer line", "pacer: something new", /pacer line: expected assist ratio=/],
    ["a line without the pacer: prefix", "pacers: assist ratio=1", /expected "pacer: "/],
  ]);

  it("parses a pacer line from an offset (after a log prefix) and ignores a trailing CR", () => {
    const prefix = "Sep 01 18:36:54 app[15450]: ";
    const { result, rows } = scanOne(createGcpacertraceScanner, `${prefix}${newMark}\r`, prefix.length);
    expect(result).toBe("gcpacertrace");
    expect(rows).toBe(1);
  });

  it("looksLikeGcpacertrace accepts `pacer: ` at the offset and nothing else", () => {
    expect(looksLikeGcpacertrace(assist, 0)).toBe(true);
    expect(looksLikeGcpacertrace(`xx${sweep}`, 2)).toBe(true);
    expect(looksLikeGcpacertrace(`xx${sweep}`, 0)).toBe(false);
    expect(looksLikeGcpacertrace("pacer:assist", 0)).toBe(false);
    expect(looksLikeGcpacertrace(real[2], 0)).toBe(false); // a gc line
  });
});

describe("gcpacertrace schema", () => {
  it("has unique camelCase names, a unit for every number column and a one-line doc for every column", () => {
    const names = GCPACERTRACE_COLUMNS.map((c) => c.name);
    expect(names.slice(0, 6)).toEqual(["run", "line", "timeMs", "gcNum", "event", "format"]);
    expectColumnConventions(GCPACERTRACE_COLUMNS);
  });
});
