import { describe, expect, it } from "vitest";
import type { Table } from "../../src";
import { looksLikeSchedDetail } from "../../src/parse/scheddetail";
import {
  SCHEDDETAIL_G_COLUMNS,
  SCHEDDETAIL_M_COLUMNS,
  SCHEDDETAIL_P_COLUMNS,
} from "../../src/parse/scheddetailColumns";
import { createSchedScanner } from "../../src/parse/schedtrace";
import { expectColumnConventions } from "./scanHarness";
import { corpus, crossCheck, FakeRuns, fixture, row, rows, scanLines } from "./schedHarness";

const GO12DEV = () => corpus("golang-go-commit-4f2e382_go1.2dev_scheddetail-original.txt");
const GO114 = () => corpus("zqlpaopao-testCode_go1.14_scheddetail-gorun.txt");
const GO119 = () => fixture("go1.19", "scheddetail.txt");
const GO126 = () => fixture("go1.26", "scheddetail.txt");
const GO18 = () => fixture("go1.8", "scheddetail-tonybai.txt");
const col = (t: Table, name: string) => t.columns[name] as Float64Array;

describe("scheddetail dumps", () => {
  it("the scanner agrees with the regex oracle on every line of every real detail fixture", () => {
    const sizes = [GO12DEV(), GO18(), GO114(), GO119(), GO126()].map((lines) => {
      const { tables } = crossCheck(lines);
      return [tables.scheddetailP.length, tables.scheddetailM.length, tables.scheddetailG.length];
    });
    expect(sizes).toEqual([
      [4, 3, 2],
      [4, 2, 0],
      [12, 14, 11],
      [24, 90, 268],
      [4, 3, 7],
    ]);
  });

  it("reads the go1.2 development layout: singleproc/mlocked header, tick=, runqsize=N/CAP, gcing/helpgc M lines", () => {
    const { tables, results } = scanLines(GO12DEV());
    expect(results.every((r) => r === "scheddetail")).toBe(true);
    expect(row(tables.schedtrace, 0)).toMatchObject({
      detail: true,
      singleproc: 0,
      gcwaiting: 1,
      mlocked: 0,
      nmspinning: 0,
      localRunqueue: 1,
    });
    expect(row(tables.schedtrace, 0).nmidlelocked).toBeNaN();
    const p0 = row(tables.scheddetailP, 0);
    expect(p0).toMatchObject({ p: 0, status: 3, tick: 1, m: 0, runqsize: 1, runqcap: 128, gfreecnt: 0 });
    expect(p0.schedtick).toBeNaN();
    expect(p0.timerslen).toBeNaN();
    expect(row(tables.scheddetailP, 1).m).toBeNaN(); // m=-1
    const m0 = row(tables.scheddetailM, 2);
    expect(m0).toMatchObject({
      m: 0,
      p: 0,
      curg: 1,
      gcing: 0,
      helpgc: 0,
      spinning: 0,
      lockedg: 1,
      preemptoff: "",
    });
    expect(m0.blocked).toBeNaN();
    expect(row(tables.scheddetailG, 0)).toMatchObject({
      goid: 1,
      status: 2,
      statusName: "running",
      waitReason: "",
      m: 0,
      lockedm: 0,
    });
  });

  it("gives P/M/G rows the run, timeMs of their header and sums runqsize into the header's localRunqueue", () => {
    const { tables } = scanLines(GO119());
    const headers = tables.schedtrace;
    expect(headers.length).toBe(12);
    expect((headers.columns.detail as boolean[]).every(Boolean)).toBe(true);
    for (let h = 0; h < headers.length; h++) {
      const line = col(headers, "line")[h];
      const next = h + 1 < headers.length ? col(headers, "line")[h + 1] : Number.POSITIVE_INFINITY;
      let sum = 0;
      for (let i = 0; i < tables.scheddetailP.length; i++) {
        const l = col(tables.scheddetailP, "line")[i];
        if (l > line && l < next) {
          sum += col(tables.scheddetailP, "runqsize")[i];
          expect(col(tables.scheddetailP, "timeMs")[i]).toBe(col(headers, "timeMs")[h]);
        }
      }
      expect(col(headers, "localRunqueue")[h]).toBe(sum);
    }
    expect(Array.from(col(headers, "localRunqueue"))).not.toEqual(new Array(12).fill(0));
  });

  it("splits the 0x1000 scan bit off a G status: 4100 is waiting with scanBit true", () => {
    const { tables } = scanLines(GO119());
    const g = tables.scheddetailG;
    const scanned = rows(g).filter((r) => r.scanBit);
    expect(scanned).toHaveLength(1);
    expect(scanned[0]).toMatchObject({
      goid: 5,
      status: 4,
      statusName: "waiting",
      waitReason: "GC worker (idle)",
      m: 3,
    });
    expect(rows(g).find((r) => r.status === 8)).toMatchObject({
      statusName: "copystack",
      waitReason: "semacquire",
    });
    expect(rows(g).find((r) => r.status === 3)).toMatchObject({ statusName: "syscall", waitReason: "" });
  });

  it("keeps wait reasons with spaces and nested parentheses whole", () => {
    const reasons = new Set(
      (scanLines(GO119()).tables.scheddetailG.columns.waitReason as string[]).concat(
        scanLines(GO114()).tables.scheddetailG.columns.waitReason as string[],
        scanLines(GO126()).tables.scheddetailG.columns.waitReason as string[],
      ),
    );
    for (const r of [
      "force gc (idle)",
      "chan receive (nil chan)",
      "select (no cases)",
      "GC worker (idle)",
      "GOMAXPROCS updater (idle)",
      "sync.WaitGroup.Wait",
      "chan receive",
      "",
    ]) {
      expect(reasons.has(r), r).toBe(true);
    }
  });

  it("reads preemptoff as free text up to ` locks=`, empty or not", () => {
    const m = scanLines(GO119()).tables.scheddetailM;
    const values = new Set(m.columns.preemptoff as string[]);
    expect([...values].sort()).toEqual(["", "gcing"]);
    expect(rows(m).find((r) => r.preemptoff === "gcing")).toMatchObject({
      locks: 0,
      blocked: 1,
      spinning: 0,
    });
  });

  it("reads go1.20+ true/false header flags and nil ids (NaN)", () => {
    const { tables } = scanLines(GO126());
    expect(row(tables.schedtrace, 0)).toMatchObject({
      timeMs: 408,
      needspinning: 1,
      gcwaiting: 0,
      sysmonwait: 0,
      nmidlelocked: 0,
      localRunqueue: 494,
    });
    const m2 = row(tables.scheddetailM, 1);
    expect(m2).toMatchObject({ m: 2, blocked: 1, spinning: 0 });
    expect([m2.p, m2.curg, m2.lockedg].every(Number.isNaN)).toBe(true);
    expect(row(tables.scheddetailM, 0)).toMatchObject({ m: 5, p: 1, curg: 322 });
    expect((tables.scheddetailG.columns.m as Float64Array).every(Number.isNaN)).toBe(true);
  });

  it("reads go1.5-go1.11 M lines with preemptoff and helpgc, and syscall Ps without an M", () => {
    const { tables, results } = scanLines(GO18());
    expect(results.at(-1)).toBe("other"); // the author's "... ..."
    expect(row(tables.scheddetailM, 0)).toMatchObject({
      m: 22,
      preemptoff: "",
      helpgc: 0,
      spinning: 0,
      blocked: 1,
    });
    expect(row(tables.scheddetailM, 0).gcing).toBeNaN();
    expect(row(tables.scheddetailP, 1)).toMatchObject({ p: 1, status: 2, schedtick: 2964, gfreecnt: 39 });
    expect([row(tables.scheddetailP, 1).m, row(tables.scheddetailP, 1).timerslen].every(Number.isNaN)).toBe(
      true,
    );
    expect(row(tables.schedtrace, 0)).toMatchObject({ timeMs: 2002, runqueue: 4, localRunqueue: 1 });
  });

  it("reads go1.14 M lines (bool spinning/blocked, no helpgc) and a go1.19 header caught stopping the world", () => {
    const go114 = scanLines(GO114()).tables.scheddetailM;
    expect(row(go114, 0)).toMatchObject({ m: 3, p: 1, spinning: 0, blocked: 0, locks: 1 });
    expect(row(go114, 0).helpgc).toBeNaN();
    expect(row(go114, 0).gcing).toBeNaN();
    expect(row(scanLines(GO119()).tables.schedtrace, 1)).toMatchObject({
      timeMs: 51,
      gcwaiting: 1,
      stopwait: 1,
      sysmonwait: 0,
      nmidlelocked: 1,
    });
  });

  it("counts the go run command line, a blank line and `# command-line-arguments` as other", () => {
    const { results } = scanLines(GO114());
    expect(results.filter((r) => r === "other")).toHaveLength(4);
    expect(results.filter((r) => r === "schedtrace")).toHaveLength(1);
    expect(results.filter((r) => r === "scheddetail")).toHaveLength(40);
  });

  it("parses P/M/G lines that follow a log prefix, and ignores a trailing CR", () => {
    const lines = GO126().map((l) => `app-1  | ${l}\r`);
    const { tables, results } = scanLines(lines, "app-1  | ".length);
    expect(results.every((r) => r === "scheddetail")).toBe(true);
    expect(row(tables.scheddetailG, 4)).toMatchObject({ goid: 33, waitReason: "GOMAXPROCS updater (idle)" });
    expect(Number.isNaN(row(tables.scheddetailG, 4).lockedm as number)).toBe(true);
  });
});

