/**
 * Test harness for the gcpacertrace, scavtrace and inittrace scanners (and, through schedHarness.ts, the SCHED ones):
 * reads real fixtures (header stripped) and replays them through a scanner with a small RunTracker, the way the
 * dispatcher will, without depending on it; checks rows against a test's regex oracle, damaged lines and schemas.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { ColumnSpec, Table } from "../../src";
import type { KindScanner, Malformed, RunTracker, ScanContext, ScanResult } from "../../src/parse/types";

export const REPO = join(__dirname, "..", "..");
export const CORPUS = "/work/shared/corpus";
/** The bundled real captures (`npm run capture`, engineer E): values change when they are regenerated. */
export const BUNDLED = join(REPO, "data");

/**
 * The trace text of a fixture: every line after the first `# ---` line (GODEBUG corpus header convention), or,
 * for the bundled captures in data/ (raw stderr, provenance in a .meta.json sidecar), every line.
 */
export function fixtureLines(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  const end = path.startsWith(BUNDLED) ? -1 : lines.indexOf("# ---");
  if (end < 0 && !path.startsWith(BUNDLED)) throw new Error(`${path}: no "# ---" header end`);
  const body = lines.slice(end + 1);
  if (body.length > 0 && body[body.length - 1] === "") body.pop();
  return body;
}

/**
 * A RunTracker with the contract's semantics, kept minimal: a new run starts when a gc number does not increase
 * or when an init line's start time goes backwards.
 */
export class FakeRuns implements RunTracker {
  run = 0;
  lastGcNum = Number.NaN;
  lastGcTimeMs = Number.NaN;
  lastSchedTimeMs = Number.NaN;
  private lastInitMs = Number.NaN;
  private seen = false;
  /** onNextGc callbacks of the current run (an earlier run never comes back here). */
  private waiting: ((gcNum: number) => void)[] = [];

  private touch(backwards: boolean): void {
    if (this.seen && backwards) {
      this.run++;
      this.lastGcNum = Number.NaN;
      this.lastGcTimeMs = Number.NaN;
      this.lastSchedTimeMs = Number.NaN;
      this.lastInitMs = Number.NaN;
      this.waiting = [];
    }
    this.seen = true;
  }
  gc(gcNum: number, timeMs: number): number {
    this.touch(gcNum <= this.lastGcNum);
    this.lastGcNum = gcNum;
    this.lastGcTimeMs = timeMs;
    const waiting = this.waiting;
    this.waiting = [];
    for (const fill of waiting) fill(gcNum);
    return this.run;
  }
  onNextGc(run: number, fill: (gcNum: number) => void): void {
    if (run !== this.run) throw new Error(`FakeRuns.onNextGc: run ${run} is not the current run ${this.run}`);
    this.waiting.push(fill);
  }
  sched(timeMs: number): number {
    this.touch(timeMs < this.lastSchedTimeMs);
    this.lastSchedTimeMs = timeMs;
    return this.run;
  }
  init(_pkg: string, timeMs: number): number {
    this.touch(timeMs < this.lastInitMs);
    this.lastInitMs = timeMs;
    return this.run;
  }
  current(): number {
    this.seen = true;
    return this.run;
  }
}

/**
 * gc line heads, enough for the tracker (engineer A's scanner parses the rest): go1.5+ `gc 12 @0.345s` and the
 * go1.1–go1.4 `gc12(8):`, which prints no time.
 */
const GC_HEAD = /^gc (\d+) @(\d+\.\d+)s |^gc(\d+)\(\d+\): /;

export interface Replayed {
  table: Table;
  /** For each scanned line: its 1-based line number, text and what the scanner returned. */
  scanned: { lineNo: number; text: string; result: ScanResult }[];
  runs: RunTracker;
}

