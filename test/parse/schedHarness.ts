/**
 * Test harness for the SCHED scanners: reads real fixtures (header stripped up to `# ---`), runs every line
 * through a minimal stand-in for the dispatcher, and holds the readable regex oracles that cross-check the scanners.
 */
import { join } from "node:path";
import { expect } from "vitest";
import type { Table } from "../../src";
import { looksLikeSchedDetail } from "../../src/parse/scheddetail";
import { createSchedScanner, looksLikeSched, type SchedScanner } from "../../src/parse/schedtrace";
import type { ScanResult } from "../../src/parse/types";
import { CORPUS, FakeRuns, fixtureLines, REPO, rows } from "./scanHarness";

// The fixture reader, the row helpers and the RunTracker stand-in (a new run when SCHED time goes backwards) are
// the other scanners' harness's.
export { FakeRuns, row, rows } from "./scanHarness";

/** A real fixture under test/data (path parts), header stripped. */
export const fixture = (...p: string[]): string[] => fixtureLines(join(REPO, "test", "data", ...p));
/** A real trace of the shared corpus (file name), header stripped. */
export const corpus = (name: string): string[] => fixtureLines(join(CORPUS, name));

export type LineResult = ScanResult | "other";

export interface Parsed {
  results: LineResult[];
  tables: Record<string, Table>;
  scanner: SchedScanner;
}

/** Feeds lines to one SCHED scanner pair the way the dispatcher does: by the looksLike… prefix tests. */
export function scanLines(lines: readonly string[], start = 0): Parsed {
  const scanner = createSchedScanner();
  const runs = new FakeRuns();
  const results = lines.map((line, i): LineResult => {
    const ctx = { lineNo: i + 1, runs };
    if (looksLikeSched(line, start)) return scanner.scan(line, start, ctx);
    if (looksLikeSchedDetail(line, start)) return scanner.detail.scan(line, start, ctx);
    return "other";
  });
  const tables: Record<string, Table> = {};
  for (const t of [...scanner.tables(), ...scanner.detail.tables()]) tables[t.name] = t;
  return { results, tables, scanner };
}

const kindOf = (r: LineResult) => (typeof r === "string" ? r : "malformed");

/** Every line's class and every row of every scheduler table equal what the regex oracle reads from `lines`. */
export function crossCheck(lines: readonly string[]): Parsed {
  const got = scanLines(lines);
  const want = oracle(lines);
  expect(got.results.map(kindOf)).toEqual(want.kinds.map(kindOf));
  for (const name of ["schedtrace", "schedtraceP", "scheddetailP", "scheddetailM", "scheddetailG"] as const) {
    expect(rows(got.tables[name]), name).toEqual(want[name]);
  }
  return got;
}

// ---- the regex oracle: readable, slow, independent of the scanners ----

const num = (s: string | undefined): number => (s === undefined ? Number.NaN : Number(s));
const id = (s: string | undefined): number =>
  s === undefined || s === "nil" || s === "-1" ? Number.NaN : Number(s);
const flag = (s: string | undefined): number => (s === "true" ? 1 : s === "false" ? 0 : num(s));

const HEAD =
  "^SCHED (\\d+)ms: gomaxprocs=(\\d+) idleprocs=(\\d+) threads=(\\d+)(?: spinningthreads=(\\d+))?(?: needspinning=(\\d+))? idlethreads=(\\d+) runqueue=(\\d+)";
export const SUMMARY_RE = new RegExp(`${HEAD} \\[ ?([\\d ]*?) ?\\](?: schedticks=\\[ ([\\d ]*) \\])?$`);
export const HEADER_RE = new RegExp(
  `${HEAD}(?: singleproc=(\\d+))? gcwaiting=(\\d+|true|false)(?: mlocked=(\\d+))?(?: nmidlelocked=(-?\\d+))?(?: nmspinning=(\\d+))? stopwait=(\\d+) sysmonwait=(\\d+|true|false)$`,
);
export const P_RE =
  /^ *P(\d+): status=(\d+)(?: tick=(\d+))?(?: schedtick=(\d+) syscalltick=(\d+))? m=(-?\d+|nil) runqsize=(\d+)(?:\/(\d+))? gfreecnt=(\d+)(?: timerslen=(\d+))?$/;
export const M_RE =
  /^ *M(\d+): p=(-?\d+|nil) curg=(-?\d+|nil) mallocing=(\d+) throwing=(\d+)(?: gcing=(\d+))?(?: preemptoff=(.*?))? locks=(\d+) dying=(\d+)(?: helpgc=(\d+))? spinning=(\d+|true|false)(?: blocked=(\d+|true|false))? lockedg=(-?\d+|nil)$/;
export const G_RE = /^ *G(\d+): status=(\d+)\((.*)\) m=(-?\d+|nil) lockedm=(-?\d+|nil)$/;

