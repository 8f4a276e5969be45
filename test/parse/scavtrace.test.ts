import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProcessRuns } from "../../src/parse/runs";
import { createScavtraceScanner, looksLikeScavtrace } from "../../src/parse/scavtrace";
import { SCAVTRACE_COLUMNS } from "../../src/parse/scavtraceColumns";
import {
  BUNDLED,
  CORPUS,
  expectColumnConventions,
  expectOracleRows,
  fixtureLines,
  itReportsMalformed,
  type OracleRow,
  REPO,
  replay,
  row,
  rows,
  scanOne,
} from "./scanHarness";

const DATA = join(REPO, "test", "data");
/** Every real fixture with scavenger lines, and the lines in it that are really cut off (must be malformed). */
const FIXTURES: Record<string, { path: string; cut?: string[] }> = {
  "go1.2 scvg-1": { path: join(DATA, "go1.2", "blog-goroutine-leak-scvg-1.txt") },
  "go1.6 #15212": { path: join(DATA, "go1.6", "golang-go-issue-15212_scvg.txt") },
  "go1.6 blog": { path: join(DATA, "go1.6", "blog-gctrace-wrk-scvg-GCforced.txt") },
  "go1.9.2 corpus": { path: join(CORPUS, "thinkboy-go-notes_go1.9.2_gctrace-scvg_40P-15GB.txt") },
  "go1.10 corpus": { path: join(CORPUS, "vogo-learning-go_go1.10_gctrace-scvg_4P.txt") },
  "go1.13 corpus": { path: join(CORPUS, "DoMySon-blog_go1.13_gctrace-scvg-GCforced_12P.txt") },
  "go1.13 forced": { path: join(DATA, "go1.13", "blog-freeosmemory-forced-scvg.txt") },
  "go1.14beta corpus": {
    path: join(CORPUS, "golang-design-go-questions_go1.14beta1_gctrace-scvg-KB_12P.txt"),
    // The source file ends in the middle of this line (corpus header: "truncation").
    cut: ["scvg: inuse: 5, idle: 58, sys: 63, released: 56, consumed: 7"],
  },
  "go1.19 capture": { path: join(DATA, "go1.19", "scavtrace.txt") },
  "go1.21.6 notes": { path: join(DATA, "go1.21+", "notes-go1.21.6-scavtrace.txt") },
  "go1.26 notes": { path: join(DATA, "go1.21+", "notes-go1.26-scavtrace.txt") },
  "bundled data/gctrace-pacer-scav.log": { path: join(BUNDLED, "gctrace-pacer-scav.log") },
};

/** The readable oracle: one regex per family (GODEBUG-FORMATS.md §2) mapped to the columns it determines. */
const SCVG =
  /^(forced )?scvg(-?\d+)?: (?:(0x[0-9a-f]+|\d+) MB released|(\d+) KB released|inuse: (\d+), idle: (\d+), sys: (\d+), released: (\d+), consumed: (\d+) \(MB\)|(GC forced))$/;
const SCAV =
  /^scav (?:(\d+) )?(\d+) KiB work(?:, (\d+) KiB total| \(bg\), (\d+) KiB work \(eager\), (\d+) KiB now), (\d+)% util( \(forced\)| \[controller reset\])?$/;

function oracle(line: string): OracleRow | null {
  let m = SCVG.exec(line);
  if (m) {
    const numbered = m[2] !== undefined;
    const values: Record<string, number | boolean> = {
      scvgNum: numbered ? Number(m[2]) : Number.NaN,
      forced: m[1] !== undefined || m[2] === "-1",
    };
    if (m[10]) return { event: "gcforced", format: "go1.1", values };
    if (m[5] !== undefined) {
      Object.assign(values, {
        inuseMB: Number(m[5]),
        idleMB: Number(m[6]),
        sysMB: Number(m[7]),
        heapReleasedMB: Number(m[8]),
        consumedMB: Number(m[9]),
      });
      return { event: "summary", format: numbered ? "go1.2" : "go1.13", values };
    }
    if (m[4] !== undefined)
      return { event: "released", format: "go1.14beta", values: { ...values, releasedKiB: Number(m[4]) } };
    const hex = m[3].startsWith("0x");
    return {
      event: "released",
      format: hex ? "go1.1" : numbered ? "go1.2" : "go1.13",
      values: { ...values, releasedMB: hex ? Number.parseInt(m[3].slice(2), 16) : Number(m[3]) },
    };
  }
  m = SCAV.exec(line);
  if (!m) return null;
  const values: Record<string, number | boolean> = {
    gen: m[1] === undefined ? Number.NaN : Number(m[1]),
    utilPct: Number(m[6]),
    forced: m[7] === " (forced)",
    controllerReset: m[7] === " [controller reset]",
  };
  if (m[3] !== undefined) {
    Object.assign(values, { workKiB: Number(m[2]), totalKiB: Number(m[3]) });
    return { event: "scav", format: m[1] === undefined ? "go1.14" : "go1.15", values };
  }
  Object.assign(values, {
    bgWorkKiB: Number(m[2]),
    eagerWorkKiB: Number(m[4]),
    workKiB: Number(m[2]) + Number(m[4]),
    totalKiB: Number(m[5]),
  });
  return { event: "scav", format: "go1.21", values };
}

