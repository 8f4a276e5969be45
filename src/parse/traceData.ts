/**
 * What a parse returns: plain data, no methods (src/trace/trace.ts wraps it in the `Trace` object users get).
 * Every input line is counted once in `counts`; trace lines become rows of `tables`; a line that starts like a
 * trace record but does not parse is listed in `malformed`; input that is not text is listed in `damage`.
 */
import type { Table } from "../table/table";
import type { TableName } from "./tables";
import type { LineClass } from "./types";

/** Malformed lines keep at most this many characters of their text. */
export const MALFORMED_TEXT_CHARS = 200;

/** A line that starts like a trace record but does not parse. */
export interface MalformedLine {
  readonly line: number;
  readonly reason: string;
  /** The line's text, cut at MALFORMED_TEXT_CHARS characters. */
  readonly text: string;
}

/**
 * Input that could not be read as text, lines `line` to `lastLine`: a run of lines with NUL or other control
 * characters (an unclean shutdown's zero-filled block, binary data pasted into a log), or gzip data that ends early
 * or is corrupt (`line` is then the last line read).
 */
export interface Damage {
  readonly line: number;
  readonly lastLine: number;
  readonly reason: string;
}

/** The result of one parse. */
export interface TraceData {
  /** The input's name: ParseOptions.file, else the path, "<stream>" or "<text>". */
  readonly source: string;
  /** Physical input lines (a last line without newline counts). */
  readonly lines: number;
  /** Lines per class (the six kinds, other, malformed); they sum to `lines`. */
  readonly counts: Readonly<Record<LineClass, number>>;
  /** Process runs found (0 when no trace line parsed). */
  readonly runs: number;
  /** Every table, always present (maybe empty). */
  readonly tables: Readonly<Record<TableName, Table>>;
  readonly malformed: readonly MalformedLine[];
  /** What was skipped as damaged (Damage); the lines around it are parsed. */
  readonly damage: readonly Damage[];
  /** The `other` lines as ranges: first, last, first, last… (1-based, inclusive). */
  readonly otherRanges: Float64Array;
  /** The text of the `other` lines (CR stripped), only with ParseOptions.keepOtherText. */
  readonly otherText: readonly string[] | undefined;
}