const G_NAMES =
  "idle runnable running syscall waiting moribund_unused dead enqueue_unused copystack preempted leaked".split(
    " ",
  );

export interface OracleRows {
  schedtrace: Record<string, unknown>[];
  schedtraceP: Record<string, unknown>[];
  scheddetailP: Record<string, unknown>[];
  scheddetailM: Record<string, unknown>[];
  scheddetailG: Record<string, unknown>[];
  kinds: LineResult[];
}

/** What the tables should hold for `lines`, by regex; runs come from the same FakeRuns rule. */
export function oracle(lines: readonly string[]): OracleRows {
  const o: OracleRows = {
    schedtrace: [],
    schedtraceP: [],
    scheddetailP: [],
    scheddetailM: [],
    scheddetailG: [],
    kinds: [],
  };
  const runs = new FakeRuns();
  let header: Record<string, unknown> | undefined;
  lines.forEach((text, i) => {
    const line = i + 1;
    const s = SUMMARY_RE.exec(text);
    const h = s ? null : HEADER_RE.exec(text);
    if (s || h) {
      const m = (s ?? h) as RegExpExecArray;
      const timeMs = num(m[1]);
      const run = runs.sched(timeMs);
      const queues = s ? s[9].split(" ").filter(Boolean).map(Number) : [];
      const ticks = s?.[10] ? s[10].split(" ").filter(Boolean).map(Number) : undefined;
      const r: Record<string, unknown> = {
        run,
        line,
        timeMs,
        gomaxprocs: num(m[2]),
        idleprocs: num(m[3]),
        threads: num(m[4]),
        spinningthreads: num(m[5]),
        needspinning: num(m[6]),
        idlethreads: num(m[7]),
        runqueue: num(m[8]),
        localRunqueue: s ? queues.reduce((a, b) => a + b, 0) : Number.NaN,
        detail: !s,
        // a header counts the G lines that follow it; a one-line summary has none
        goroutines: s ? Number.NaN : 0,
        gcwaiting: flag(h?.[10]),
        nmidlelocked: num(h?.[12]),
        stopwait: num(h?.[14]),
        sysmonwait: flag(h?.[15]),
        singleproc: num(h?.[9]),
        mlocked: num(h?.[11]),
        nmspinning: num(h?.[13]),
      };
      o.schedtrace.push(r);
      o.kinds.push(s ? "schedtrace" : "scheddetail");
      if (h) header = r;
      for (let p = 0; p < queues.length; p++) {
        o.schedtraceP.push({
          run,
          line,
          timeMs,
          p,
          runqueue: queues[p],
          schedticks: ticks ? ticks[p] : Number.NaN,
        });
      }
      return;
    }
    const p = P_RE.exec(text);
    const mm = p ? null : M_RE.exec(text);
    const g = p || mm ? null : G_RE.exec(text);
    if (!p && !mm && !g) {
      o.kinds.push(
        /^ *[PMG]\d+: [a-z]/.test(text) || text.startsWith("SCHED ")
          ? { reason: "(oracle: no match)" }
          : "other",
      );
      return;
    }
    if (!header) {
      o.kinds.push({ reason: "(oracle: no header)" });
      return;
    }
    const key = { run: header.run, line, timeMs: header.timeMs };
    o.kinds.push("scheddetail");
    if (p) {
      const runq = num(p[7]);
      header.localRunqueue = Number.isNaN(header.localRunqueue as number)
        ? runq
        : (header.localRunqueue as number) + runq;
      o.scheddetailP.push({
        ...key,
        p: num(p[1]),
        status: num(p[2]),
        schedtick: num(p[4]),
        syscalltick: num(p[5]),
        tick: num(p[3]),
        m: id(p[6]),
        runqsize: runq,
        runqcap: num(p[8]),
        gfreecnt: num(p[9]),
        timerslen: num(p[10]),
      });
    } else if (mm) {
      o.scheddetailM.push({
        ...key,
        m: num(mm[1]),
        p: id(mm[2]),
        curg: id(mm[3]),
        mallocing: num(mm[4]),
        throwing: num(mm[5]),
        preemptoff: mm[7] ?? "",
        locks: num(mm[8]),
        dying: num(mm[9]),
        helpgc: num(mm[10]),
        spinning: flag(mm[11]),
        blocked: flag(mm[12]),
        lockedg: id(mm[13]),
        gcing: num(mm[6]),
      });
    } else if (g) {
      header.goroutines = (header.goroutines as number) + 1;
      const raw = num(g[2]);
      const status = raw & ~0x1000;
      o.scheddetailG.push({
        ...key,
        goid: num(g[1]),
        status,
        statusName: G_NAMES[status] ?? "unknown",
        scanBit: (raw & 0x1000) !== 0,
        waitReason: g[3],
        m: id(g[4]),
        lockedm: id(g[5]),
      });
    }
  });
  return o;
}
