/**
 * The Trace object users get from the doors (doors.ts): the parse's plain data (src/parse/traceData.ts) with typed
 * column access (`num`, `str`, `bool`), danfo DataFrames (`frame`, built on first use and cached) and the
 * diagnostics as `file:line: reason` strings.
 */
import type { DataFrame } from "danfojs-node";
import { toDataFrame } from "../frame/toDataFrame";
import { TABLE_NAMES, type TableName } from "../parse/tables";
import type { Damage, MalformedLine, TraceData } from "../parse/traceData";
import type { LineClass } from "../parse/types";
import { closestName, columnOf } from "../table/columns";
import type { ColumnData, Table } from "../table/table";

/** A parsed trace: the parse's data (TraceData) with typed column access, DataFrames and readable diagnostics. */
export interface Trace extends TraceData {
  /** The 1-based numbers of the `other` lines, one by one (built from otherRanges on first use). */
  readonly other: Float64Array;
  /** A number column; throws if the table or column does not exist or is not numeric (as `numbers` does). */
  num(table: TableName, column: string): Float64Array;
  /** A string column; throws if the table or column does not exist or holds no strings (as `strings` does). */
  str(table: TableName, column: string): string[];
  /** A boolean column; throws if the table or column does not exist or holds no booleans (as `booleans` does). */
  bool(table: TableName, column: string): boolean[];
  /** The table as a danfo DataFrame (loads danfojs-node on first use; built once per table). */
  frame(table: TableName): DataFrame;
  frames(): Record<TableName, DataFrame>;
  /** One `file:line: reason` string per malformed line. */
  describeMalformed(): string[];
  /** One `file:line: reason` (or `file:line-lastLine: reason`) string per damaged part of the input. */
  describeDamage(): string[];
}

/** A parsed trace over its tables (feed.ts makes copies of one; window/traceWindow.ts views of one). */
export class ParsedTrace implements Trace {
  readonly source: string;
  readonly lines: number;
  readonly counts: Readonly<Record<LineClass, number>>;
  readonly runs: number;
  readonly tables: Readonly<Record<TableName, Table>>;
  readonly malformed: readonly MalformedLine[];
  readonly damage: readonly Damage[];
  readonly otherRanges: Float64Array;
  readonly otherText: readonly string[] | undefined;
  private otherLines: Float64Array | null = null;
  private readonly frameCache = new Map<TableName, DataFrame>();

  constructor(d: TraceData) {
    this.source = d.source;
    this.lines = d.lines;
    this.counts = d.counts;
    this.runs = d.runs;
    this.tables = d.tables;
    this.malformed = d.malformed;
    this.damage = d.damage;
    this.otherRanges = d.otherRanges;
    this.otherText = d.otherText;
  }

  get other(): Float64Array {
    if (this.otherLines === null) {
      const r = this.otherRanges;
      const out = new Float64Array(this.counts.other);
      let k = 0;
      for (let i = 0; i < r.length; i += 2) for (let line = r[i]; line <= r[i + 1]; line++) out[k++] = line;
      this.otherLines = out;
    }
    return this.otherLines;
  }

  num(table: TableName, column: string): Float64Array {
    return this.column(table, column, "number") as Float64Array;
  }

  str(table: TableName, column: string): string[] {
    return this.column(table, column, "string") as string[];
  }

  bool(table: TableName, column: string): boolean[] {
    return this.column(table, column, "boolean") as boolean[];
  }

  frame(table: TableName): DataFrame {
    let df = this.frameCache.get(table);
    if (df === undefined) {
      df = toDataFrame(this.table(table));
      this.frameCache.set(table, df);
    }
    return df;
  }

  frames(): Record<TableName, DataFrame> {
    return Object.fromEntries(TABLE_NAMES.map((n) => [n, this.frame(n)])) as Record<TableName, DataFrame>;
  }

  describeMalformed(): string[] {
    return this.malformed.map((m) => `${this.source}:${m.line}: ${m.reason}`);
  }

  describeDamage(): string[] {
    return this.damage.map((d) => {
      if (d.line === 0) return `${this.source}: ${d.reason}`; // gzip data that ends before a first line
      const at = d.lastLine === d.line ? `${d.line}` : `${d.line}-${d.lastLine}`;
      return `${this.source}:${at}: ${d.reason}`;
    });
  }

  private table(name: TableName): Table {
    const t = this.tables[name];
    if (t === undefined) {
      const near = closestName(name, TABLE_NAMES);
      const hint = near === undefined ? "" : ` (did you mean ${JSON.stringify(near)}?)`;
      throw new Error(`unknown table ${JSON.stringify(name)}${hint}; tables: ${TABLE_NAMES.join(", ")}`);
    }
    return t;
  }

  private column(table: TableName, column: string, type: "number" | "string" | "boolean"): ColumnData {
    return columnOf(this.table(table), column, type);
  }
}