describe("scheddetail malformed lines (hand-cut from real lines)", () => {
  const header = () => GO119()[0];
  /** The reason `line` is malformed after a real header, and that it appended nothing. */
  const reasonOf = (line: string, withHeader = true) => {
    const { results, tables } = scanLines(withHeader ? [header(), line] : [line]);
    expect(tables.scheddetailP.length + tables.scheddetailM.length + tables.scheddetailG.length).toBe(0);
    if (withHeader) expect(Number.isNaN(col(tables.schedtrace, "localRunqueue")[0])).toBe(true);
    const r = results[withHeader ? 1 : 0];
    if (typeof r === "string") throw new Error(`expected malformed, got ${r}`);
    return r.reason;
  };
  const P = "  P0: status=1 schedtick=151 syscalltick=6 m=3 runqsize=0 gfreecnt=0 timerslen=1";
  const M =
    "  M2: p=0 curg=3 mallocing=0 throwing=0 preemptoff= locks=1 dying=0 spinning=false blocked=false lockedg=-1";
  const G = "  G2: status=4(force gc (idle)) m=-1 lockedm=-1";

  it("the three hand-cut bases are real go1.19 lines", () => {
    const lines = GO119();
    expect(lines).toContain(P);
    expect(lines).toContain(M);
    expect(lines).toContain(G);
  });

  it("rejects a P/M/G line with no SCHED detail header before it", () => {
    expect(reasonOf(P, false)).toBe("scheddetail line with no SCHED detail header before it");
    expect(reasonOf(G, false)).toBe("scheddetail line with no SCHED detail header before it");
  });

  it("names the field a cut P line ends without", () => {
    expect(reasonOf(P.slice(0, P.indexOf(" gfreecnt")))).toBe("P line ends without gfreecnt= (cut off?)");
    const cut = P.slice(0, P.indexOf("runqsize=") + 4);
    expect(reasonOf(cut)).toBe(`expected \`=\` after "runq" at column ${cut.length + 1}, found end of line`);
  });

  it("names the ` locks=` that ends preemptoff when an M line is cut inside it", () => {
    const cut = M.slice(0, M.indexOf(" locks="));
    expect(reasonOf(cut)).toBe(
      `expected " locks=" ending preemptoff= at column ${cut.length + 1}, found end of line`,
    );
    expect(reasonOf(M.slice(0, M.indexOf(" lockedg")))).toBe("M line ends without lockedg= (cut off?)");
  });

  it("names the `) m=` that must close a G's wait reason, and the fields after it", () => {
    expect(reasonOf(G.slice(0, G.indexOf(") m=")))).toMatch(
      /^expected `\) m=` closing the wait reason at column 16, found "force gc \(id"$/,
    );
    expect(reasonOf(G.slice(0, G.indexOf(" lockedm")))).toMatch(
      /^expected ` lockedm=` at column \d+, found end of line/,
    );
    expect(reasonOf(G.replace("status=4", "status=x"))).toBe(
      'expected a number after status= at column 14, found "x(force gc ("',
    );
    expect(reasonOf(`${G} extra`)).toMatch(/^expected end of line after lockedm=/);
  });

  it("rejects an unknown P field, a bad id and a bad flag", () => {
    expect(reasonOf(P.replace(" gfreecnt", " newfield=1 gfreecnt"))).toMatch(
      /^unknown P field "newfield=" at column \d+$/,
    );
    expect(reasonOf(P.replace("m=3", "m=two"))).toMatch(
      /^expected an id or nil after m= at column \d+, found "two/,
    );
    expect(reasonOf(M.replace("spinning=false", "spinning=maybe"))).toMatch(
      /^expected true, false or a number after spinning=/,
    );
  });
});

