/**
 * The state of one parse: the scanners, the run tracker, the line counts and the diagnostics. The doors
 * (src/trace/doors.ts), the live feed (src/trace/feed.ts) and the parallel replay (parallel/replay.ts) push lines
 * into a TraceBuilder; `finish()` returns the plain TraceData (traceData.ts).
 */
import type { Table } from "../table/table";
import { NumberColumn } from "../table/tableBuilder";
import type { ByteLineSplitter } from "./byteLines";
import { DamageLog, ODD_CHAR, shown } from "./damage";
import { Dispatcher, type ScannerSet, stripCR } from "./dispatch";
import { createGcpacertraceScanner } from "./gcpacertrace";
import { createGctraceScanner, type GcRows, type GctraceScanner } from "./gctrace";
// Called per line: from its module, not the gctrace/ index (whose re-exports are getters: gctrace/index.ts).
import { isGcCandidate } from "./gctrace/fast";
import { createInittraceScanner } from "./inittrace";
import { MAX_LINE_CHARS } from "./lines";
import { ProcessRuns } from "./runs";
import { createScavtraceScanner } from "./scavtrace";
import { createSchedScanner } from "./schedtrace";
import { TABLE_NAMES, TABLE_SCHEMAS, type TableName } from "./tables";
import { MALFORMED_TEXT_CHARS, type MalformedLine, type TraceData } from "./traceData";
import { LINE_CLASSES, type LineClass } from "./types";

/** What a parse keeps (src/trace/doors.ts ParseOptions adds how the input is read). */
export interface BuildOptions {
  /** Names the input in diagnostics and in `Trace.source`. */
  readonly file?: string;
  /** Keep the text of `other` lines (program output) in `Trace.otherText`; off by default to save memory. */
  readonly keepOtherText?: boolean;
  /**
   * Keep the rows of scheddetail P, M and G lines (default true). false: the lines are still checked, counted
   * and reported when malformed, and each dump's G lines are counted in `schedtrace.goroutines`, but the
   * scheddetailP/M/G tables stay empty — what a summary of a multi-GB scheddetail log needs, in bounded memory.
   */
  readonly detailRows?: boolean;
}

/** What the parallel replay (parallel/replay.ts) drives of a TraceBuilder (TraceBuilder.forReplay). */
export interface ReplayTarget {
  readonly gc: GcRows;
  readonly ctx: { lineNo: number; readonly runs: ProcessRuns };
  /** Classifies a line at ctx.lineNo; false when it held binary characters or was too long. */
  line(text: string): boolean;
  /** Counts `n` fast gctrace rows committed. */
  fastRows(n: number): void;
}

export class TraceBuilder {
  readonly source: string;
  private readonly runs = new ProcessRuns();
  private readonly scanners: ScannerSet;
  private readonly dispatcher: Dispatcher;
  private readonly gc: GctraceScanner;
  private readonly ctx = { lineNo: 0, runs: this.runs };
  private readonly counts: Record<LineClass, number>;
  /** `other` lines as runs of consecutive line numbers: first, last, first, last… (a count and ranges, not a list). */
  private readonly other = new NumberColumn(64);
  private readonly otherText: string[] | undefined;
  private readonly malformed: MalformedLine[] = [];
  private readonly damage: DamageLog;
  /** A line held binary characters or was too long (the parallel replay then leaves the file to one thread). */
  private odd = false;

  constructor(opts: BuildOptions) {
    this.source = opts.file ?? "<text>";
    this.damage = new DamageLog(this.source);
    this.otherText = opts.keepOtherText ? [] : undefined;
    const sched = createSchedScanner({ detailRows: opts.detailRows });
    this.gc = createGctraceScanner();
    this.scanners = {
      gctrace: this.gc,
      gcpacertrace: createGcpacertraceScanner(),
      scavtrace: createScavtraceScanner(),
      sched,
      detail: sched.detail,
      inittrace: createInittraceScanner(),
    };
    this.dispatcher = new Dispatcher(this.scanners);
    this.counts = Object.fromEntries(LINE_CLASSES.map((c) => [c, 0])) as Record<LineClass, number>;
  }

  /** gzip data that ended early or is corrupt (textChunks.ts): recorded after the last line read. */
  inputDamage(reason: string): void {
    this.damage.input(reason);
  }

  /**
   * A line of UTF-8 bytes (ByteLineSplitter). A line that starts with `gc ` + digit goes to the gctrace scanner at
   * column 0 whatever else it holds (dispatch.ts: the start of the line is tried first), so its bytes fast path
   * (the go1.6+ layout) gives exactly the row scan() would; any other line, or a gc line it does not take, is
   * decoded and classified as text.
   */
  lineBytes(b: Uint8Array, start: number, end: number, whole: boolean, lines: ByteLineSplitter): void {
    this.ctx.lineNo++;
    if (whole) {
      if (isGcCandidate(b, start, end) && this.gc.scanBytes(b, start, end, this.ctx)) {
        this.counts.gctrace++;
        this.damage.chars += end - start;
        return;
      }
      if (start === end) {
        // A blank line: nothing to decode or look for (a file of newlines costs a count, not a string each).
        this.addOther("");
        return;
      }
    } else if (lines.long()) {
      this.skipLong(lines.text());
      return;
    }
    this.classify(lines.text());
  }