const replayFixture = (label: string) =>
  replay(fixtureLines(FIXTURES[label].path), createScavtraceScanner(), looksLikeScavtrace);

describe("scavtrace scanner on real traces", () => {
  for (const [label, { path, cut = [] }] of Object.entries(FIXTURES)) {
    it(`parses every scavenger line of the ${label} fixture as the regex oracle does${cut.length ? ", the cut-off one as malformed" : ""}`, () => {
      const { table, scanned } = replay(fixtureLines(path), createScavtraceScanner(), looksLikeScavtrace);
      expect(scanned.length).toBeGreaterThan(0);
      const bad = scanned.filter((s) => s.result !== "scavtrace");
      expect(bad.map((s) => s.text)).toEqual(cut);
      const good = scanned.filter((s) => s.result === "scavtrace");
      expect(table.length).toBe(good.length);
      // gcNum (which cycle's sweep a scav line closes) is not in the line: checked on the real capture below.
      expectOracleRows({ ...table, schema: table.schema.filter((c) => c.name !== "gcNum") }, good, oracle);
    });
  }

  it("reads the go1.19 forced scav line (FreeOSMemory) and the background lines before it", () => {
    const { table } = replayFixture("go1.19 capture");
    expect(table.length).toBe(10);
    expect(row(table, 9)).toMatchObject({
      event: "scav",
      format: "go1.14",
      workKiB: 98968,
      totalKiB: 126224,
      utilPct: 63,
      forced: true,
      controllerReset: false,
    });
    expect((table.columns.forced as boolean[]).filter(Boolean).length).toBe(1);
    // No gc line in a scavtrace-only run: no cycle to hang the time on.
    expect(Array.from(table.columns.timeMs as Float64Array).every(Number.isNaN)).toBe(true);
  });

  it("splits go1.21+ work into bg and eager and keeps their sum as workKiB", () => {
    const { table } = replayFixture("go1.26 notes");
    expect(table.length).toBe(2);
    expect(row(table, 1)).toMatchObject({
      format: "go1.21",
      bgWorkKiB: 0,
      eagerWorkKiB: 186960,
      workKiB: 186960,
      totalKiB: 208712,
      utilPct: 9,
      forced: true,
    });
  });

  it("stamps scvg lines with the last gc cycle and its start time (go1.6 blog)", () => {
    const { table } = replayFixture("go1.6 blog");
    const all = rows(table);
    expect(all.map((r) => [r.scvgNum, r.event, r.afterGcNum, r.timeMs])).toEqual([
      [0, "summary", 8, 136019],
      [1, "summary", 9, 256248],
      [2, "released", 11, 496675],
      [2, "summary", 11, 496675],
      [3, "summary", 12, 616890],
    ]);
    expect(all[2].releasedMB).toBe(129);
    expect(all[3]).toMatchObject({
      inuseMB: 144,
      idleMB: 129,
      sysMB: 274,
      heapReleasedMB: 129,
      consumedMB: 144,
    });
  });

  it("marks scvg-1 (debug.FreeOSMemory) as forced and follows the go run process restart (go1.2)", () => {
    const { table } = replayFixture("go1.2 scvg-1");
    expect(Array.from(table.columns.scvgNum as Float64Array)).toEqual([-1, -1, -1, -1]);
    expect(table.columns.forced).toEqual([true, true, true, true]);
    // gc1..gc11 are the go command (run 0); the program restarts at gc1 (run 1); old gc lines print no time.
    expect(Array.from(table.columns.run as Float64Array)).toEqual([1, 1, 1, 1]);
    expect(Array.from(table.columns.afterGcNum as Float64Array)).toEqual([13, 13, 15, 15]);
    expect(Array.from(table.columns.timeMs as Float64Array).every(Number.isNaN)).toBe(true);
  });

  it("gets the same runs and cycles from the project's run tracker (ProcessRuns) on the go run trace (go1.2)", () => {
    const { table } = replay(
      fixtureLines(FIXTURES["go1.2 scvg-1"].path),
      createScavtraceScanner(),
      looksLikeScavtrace,
      new ProcessRuns(),
    );
    expect(Array.from(table.columns.run as Float64Array)).toEqual([1, 1, 1, 1]);
    expect(Array.from(table.columns.afterGcNum as Float64Array)).toEqual([13, 13, 15, 15]);
  });

  it("reads go1.13's unnumbered and forced scvg lines", () => {
    const { table } = replayFixture("go1.13 forced");
    const all = rows(table);
    expect(all.map((r) => [r.event, r.format, r.forced, r.releasedMB])).toEqual([
      ["released", "go1.13", false, 1],
      ["summary", "go1.13", false, Number.NaN],
      ["released", "go1.13", true, 1005],
      ["summary", "go1.13", true, Number.NaN],
    ]);
    expect(all.every((r) => r.afterGcNum === 10 && r.timeMs === 16335)).toBe(true);
  });

  it("reads go1.14beta's KB released as KiB, not MB", () => {
    const { table } = replayFixture("go1.14beta corpus");
    const released = rows(table).filter((r) => r.event === "released");
    expect(released.length).toBe(5);
    expect(released.every((r) => r.releasedKiB === 8 && Number.isNaN(r.releasedMB as number))).toBe(true);
    expect(released.every((r) => r.format === "go1.14beta")).toBe(true);
  });
});

