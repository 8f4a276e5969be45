import { describe, expect, it } from "vitest";
import { createSchedScanner, looksLikeSched } from "../../src/parse/schedtrace";
import { SCHEDTRACE_COLUMNS, SCHEDTRACE_P_COLUMNS } from "../../src/parse/schedtraceColumns";
import { expectColumnConventions } from "./scanHarness";
import { corpus, crossCheck, FakeRuns, fixture, row, scanLines } from "./schedHarness";

const SUMMARY_FIXTURES = [
  corpus("golang-go-commit-4f2e382_go1.2dev_schedtrace-original.txt"),
  corpus("ardanlabs-gotraining_go1.6_schedtrace-gomaxprocs1.txt"),
  corpus("thinkboy-go-notes_go1.9_schedtrace_40P.txt"),
  corpus("zqlpaopao-testCode_go1.14_schedtrace-gorun.txt"),
  fixture("go1.19", "schedtrace.txt"),
  fixture("go1.25", "schedtrace-2P.txt"),
  fixture("go1.26", "schedtrace.txt"),
];

describe("schedtrace summary lines", () => {
  it("the scanner agrees with the regex oracle on every line of every real summary fixture", () => {
    let n = 0;
    for (const lines of SUMMARY_FIXTURES) n += crossCheck(lines).tables.schedtrace.length;
    expect(n).toBe(3 + 4 + 1 + 4 + 12 + 1 + 5);
  });

  it("reads the go1.2 development layout without spinningthreads (NaN) and its per-P list", () => {
    const { tables, results } = scanLines(
      corpus("golang-go-commit-4f2e382_go1.2dev_schedtrace-original.txt"),
    );
    expect(results).toEqual(["schedtrace", "schedtrace", "schedtrace"]);
    const r = row(tables.schedtrace, 2);
    expect(r).toMatchObject({
      timeMs: 2008,
      gomaxprocs: 4,
      idleprocs: 1,
      threads: 6,
      idlethreads: 1,
      runqueue: 0,
      localRunqueue: 1,
      detail: false,
    });
    expect(r.spinningthreads).toBeNaN();
    expect(r.needspinning).toBeNaN();
    expect(r.gcwaiting).toBeNaN();
    expect(tables.schedtraceP.columns.runqueue).toEqual(
      Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]),
    );
    expect(Array.from(tables.schedtraceP.columns.p as Float64Array).slice(0, 4)).toEqual([0, 1, 2, 3]);
  });

  it("reads a single-P list [62] as localRunqueue 62 with one schedtraceP row per line", () => {
    const { tables } = scanLines(corpus("ardanlabs-gotraining_go1.6_schedtrace-gomaxprocs1.txt"));
    expect(Array.from(tables.schedtrace.columns.localRunqueue as Float64Array)).toEqual([62, 0, 0, 0]);
    expect(Array.from(tables.schedtrace.columns.runqueue as Float64Array)).toEqual([0, 32, 0, 0]);
    expect(tables.schedtraceP.length).toBe(4);
  });

  it("reads a 40-entry list and a 27-hour timestamp", () => {
    const { tables } = scanLines(corpus("thinkboy-go-notes_go1.9_schedtrace_40P.txt"));
    expect(row(tables.schedtrace, 0)).toMatchObject({
      timeMs: 97151512,
      gomaxprocs: 40,
      threads: 82,
      spinningthreads: 0,
      idlethreads: 66,
    });
    expect(tables.schedtraceP.length).toBe(40);
  });

  it("reads go1.25+ `[ a b ]` lists, needspinning and schedticks into schedtraceP", () => {
    const { tables } = scanLines(fixture("go1.26", "schedtrace.txt"));
    expect(row(tables.schedtrace, 1)).toMatchObject({
      timeMs: 199,
      needspinning: 1,
      runqueue: 395,
      localRunqueue: 114 + 113 + 114 + 129,
    });
    const p = tables.schedtraceP;
    expect(p.length).toBe(20);
    expect(row(p, 7)).toEqual({ run: 0, line: 2, timeMs: 199, p: 3, runqueue: 129, schedticks: 11 });
    expect(Array.from(p.columns.schedticks as Float64Array).slice(16)).toEqual([190, 183, 192, 189]);
  });

  it("leaves schedticks NaN before go1.25 and localRunqueue is the list's sum in the go1.19 capture", () => {
    const { tables } = scanLines(fixture("go1.19", "schedtrace.txt"));
    expect((tables.schedtraceP.columns.schedticks as Float64Array).every(Number.isNaN)).toBe(true);
    expect(Array.from(tables.schedtrace.columns.localRunqueue as Float64Array)).toEqual([
      0, 4, 1, 3, 1, 7, 5, 1, 3, 0, 0, 0,
    ]);
  });

  it("counts program noise between go-run SCHED lines as other and every SCHED 0ms line as a row", () => {
    const { results, tables } = scanLines(corpus("zqlpaopao-testCode_go1.14_schedtrace-gorun.txt"));
    expect(results.filter((r) => r === "other").length).toBe(3);
    expect(tables.schedtrace.length).toBe(4);
    expect((tables.schedtrace.columns.timeMs as Float64Array).every((t) => t === 0)).toBe(true);
  });

  it("asks the run tracker for every SCHED line and stores the run it returns", () => {
    const runs = new FakeRuns();
    const s = createSchedScanner();
    const lines = fixture("go1.26", "schedtrace.txt");
    s.scan(lines[4], 0, { lineNo: 1, runs });
    s.scan(lines[0], 0, { lineNo: 2, runs }); // time goes back: the tracker opens run 1
    expect(Array.from(s.tables()[0].columns.run as Float64Array)).toEqual([0, 1]);
    expect(runs.lastSchedTimeMs).toBe(0);
  });

  it("parses trace text that starts after a log prefix, and ignores a trailing CR", () => {
    const line = fixture("go1.19", "schedtrace.txt")[3];
    const prefixed = `Sep 01 18:36:54 host app[15450]: ${line}\r`;
    const { tables, results } = scanLines([prefixed], prefixed.indexOf("SCHED"));
    expect(results).toEqual(["schedtrace"]);
    expect(row(tables.schedtrace, 0)).toMatchObject({ timeMs: 162, runqueue: 5, localRunqueue: 3 });
  });
});

