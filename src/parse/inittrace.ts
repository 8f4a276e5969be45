/**
 * inittrace (`GODEBUG=inittrace=1`, go1.16+), docs/formats.md §5: one line per package with init work,
 * printed when its initialisation finishes, in init order:
 *
 *   init <package path> @<start> ms, <clock> ms clock, <bytes> bytes, <allocs> allocs
 *
 * runtime/proc.go doInit (doInit1 since go1.21): print("init ", pkg, " @"); print(string(fmtNSAsMS(sbuf[:], uint64(start-runtimeInitTime))),
 * " ms, "); print(string(fmtNSAsMS(sbuf[:], uint64(end-start))), " ms clock, "); print(bytes, " bytes, ");
 * print(allocs, " allocs"). timeMs is the start (ms since runtime start); the runtime's first package
 * (internal/bytealg, then runtime) starting again marks a new process run, which the run tracker decides.
 */

import { KEY_COLUMNS, num, str } from "../table/columnSpec";
import type { ColumnSpec } from "../table/table";
import { TableBuilder } from "../table/tableBuilder";
import * as chars from "./chars";
import { Cursor, timeProblem } from "./cursor";
import { type KindScanner, malformed, type ScanContext, type ScanResult } from "./types";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { AT, SPACE } = chars;

export const INITTRACE_COLUMNS: readonly ColumnSpec[] = [
  ...KEY_COLUMNS,
  str("pkg", "import path of the package whose init functions ran"),
  num("clockMs", "ms", "wall time of the package's init functions"),
  num("bytes", "bytes", "heap bytes allocated by the package's init functions"),
  num("allocs", "count", "heap allocations made by the package's init functions"),
];

const PREFIX = "init ";

/**
 * The dispatcher's cheap test: `init <nonspace…> @`. Requiring the ` @` after one space-free word keeps ordinary
 * program output such as "init done" or "init: loading config" out.
 */
export function looksLikeInittrace(line: string, start: number): boolean {
  if (!line.startsWith(PREFIX, start)) return false;
  const pkgStart = start + PREFIX.length;
  const space = line.indexOf(" ", pkgStart);
  return space > pkgStart && line.charCodeAt(space + 1) === AT;
}

export function createInittraceScanner(): KindScanner {
  const table = new TableBuilder("inittrace", INITTRACE_COLUMNS);
  const c = new Cursor();

  return {
    kind: "inittrace",
    scan(line: string, start: number, ctx: ScanContext): ScanResult {
      c.reset(line, start);
      if (!c.lit(PREFIX)) return malformed(`init line: ${c.where('"init "')}`);
      const pkg = c.until(SPACE);
      if (pkg.length === 0) return malformed(`init line: ${c.where("a package path")}`);
      if (!c.lit(" @")) return malformed(`init line: ${c.where('" @"')}`);
      const startMs = c.dec();
      if (Number.isNaN(startMs)) return malformed(`init line: ${c.where("start ms")}`);
      const late = timeProblem("init line: start time", startMs);
      if (late !== null) return malformed(late);
      if (!c.lit(" ms, ")) return malformed(`init line: ${c.where('" ms, "')}`);
      const clockMs = c.dec();
      if (Number.isNaN(clockMs)) return malformed(`init line: ${c.where("clock ms")}`);
      if (!c.lit(" ms clock, ")) return malformed(`init line: ${c.where('" ms clock, "')}`);
      const bytes = c.int();
      if (Number.isNaN(bytes)) return malformed(`init line: ${c.where("bytes")}`);
      if (!c.lit(" bytes, ")) return malformed(`init line: ${c.where('" bytes, "')}`);
      const allocs = c.int();
      if (Number.isNaN(allocs)) return malformed(`init line: ${c.where("allocs")}`);
      if (!c.lit(" allocs")) return malformed(`init line: ${c.where('" allocs"')}`);
      if (!c.done) return malformed(`init line: ${c.where("end of line")}`);

      table.num.run.push(ctx.runs.init(pkg, startMs));
      table.num.line.push(ctx.lineNo);
      table.num.timeMs.push(startMs);
      table.str.pkg.push(pkg);
      table.num.clockMs.push(clockMs);
      table.num.bytes.push(bytes);
      table.num.allocs.push(allocs);
      return "inittrace";
    },
    tables() {
      return [table.finish()];
    },
  };
}