  /**
   * The parallel replay's view of this parse (parallel/replay.ts): the gctrace rows, the line
   * counter and run tracker, the other lines' classification (false when the line held binary characters: the
   * replay then gives up) and the count of fast rows it committed.
   */
  forReplay(): ReplayTarget {
    this.damage.replaying = true;
    return {
      gc: this.gc.rows,
      ctx: this.ctx,
      line: (text) => {
        this.classify(text);
        return !this.odd;
      },
      fastRows: (n) => {
        this.counts.gctrace += n;
      },
    };
  }

  private classify(text: string): void {
    this.damage.chars += text.length;
    if (ODD_CHAR.test(text)) {
      this.classifyOdd(text);
      return;
    }
    this.count(this.dispatcher.dispatch(text, this.ctx), text);
  }

  private count(r: ReturnType<Dispatcher["dispatch"]>, text: string): void {
    if (r === null) this.addOther(text);
    else if (typeof r === "string") this.counts[r]++;
    else this.addMalformed(r.reason, text);
  }

  /**
   * A line with binary characters. U+FFFD alone (invalid UTF-8, e.g. a Latin-1 program's output) only counts toward
   * the binary share. NULs and other control characters make the line damaged: its text after the last binary
   * character is read as a line of its own (what follows a zero-filled block), else its text before the first one
   * (a line the block cut short); the line counts as the kind found there; as malformed when that text is a trace
   * record cut or corrupted; and as `other` when there is no trace text at all (only the damage, or program output
   * beside it: a zero-filled block on its own line is not a malformed trace line). The run of damaged lines is
   * listed in `damage`.
   */
  private classifyOdd(text: string): void {
    this.odd = true;
    const { controls, nul, first, last } = this.damage.oddLine(text, this.ctx.lineNo);
    if (controls === 0) {
      this.count(this.dispatcher.dispatch(text, this.ctx), text);
      return;
    }
    this.damage.damaged(this.ctx.lineNo, controls, nul);
    const tail = this.dispatcher.dispatch(text.slice(last + 1), this.ctx);
    if (typeof tail === "string") {
      this.counts[tail]++;
      return;
    }
    const head = first > 0 ? this.dispatcher.dispatch(text.slice(0, first), this.ctx) : null;
    if (typeof head === "string") {
      this.counts[head]++;
      return;
    }
    const why = tail ?? head;
    if (why === null) {
      this.addOther(text); // no trace text: the damage (listed above) and perhaps program output
      return;
    }
    const what = nul === controls ? "NUL" : nul === 0 ? "control" : "NUL and control";
    this.addMalformed(
      `damaged line: ${controls} ${what} character${controls === 1 ? "" : "s"} from column ${first + 1}; around them: ${why.reason}`,
      text,
    );
  }

  /** A line over MAX_LINE_CHARS characters: counted as malformed, not parsed (its text is cut in `text`). */
  private skipLong(text: string): void {
    this.odd = true;
    const { controls, nul } = this.damage.longLine(text, this.ctx.lineNo);
    if (controls > 0) this.damage.damaged(this.ctx.lineNo, controls, nul);
    this.addMalformed(`line longer than ${MAX_LINE_CHARS} characters: skipped, not parsed`, text);
  }

  private addOther(text: string): void {
    const line = this.ctx.lineNo;
    this.counts.other++;
    const o = this.other;
    if (o.length > 0 && o.get(o.length - 1) === line - 1) o.set(o.length - 1, line);
    else {
      o.push(line);
      o.push(line);
    }
    this.otherText?.push(stripCR(text));
  }

  private addMalformed(reason: string, text: string): void {
    this.counts.malformed++;
    this.malformed.push({
      line: this.ctx.lineNo,
      reason,
      text: shown(stripCR(text).slice(0, MALFORMED_TEXT_CHARS)),
    });
  }

  /** The parse so far as plain data (a live feed calls it again later; the builder keeps appending). */
  finish(): TraceData {
    const damage = this.damage.finish(this.ctx.lineNo);
    const tables: Partial<Record<TableName, Table>> = {};
    const s = this.scanners;
    for (const sc of [s.gctrace, s.gcpacertrace, s.scavtrace, s.sched, s.detail, s.inittrace]) {
      for (const t of sc.tables()) {
        // A scanner whose tables drift from TABLE_SCHEMAS is a programmer error: docs and users rely on them.
        if (TABLE_SCHEMAS[t.name as TableName] !== t.schema) {
          throw new Error(
            `scanner ${sc.kind} returned table ${t.name} with a schema other than TABLE_SCHEMAS.${t.name}`,
          );
        }
        tables[t.name as TableName] = t;
      }
    }
    for (const name of TABLE_NAMES) {
      if (tables[name] === undefined) throw new Error(`no scanner returned table ${name}`);
    }
    return {
      source: this.source,
      lines: this.ctx.lineNo,
      counts: this.counts,
      runs: this.runs.count,
      tables: tables as Record<TableName, Table>,
      malformed: this.malformed,
      damage,
      otherRanges: this.other.finish(),
      otherText: this.otherText,
    };
  }
}