describe("schedtrace malformed lines (hand-cut from real lines)", () => {
  // SCHED 0ms: gomaxprocs=4 idleprocs=1 threads=4 spinningthreads=1 idlethreads=0 runqueue=0 [1 0 0 0]
  const real = corpus("zqlpaopao-testCode_go1.14_schedtrace-gorun.txt")[3];
  const reasonOf = (line: string) => {
    const { results, tables } = scanLines([line]);
    expect(tables.schedtrace.length).toBe(0);
    expect(tables.schedtraceP.length).toBe(0);
    const r = results[0];
    if (typeof r === "string") throw new Error(`expected malformed, got ${r}`);
    return r.reason;
  };

  it("names the missing `=` of a field cut in its name", () => {
    const cut = real.slice(0, real.indexOf(" threads=") + 4);
    expect(reasonOf(cut)).toBe(`expected \`=\` after "thr" at column ${cut.length + 1}, found end of line`);
  });

  it("names the missing `]` of a cut per-P list", () => {
    const cut = real.slice(0, -1);
    expect(reasonOf(cut)).toBe(
      `expected a space or \`]\` in the per-P run-queue list at column ${cut.length + 1}, found end of line`,
    );
    expect(reasonOf(real.slice(0, -2))).toMatch(/^expected a number or `\]` in the per-P run-queue list/);
  });

  it("says the list is missing when the line stops after runqueue=", () => {
    expect(reasonOf(real.slice(0, real.indexOf(" [")))).toMatch(
      /ends after runqueue= without the ` \[` per-P list or detail-header fields/,
    );
  });

  it("names the first missing field of a summary cut after a complete field", () => {
    expect(reasonOf("SCHED 1000ms: gomaxprocs=4 idleprocs=2")).toBe(
      "SCHED line ends without threads= (cut off?)",
    );
  });

  it("names the missing sysmonwait= of a cut detail header", () => {
    const header = fixture("go1.19", "scheddetail.txt")[0];
    expect(reasonOf(header.slice(0, header.indexOf(" sysmonwait=")))).toBe(
      "SCHED detail header ends without sysmonwait= (cut off?)",
    );
  });

  it("rejects an unknown field instead of dropping it", () => {
    const line = real.replace(" idlethreads", " newfield=3 idlethreads");
    expect(reasonOf(line)).toBe(`unknown SCHED field "newfield=" at column ${line.indexOf("newfield") + 1}`);
  });

  it("rejects a missing `ms:` and a non-numeric time", () => {
    expect(reasonOf("SCHED 1000 gomaxprocs=4")).toBe(
      'expected `ms:` after the time at column 11, found " gomaxprocs="',
    );
    expect(reasonOf("SCHED soon")).toMatch(/^expected the time in ms after `SCHED ` at column 7/);
  });

  it("rejects a schedticks list whose length differs from the per-P list", () => {
    const line = fixture("go1.25", "schedtrace-2P.txt")[0].replace(
      "schedticks=[ 16 16 ]",
      "schedticks=[ 16 ]",
    );
    expect(reasonOf(line)).toBe("schedticks list has 1 entries for 2 Ps");
  });

  it("rejects a list next to detail-header fields, and a repeated field", () => {
    expect(reasonOf(`${real} gcwaiting=0 stopwait=0 sysmonwait=0`)).toBe(
      "SCHED line has both a per-P list and detail-header fields",
    );
    const twice = real.replace("threads=4", "threads=4 threads=4");
    expect(reasonOf(twice)).toBe(
      `SCHED field threads= repeated at column ${twice.indexOf("threads=4 threads") + 11}`,
    );
  });
});