describe("scavtrace scanner on damaged and foreign lines", () => {
  const scav19 = fixtureLines(FIXTURES["go1.19 capture"].path);
  const scav21 = fixtureLines(FIXTURES["go1.26 notes"].path)[0];
  const summary = fixtureLines(FIXTURES["go1.6 #15212"].path)[0];

  itReportsMalformed(createScavtraceScanner, [
    [
      "a scav line cut before util",
      scav19[0].slice(0, scav19[0].indexOf("% util")),
      /scav line: expected "% util"/,
    ],
    [
      "a go1.21 scav line cut after (bg)",
      scav21.slice(0, scav21.indexOf("(bg)") + 6),
      /scav line: expected KiB work \(eager\)/,
    ],
    [
      "a scav line with an unknown suffix",
      `${scav19[9].replace(" (forced)", "")} (later)`,
      /scav line: expected end of line/,
    ],
    [
      "a scvg summary whose (MB) was cut",
      summary.slice(0, summary.length - 5),
      /scvg line: expected " \(MB\)"/,
    ],
    [
      "a scvg line with an unknown body",
      "scvg3: something else",
      /scvg line: expected inuse:, GC forced or <x> MB released/,
    ],
    [
      "a scvg released line in GB",
      "scvg3: 2 GB released",
      /scvg line: expected " MB released" or " KB released"/,
    ],
  ]);

  it("parses a scav line behind a container prefix and with CRLF", () => {
    const prefix = "2024-05-01T10:00:00Z stderr F ";
    expect(scanOne(createScavtraceScanner, `${prefix}${scav21}\r`, prefix.length)).toEqual({
      result: "scavtrace",
      rows: 1,
    });
  });

  it("looksLikeScavtrace claims scav/scvg lines and not program output that merely starts alike", () => {
    for (const yes of ["scav 0 KiB", "scvg0: inuse", "scvg-1: 10 MB", "scvg: 8 KB", "forced scvg: 1 MB"]) {
      expect(looksLikeScavtrace(yes, 0), yes).toBe(true);
    }
    for (const no of ["scavenger started", "scvgfoo", "scvg", "forced scvgX", "scaveng 1"]) {
      expect(looksLikeScavtrace(no, 0), no).toBe(false);
    }
    expect(looksLikeScavtrace(`>> ${scav21}`, 3)).toBe(true);
  });
});

describe("scavtrace schema", () => {
  it("has unique camelCase names with units on every number column and one-line docs", () => {
    const names = SCAVTRACE_COLUMNS.map((c) => c.name);
    expect(names.slice(0, 7)).toEqual(["run", "line", "timeMs", "afterGcNum", "event", "format", "gcNum"]);
    expectColumnConventions(SCAVTRACE_COLUMNS);
  });
});