describe("scheddetail exports", () => {
  it("looksLikeSchedDetail accepts indented or bare P/M/G lines and rejects other text", () => {
    for (const l of ["  P0: status=1", "  M12: p=nil", "  G4: status=4(x)", "P0: status=1", "  P3: sta"]) {
      expect(looksLikeSchedDetail(l, 0), l).toBe(true);
    }
    for (const l of [
      "  P: status=1",
      "  Q0: status=1",
      "  G4:status=4",
      "  P0: ",
      "Go1: Status",
      "gc 1 @0.011s",
    ]) {
      expect(looksLikeSchedDetail(l, 0), l).toBe(false);
    }
    expect(looksLikeSchedDetail("ts=1 |  M0: p=0", 6)).toBe(true);
  });

  it("detail rows without a header never borrow a later header's time", () => {
    const s = createSchedScanner();
    const runs = new FakeRuns();
    const lines = GO126();
    expect(typeof s.detail.scan(lines[1], 0, { lineNo: 1, runs })).toBe("object");
    expect(s.scan(lines[0], 0, { lineNo: 2, runs })).toBe("scheddetail");
    expect(s.detail.scan(lines[1], 0, { lineNo: 3, runs })).toBe("scheddetail");
    expect(row(s.detail.tables()[0], 0)).toMatchObject({ line: 3, timeMs: 408, p: 0 });
  });

  it("has the column names other modules code against, each with a unit or a label type and a doc", () => {
    const names = (c: readonly { name: string }[]) => c.map((x) => x.name);
    expect(names(SCHEDDETAIL_P_COLUMNS)).toEqual([
      "run",
      "line",
      "timeMs",
      "p",
      "status",
      "schedtick",
      "syscalltick",
      "tick",
      "m",
      "runqsize",
      "runqcap",
      "gfreecnt",
      "timerslen",
    ]);
    expect(names(SCHEDDETAIL_M_COLUMNS)).toEqual([
      "run",
      "line",
      "timeMs",
      "m",
      "p",
      "curg",
      "mallocing",
      "throwing",
      "preemptoff",
      "locks",
      "dying",
      "helpgc",
      "spinning",
      "blocked",
      "lockedg",
      "gcing",
    ]);
    expect(names(SCHEDDETAIL_G_COLUMNS)).toEqual([
      "run",
      "line",
      "timeMs",
      "goid",
      "status",
      "statusName",
      "scanBit",
      "waitReason",
      "m",
      "lockedm",
    ]);
    for (const columns of [SCHEDDETAIL_P_COLUMNS, SCHEDDETAIL_M_COLUMNS, SCHEDDETAIL_G_COLUMNS]) {
      expectColumnConventions(columns);
    }
  });
});
