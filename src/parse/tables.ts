/**
 * The tables a parse fills: their names, their column schemas (from the scanners) and what one row is.
 * docs/schema.md is generated from these by scripts/gen-schema.ts.
 */
import type { ColumnSpec } from "../table/table";
import { GCPACERTRACE_COLUMNS } from "./gcpacertraceColumns";
import { GCFORCED_COLUMNS, GCSCAN_COLUMNS, GCTRACE_COLUMNS } from "./gctrace";
import { INITTRACE_COLUMNS } from "./inittrace";
import { SCAVTRACE_COLUMNS } from "./scavtraceColumns";
import { SCHEDDETAIL_G_COLUMNS, SCHEDDETAIL_M_COLUMNS, SCHEDDETAIL_P_COLUMNS } from "./scheddetailColumns";
import { SCHEDTRACE_COLUMNS, SCHEDTRACE_P_COLUMNS } from "./schedtraceColumns";
import type { TraceKind } from "./types";

/** Every table a trace has, in the order docs/schema.md lists them. */
export const TABLE_NAMES = [
  "gctrace",
  "gcforced",
  "gcscan",
  "gcpacertrace",
  "scavtrace",
  "schedtrace",
  "schedtraceP",
  "scheddetailP",
  "scheddetailM",
  "scheddetailG",
  "inittrace",
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** The column schema of each table, exactly the scanners' own ColumnSpec arrays. */
export const TABLE_SCHEMAS: Readonly<Record<TableName, readonly ColumnSpec[]>> = {
  gctrace: GCTRACE_COLUMNS,
  gcforced: GCFORCED_COLUMNS,
  gcscan: GCSCAN_COLUMNS,
  gcpacertrace: GCPACERTRACE_COLUMNS,
  scavtrace: SCAVTRACE_COLUMNS,
  schedtrace: SCHEDTRACE_COLUMNS,
  schedtraceP: SCHEDTRACE_P_COLUMNS,
  scheddetailP: SCHEDDETAIL_P_COLUMNS,
  scheddetailM: SCHEDDETAIL_M_COLUMNS,
  scheddetailG: SCHEDDETAIL_G_COLUMNS,
  inittrace: INITTRACE_COLUMNS,
};

export interface TableInfo {
  /** The line kind whose lines fill the table (as counted in `Trace.counts`). */
  readonly kind: TraceKind;
  /** The GODEBUG setting that makes the runtime print those lines (markdown). */
  readonly godebug: string;
  /** What one row is (markdown). */
  readonly row: string;
}

export const TABLE_INFO: Readonly<Record<TableName, TableInfo>> = {
  gctrace: {
    kind: "gctrace",
    godebug: "`gctrace=1`",
    row: "a completed GC cycle: a `gc …` line of any layout from go1.1 to go1.26 (`format` names the layout)",
  },
  gcforced: {
    kind: "gctrace",
    godebug: "`gctrace=1`",
    row: "a bare `GC forced` line: sysmon's periodic forced GC (after 2 minutes without one); the gc line that follows is not marked (forced)",
  },
  gcscan: {
    kind: "gctrace",
    godebug: "`gctrace=2` (go1.25+)",
    row: "a `scan: …` statistics line printed after a gc line",
  },
  gcpacertrace: {
    kind: "gcpacertrace",
    godebug: "`gcpacertrace=1`",
    row: "a `pacer: …` line; `event` says which: `assist` (cycle start), `mark` (end of mark), `sweep` (sweep done)",
  },
  scavtrace: {
    kind: "scavtrace",
    godebug: "`gctrace=1` up to go1.13 (`scvg…` lines), `scavtrace=1` from go1.14 (`scav …` lines)",
    row: "a scavenger line: `scvg<k>: …`, `scvg: …`, `forced scvg: …` or `scav …`",
  },
  schedtrace: {
    kind: "schedtrace",
    godebug: "`schedtrace=<ms>` (and `scheddetail=1` for detail headers)",
    row: "a `SCHED <t>ms: …` line: a summary line, or the header of a scheddetail dump (`detail` = true, counted as scheddetail)",
  },
  schedtraceP: {
    kind: "schedtrace",
    godebug: "`schedtrace=<ms>`",
    row: "a P of a SCHED summary line's per-P run-queue list (and schedticks list, go1.25+)",
  },
  scheddetailP: {
    kind: "scheddetail",
    godebug: "`schedtrace=<ms>,scheddetail=1`",
    row: "a `  P<i>: …` line of a detail dump; timeMs is its SCHED header's",
  },
  scheddetailM: {
    kind: "scheddetail",
    godebug: "`schedtrace=<ms>,scheddetail=1`",
    row: "a `  M<id>: …` line of a detail dump; timeMs is its SCHED header's",
  },
  scheddetailG: {
    kind: "scheddetail",
    godebug: "`schedtrace=<ms>,scheddetail=1`",
    row: "a `  G<goid>: …` line of a detail dump; timeMs is its SCHED header's",
  },
  inittrace: {
    kind: "inittrace",
    godebug: "`inittrace=1` (go1.16+)",
    row: "an `init <pkg> @<t> ms, …` line: one package's initialisation, in init order",
  },
};