/** Replays `lines` as the dispatcher would: gc heads feed the tracker, lines `looksLike` accepts go to `scanner`. */
export function replay(
  lines: readonly string[],
  scanner: KindScanner,
  looksLike: (line: string, start: number) => boolean,
  runs: RunTracker = new FakeRuns(),
): Replayed {
  const scanned: Replayed["scanned"] = [];
  lines.forEach((text, i) => {
    const gc = GC_HEAD.exec(text);
    if (gc) runs.gc(Number(gc[1] ?? gc[3]), gc[2] === undefined ? Number.NaN : Number(gc[2]) * 1000);
    else if (looksLike(text, 0)) {
      const ctx: ScanContext = { lineNo: i + 1, runs };
      scanned.push({ lineNo: i + 1, text, result: scanner.scan(text, 0, ctx) });
    }
  });
  const [table] = scanner.tables();
  return { table, scanned, runs };
}

/** Row `r` of a table as a plain object (numbers, strings, booleans; NaN kept, so toEqual compares NaN with NaN). */
export function row(table: Table, r: number): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const c of table.schema) out[c.name] = table.columns[c.name][r];
  return out;
}

/** Every row of a table, as `row` gives them. */
export function rows(table: Table): Record<string, number | string | boolean>[] {
  return Array.from({ length: table.length }, (_, r) => row(table, r));
}

/** What a regex oracle reads from one line of an event table (gcpacertrace, scavtrace). */
export interface OracleRow {
  event: string;
  format: string;
  values: Record<string, number | boolean>;
}

/**
 * Row r of `table` is what `oracle` reads from the r-th scanned line: its line number, event and format, and every
 * column after the first six (run, line, timeMs, cycle, event, format) equal to the oracle's value, or NaN (false
 * for a boolean) where that line's shape does not print it.
 */
export function expectOracleRows(
  table: Table,
  scanned: Replayed["scanned"],
  oracle: (line: string) => OracleRow | null,
): void {
  const valueColumns = table.schema.slice(6);
  scanned.forEach((s, r) => {
    const want = oracle(s.text);
    expect(want, `oracle must match line ${s.lineNo}: ${s.text}`).not.toBeNull();
    const got = row(table, r);
    expect(got.line).toBe(s.lineNo);
    expect(got.event).toBe(want?.event);
    expect(got.format).toBe(want?.format);
    for (const c of valueColumns) {
      const fallback = c.type === "boolean" ? false : Number.NaN;
      expect(got[c.name], `${c.name} on line ${s.lineNo}`).toEqual(want?.values[c.name] ?? fallback);
    }
  });
}

/** One line through a fresh scanner: what it returned and how many rows it appended. */
export function scanOne(
  create: () => KindScanner,
  text: string,
  start = 0,
): { result: ScanResult; rows: number } {
  const scanner = create();
  const result = scanner.scan(text, start, { lineNo: 1, runs: new FakeRuns() });
  return { result, rows: scanner.tables()[0].length };
}

/** One test per damaged line `[what, text, reason]`: malformed, with a reason matching `reason`, and no row appended. */
export function itReportsMalformed(
  create: () => KindScanner,
  cases: readonly (readonly [string, string, RegExp])[],
): void {
  for (const [what, text, reason] of cases) {
    it(`reports ${what} as malformed with a reason and appends no row`, () => {
      const { result, rows } = scanOne(create, text);
      expect(typeof result).toBe("object");
      expect((result as Malformed).reason).toMatch(reason);
      expect(rows).toBe(0);
    });
  }
}

/**
 * The schema conventions of every table (docs/schema.md is generated from them): unique camelCase names, a
 * one-line doc, a unit on every number column and none on a label (string or boolean) column.
 */
export function expectColumnConventions(columns: readonly ColumnSpec[]): void {
  const names = columns.map((c) => c.name);
  expect(new Set(names).size).toBe(names.length);
  for (const c of columns) {
    expect(c.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(c.doc.length, c.name).toBeGreaterThan(10);
    expect(c.doc, c.name).not.toMatch(/\n/);
    expect(c.type === "number" ? c.unit.length > 0 : c.unit === "", c.name).toBe(true);
  }
}
