import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createInittraceScanner, INITTRACE_COLUMNS, looksLikeInittrace } from "../../src/parse/inittrace";
import { ProcessRuns } from "../../src/parse/runs";
import type { RunTracker } from "../../src/parse/types";
import {
  BUNDLED,
  CORPUS,
  expectColumnConventions,
  FakeRuns,
  fixtureLines,
  itReportsMalformed,
  REPO,
  replay,
  row,
  scanOne,
} from "./scanHarness";

const DATA = join(REPO, "test", "data");
const FIXTURES: Record<string, string> = {
  "go1.16dev corpus": join(CORPUS, "golang-go-commit-7c58ef7_go1.16dev_inittrace.txt"),
  "go1.19 capture": join(DATA, "go1.19", "inittrace.txt"),
  "go1.19 go run capture": join(DATA, "go1.19", "inittrace-gorun.txt"),
  "bundled data/inittrace.log": join(BUNDLED, "inittrace.log"),
};

/** The readable oracle (GODEBUG-FORMATS.md §5). */
const INIT = /^init (\S+) @(\d+(?:\.\d+)?) ms, (\d+(?:\.\d+)?) ms clock, (\d+) bytes, (\d+) allocs$/;

const replayFixture = (label: string, runs: RunTracker = new FakeRuns()) =>
  replay(fixtureLines(FIXTURES[label]), createInittraceScanner(), looksLikeInittrace, runs);

describe("inittrace scanner on real traces", () => {
  for (const [label, path] of Object.entries(FIXTURES)) {
    it(`parses every init line of the ${label} fixture as the regex oracle does and claims no other line`, () => {
      const lines = fixtureLines(path);
      const { table, scanned } = replay(lines, createInittraceScanner(), looksLikeInittrace);
      // The dispatcher test claims exactly the lines the oracle matches ("$ …", "...", "# pkg" are not ours).
      expect(scanned.map((s) => s.text)).toEqual(lines.filter((l) => INIT.test(l)));
      expect(scanned.filter((s) => s.result !== "inittrace")).toEqual([]);
      expect(table.length).toBe(scanned.length);
      scanned.forEach((s, r) => {
        const m = INIT.exec(s.text) as RegExpExecArray;
        expect(row(table, r)).toMatchObject({
          line: s.lineNo,
          pkg: m[1],
          timeMs: Number(m[2]),
          clockMs: Number(m[3]),
          bytes: Number(m[4]),
          allocs: Number(m[5]),
        });
      });
    });
  }

  it("reads the go1.16 commit's example values, including integer ms at or above 10 ms", () => {
    const { table } = replayFixture("go1.16dev corpus");
    expect(table.length).toBe(7);
    expect(row(table, 6)).toMatchObject({
      pkg: "unicode",
      timeMs: 0.44,
      clockMs: 0.11,
      bytes: 23328,
      allocs: 24,
    });
    const gorun = replayFixture("go1.19 go run capture").table;
    expect(row(gorun, 1)).toMatchObject({ pkg: "runtime", timeMs: 0.68, clockMs: 23 });
  });

  it("passes each package and start to the run tracker and stores the run it returns", () => {
    class SpyRuns extends FakeRuns {
      readonly calls: [string, number][] = [];
      override init(pkg: string, timeMs: number): number {
        this.calls.push([pkg, timeMs]);
        return super.init(pkg, timeMs);
      }
    }
    const runs = new SpyRuns();
    const { table } = replayFixture("go1.19 go run capture", runs);
    const { calls } = runs;
    expect(calls.length).toBe(table.length);
    expect(calls[0]).toEqual(["internal/bytealg", 0.44]);
    // go run: the go command, the compiler, the linker and the program each start again at internal/bytealg.
    const run = Array.from(table.columns.run as Float64Array);
    const starts = (table.columns.pkg as string[]).flatMap((p, r) =>
      p === "internal/bytealg" ? [run[r]] : [],
    );
    expect(starts).toEqual([0, 1, 2, 3]);
    expect(run[run.length - 1]).toBe(3);
    expect((table.columns.pkg as string[])[run.length - 1]).toBe("net/http");
  });

  it("splits the go run capture into its four processes with the project's run tracker (ProcessRuns)", () => {
    const { table } = replay(
      fixtureLines(FIXTURES["go1.19 go run capture"]),
      createInittraceScanner(),
      looksLikeInittrace,
      new ProcessRuns(),
    );
    const run = Array.from(table.columns.run as Float64Array);
    const pkgs = table.columns.pkg as string[];
    expect(pkgs.flatMap((p, r) => (p === "internal/bytealg" ? [run[r]] : []))).toEqual([0, 1, 2, 3]);
    // Runs never go backwards within this capture: each process's lines are contiguous.
    expect(run.every((v, r) => r === 0 || v >= run[r - 1])).toBe(true);
  });
});

describe("inittrace scanner on damaged and foreign lines", () => {
  const [real] = fixtureLines(FIXTURES["go1.16dev corpus"]).filter((l) => l.startsWith("init unicode"));
  itReportsMalformed(createInittraceScanner, [
    ["a line cut after bytes", real.slice(0, real.indexOf(" bytes,") + 8), /init line: expected allocs/],
    [
      "a line cut inside the clock",
      real.slice(0, real.indexOf(" ms clock")),
      /init line: expected " ms clock, "/,
    ],
    ["a line whose start is not a number", real.replace("@0.44", "@?"), /init line: expected start ms/],
    ["a line with junk after allocs", `${real} (again)`, /init line: expected end of line/],
  ]);

  it("parses an init line from an offset and ignores a trailing CR", () => {
    expect(scanOne(createInittraceScanner, `[app] ${real}\r`, 6)).toEqual({ result: "inittrace", rows: 1 });
  });

  it("looksLikeInittrace requires `init <word> @` and leaves ordinary output starting with init alone", () => {
    expect(looksLikeInittrace(real, 0)).toBe(true);
    expect(looksLikeInittrace(`xx ${real}`, 3)).toBe(true);
    for (const no of [
      "init done",
      "init: loading config",
      "init  @1 ms",
      "init foo@1 ms",
      "initializing @2",
      "init",
    ]) {
      expect(looksLikeInittrace(no, 0), no).toBe(false);
    }
  });
});

describe("inittrace schema", () => {
  it("is run, line, timeMs, pkg, clockMs, bytes, allocs with units and docs", () => {
    expect(INITTRACE_COLUMNS.map((c) => c.name)).toEqual([
      "run",
      "line",
      "timeMs",
      "pkg",
      "clockMs",
      "bytes",
      "allocs",
    ]);
    expectColumnConventions(INITTRACE_COLUMNS);
  });
});
