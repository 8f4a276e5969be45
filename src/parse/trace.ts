/**
 * One scanner set, three doors: `parseTrace(text)`, `parseTraceStream(readable)`, `loadTrace(path)`.
 *
 * API (what other modules code against):
 *
 *   parseTrace(text: string, opts?: ParseOptions): Trace
 *   parseTraceStream(input: AsyncIterable<string | Uint8Array>, opts?: ParseOptions): Promise<Trace>
 *   loadTrace(path: string, opts?: ParseOptions): Promise<Trace>          // plain or gzip (by magic bytes)
 *
 *   interface ParseOptions { file?: string; keepOtherText?: boolean }
 *   interface Trace {
 *     source: string;                                  // opts.file, the path, "<stdin>"/"<stream>" or "<text>"
 *     lines: number;                                   // physical input lines
 *     counts: Record<LineClass, number>;               // the 6 kinds + other + malformed; they sum to `lines`
 *     runs: number;                                    // process runs found (0 when there is no trace row)
 *     tables: Record<TableName, Table>;                // every table, always present (maybe empty), columnar
 *     malformed: MalformedLine[];                      // {line, reason, text (≤ 200 chars)}
 *     other: Float64Array;                             // 1-based line numbers of `other` lines
 *     otherText: string[] | undefined;                 // their text, only with opts.keepOtherText
 *     num(table, column): Float64Array;  str(table, column): string[];  bool(table, column): boolean[];
 *     frame(table): DataFrame;                         // danfo DataFrame, built lazily once per table
 *     frames(): Record<TableName, DataFrame>;
 *     describeMalformed(): string[];                   // "file:line: reason" strings
 *   }
 *
 * Table names: TABLE_NAMES below. Errors a user can cause (missing/unreadable file, binary input) throw an Error
 * whose message names the source and the reason; data problems are reported in `malformed`, never thrown.
 */
import type { DataFrame } from "danfojs-node";
import type { LineClass, Table } from "./types";

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

export interface ParseOptions {
  /** Names the input in diagnostics and in `Trace.source`. */
  readonly file?: string;
  /** Keep the text of `other` lines (program output) in `Trace.otherText`; off by default to save memory. */
  readonly keepOtherText?: boolean;
}

/** A line that starts like a trace record but does not parse. */
export interface MalformedLine {
  readonly line: number;
  readonly reason: string;
  /** The line's text, cut at MALFORMED_TEXT_CHARS characters. */
  readonly text: string;
}

export interface Trace {
  readonly source: string;
  readonly lines: number;
  readonly counts: Readonly<Record<LineClass, number>>;
  readonly runs: number;
  readonly tables: Readonly<Record<TableName, Table>>;
  readonly malformed: readonly MalformedLine[];
  readonly other: Float64Array;
  readonly otherText: readonly string[] | undefined;
  num(table: TableName, column: string): Float64Array;
  str(table: TableName, column: string): string[];
  bool(table: TableName, column: string): boolean[];
  frame(table: TableName): DataFrame;
  frames(): Record<TableName, DataFrame>;
  describeMalformed(): string[];
}

export function parseTrace(_text: string, _opts?: ParseOptions): Trace {
  throw new Error("parseTrace: not implemented yet (skeleton)");
}

export async function parseTraceStream(
  _input: AsyncIterable<string | Uint8Array>,
  _opts?: ParseOptions,
): Promise<Trace> {
  throw new Error("parseTraceStream: not implemented yet (skeleton)");
}

export async function loadTrace(_path: string, _opts?: ParseOptions): Promise<Trace> {
  throw new Error("loadTrace: not implemented yet (skeleton)");
}
