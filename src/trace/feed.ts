/**
 * A trace fed as it arrives, for a live capture (src/capture.ts): push chunks of text or bytes, ask for the trace of the
 * complete lines so far at any time, end for the whole trace. Only the rows are kept — no text — so a
 * program that writes gigabytes of stderr costs its rows, and a snapshot costs a copy of the rows, not a
 * parse of everything received.
 *
 *   const feed = new TraceFeed({ file: "./server" });
 *   feed.push(chunk);          // any cut: lines may span chunks
 *   feed.snapshot();           // Trace of the complete lines so far (a copy: later lines do not change it)
 *   feed.end();                // Trace of every line, the unterminated last one included
 */
import { TraceBuilder } from "../parse/build";
import { ByteLineSplitter } from "../parse/byteLines";
import type { TraceData } from "../parse/traceData";
import type { ColumnData, Table } from "../table/table";
import type { ParseOptions } from "./doors";
import { ParsedTrace, type Trace } from "./trace";

export interface FeedOptions extends Omit<ParseOptions, "threads"> {
  /** Called with each line as it is parsed (its CR removed), with its 1-based number. */
  readonly onLine?: (line: string, lineNo: number) => void;
}

export class TraceFeed {
  private readonly builder: TraceBuilder;
  private readonly split: ByteLineSplitter;
  private lineNo = 0;
  private ended: Trace | undefined;

  constructor(opts: FeedOptions = {}) {
    const builder = new TraceBuilder({ ...opts, file: opts.file ?? "<stream>" });
    const onLine = opts.onLine;
    this.builder = builder;
    const split: ByteLineSplitter = new ByteLineSplitter((b, start, end, whole) => {
      builder.lineBytes(b, start, end, whole, split);
      this.lineNo++;
      if (onLine) onLine(split.text(), this.lineNo);
    });
    this.split = split;
  }

  /** Complete lines parsed so far. */
  get lines(): number {
    return this.lineNo;
  }

  /**
   * Parses the complete lines of `chunk`, text or UTF-8 bytes (the rest waits for the next chunk; a feed takes one
   * or the other throughout). Throws for binary input. Bytes are not kept: the caller may reuse its buffer.
   */
  push(chunk: string | Uint8Array): void {
    if (this.ended) throw new Error("TraceFeed: push after end");
    if (typeof chunk === "string") this.split.pushText(chunk);
    else this.split.push(chunk);
  }

  /** The trace of the complete lines so far, as a copy. */
  snapshot(): Trace {
    return this.ended ?? copyTrace(this.builder.finish());
  }

  /** Parses the unterminated last line, if any, and returns the whole trace; later calls return the same. */
  end(): Trace {
    if (!this.ended) {
      this.split.end();
      this.ended = new ParsedTrace(this.builder.finish());
    }
    return this.ended;
  }
}

/** A trace whose columns, counts and lists are its own (the builder keeps appending to the originals). */
function copyTrace(t: TraceData): Trace {
  const tables: Record<string, Table> = {};
  for (const [name, table] of Object.entries(t.tables)) {
    const columns: Record<string, ColumnData> = {};
    for (const [col, data] of Object.entries(table.columns)) columns[col] = data.slice() as ColumnData;
    tables[name] = { ...table, columns };
  }
  return new ParsedTrace({
    source: t.source,
    lines: t.lines,
    counts: { ...t.counts },
    runs: t.runs,
    tables: tables as Trace["tables"],
    malformed: t.malformed.slice(),
    damage: t.damage.slice(),
    otherRanges: t.otherRanges.slice(),
    otherText: t.otherText?.slice(),
  });
}