describe("schedtrace exports", () => {
  it("looksLikeSched accepts SCHED lines at the given offset and nothing else", () => {
    expect(looksLikeSched("SCHED 0ms: gomaxprocs=1", 0)).toBe(true);
    expect(looksLikeSched("x: SCHED 0ms", 3)).toBe(true);
    expect(looksLikeSched("SCHEDULE", 0)).toBe(false);
    expect(looksLikeSched("gc 1 @0.011s 1%", 0)).toBe(false);
  });

  it("has the column names other modules code against, each with a unit or a label type and a doc", () => {
    expect(SCHEDTRACE_COLUMNS.map((c) => c.name)).toEqual([
      "run",
      "line",
      "timeMs",
      "gomaxprocs",
      "idleprocs",
      "threads",
      "spinningthreads",
      "needspinning",
      "idlethreads",
      "runqueue",
      "localRunqueue",
      "detail",
      "goroutines",
      "gcwaiting",
      "nmidlelocked",
      "stopwait",
      "sysmonwait",
      "singleproc",
      "mlocked",
      "nmspinning",
    ]);
    expect(SCHEDTRACE_P_COLUMNS.map((c) => c.name)).toEqual([
      "run",
      "line",
      "timeMs",
      "p",
      "runqueue",
      "schedticks",
    ]);
    for (const columns of [SCHEDTRACE_COLUMNS, SCHEDTRACE_P_COLUMNS]) expectColumnConventions(columns);
    const doc = (name: string) => SCHEDTRACE_COLUMNS.find((c) => c.name === name)?.doc;
    expect(doc("spinningthreads")).toMatch(/spinning.*looking for runnable goroutines/);
    expect(doc("runqueue")).toMatch(/global run queue/);
  });
});
