/**
 * One scanner set, three doors: `parseTrace(text)`, `parseTraceStream(readable)`, `loadTrace(path)`.
 *
 * API (what other modules code against; src/index.ts re-exports it):
 *
 *   parseTrace(text: string, opts?: ParseOptions): Trace
 *   parseTraceStream(input: AsyncIterable<string | Uint8Array>, opts?: ParseOptions): Promise<Trace>
 *       a Node Readable (process.stdin, a child's stderr) or any async iterable; chunks may split lines and
 *       characters anywhere; bytes are UTF-8 (UTF-16 with a BOM), gunzipped when they start with gzip's magic
 *   loadTrace(path: string, opts?: ParseOptions): Promise<Trace>     plain or gzip (by magic bytes), streamed
 *
 *   interface ParseOptions { file?: string; keepOtherText?: boolean; threads?: number }
 *       threads: loadTrace only; a plain file of PARALLEL_MIN_BYTES or more is read on several threads (parallel/)
 *   interface Trace {
 *     source: string;                      opts.file, else the path, "<stream>" or "<text>"
 *     lines: number;                       physical input lines (a last line without newline counts)
 *     counts: Record<LineClass, number>;   the 6 kinds + other + malformed; they sum to `lines`
 *     runs: number;                        process runs found (0 when no trace line parsed)
 *     tables: Record<TableName, Table>;    every table, always present (maybe empty), columnar
 *     malformed: MalformedLine[];          {line, reason, text (≤ MALFORMED_TEXT_CHARS chars)}
 *     damage: Damage[];                    {line, lastLine, reason}: binary runs, a cut-off or corrupt gzip stream
 *     otherRanges: Float64Array;           `other` lines as ranges: first, last, first, last…
 *     other: Float64Array;                 1-based line numbers of `other` lines (built from otherRanges on use)
 *     otherText: string[] | undefined;     their text (CR stripped), only with opts.keepOtherText
 *     num(table, column): Float64Array;    str(table, column): string[];    bool(table, column): boolean[]
 *     frame(table): DataFrame;             danfo DataFrame, built on first call, then cached
 *     frames(): Record<TableName, DataFrame>;
 *     describeMalformed(): string[];       "file:line: reason"
 *     describeDamage(): string[];          "file:line: reason" or "file:line-lastLine: reason"
 *   }
 *   TABLE_NAMES, TABLE_SCHEMAS, TABLE_INFO (tables.ts; docs/schema.md), LINE_CLASSES, MALFORMED_TEXT_CHARS
 *
 * How lines are classified: dispatch.ts (and docs/parsing.md); how runs are split: runs.ts. Errors a user can
 * cause (missing or unreadable file, a directory, input that is mostly binary) throw an Error whose message starts
 * with the source's name; wrong argument types throw TypeError; data problems are reported in `malformed` (lines)
 * and `damage` (binary runs, gzip data that ends early or is corrupt: what came before it is parsed).
 */
import { type FileHandle, open } from "node:fs/promises";
import type { DataFrame } from "danfojs-node";
import { toDataFrame } from "../frame/toDataFrame";
import type { ColumnData, Table } from "../table/table";
import { NumberColumn } from "../table/tableBuilder";
import { Dispatcher, type ScannerSet, stripCR } from "./dispatch";
import { createGcpacertraceScanner } from "./gcpacertrace";
import { createGctraceScanner, type GctraceScanner } from "./gctrace";
import { isGcCandidate } from "./gctraceFast";
import { createInittraceScanner } from "./inittrace";
import { ByteLineSplitter, LineSplitter, MAX_LINE_CHARS, textChunks } from "./lines";
import { ParallelUnsuitable } from "./parallel/ranges";
import { parseParallel } from "./parallel/replay";
import { headProblem, threadsFor } from "./parallel/scan";
import { ProcessRuns } from "./runs";
import { createScavtraceScanner } from "./scavtrace";
import { createSchedScanner } from "./schedtrace";
import { TABLE_NAMES, TABLE_SCHEMAS, type TableName } from "./tables";
import { type LineClass, TRACE_KINDS } from "./types";

export { TABLE_INFO, TABLE_NAMES, TABLE_SCHEMAS, type TableInfo, type TableName } from "./tables";

/** Every line class, in the order summaries print them. */
export const LINE_CLASSES: readonly LineClass[] = [...TRACE_KINDS, "other", "malformed"];

/** Malformed lines keep at most this many characters of their text. */
export const MALFORMED_TEXT_CHARS = 200;

/**
 * A file is refused as binary when more than this share of its characters (NULs left out) are control characters
 * other than TAB, LF, VT, FF, CR and ESC, or U+FFFD (invalid UTF-8). Executables and images come out at 0.5–0.6
 * (measured on /usr/bin/ls, git, node, libc and a PNG), text logs near 0.
 */
export const BINARY_SHARE = 1 / 3;
/** The share is judged at the end, and already after a line once this many characters (NULs left out) are read. */
const EARLY_JUDGE_CHARS = 1 << 20;

/** A character that is not plain text: a C0 control other than TAB, LF, VT, FF, CR, ESC; or U+FFFD. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const ODD_CHAR = /[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]/;

function isBinaryControl(c: number): boolean {
  return c <= 8 || (c >= 14 && c <= 31 && c !== 27);
}

/** The text of a damaged line as kept in `malformed`: control characters shown as their U+2400 symbols (␀, ␁…). */
function shown(text: string): string {
  if (!ODD_CHAR.test(text)) return text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
  return text.replace(/[\x00-\x08\x0e-\x1a\x1c-\x1f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
}

export interface ParseOptions {
  /** Names the input in diagnostics and in `Trace.source`. */
  readonly file?: string;
  /** Keep the text of `other` lines (program output) in `Trace.otherText`; off by default to save memory. */
  readonly keepOtherText?: boolean;
  /**
   * loadTrace only: threads for a plain file (parallel/). Default: the machine's parallelism for files of
   * PARALLEL_MIN_BYTES (16 MiB) or more, else 1. 1 parses on this thread only. The result is the same either way.
   */
  readonly threads?: number;
  /**
   * Keep the rows of scheddetail P, M and G lines (default true). false: the lines are still checked, counted
   * and reported when malformed, and each dump's G lines are counted in `schedtrace.goroutines`, but the
   * scheddetailP/M/G tables stay empty — what a summary of a multi-GB scheddetail log needs, in bounded memory.
   */
  readonly detailRows?: boolean;
  /**
   * loadTrace only: called as the file is read, with the bytes read so far and the file's size (a command line's
   * progress). On several threads it is called at the start and at the end only.
   */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

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

export interface Trace {
  readonly source: string;
  readonly lines: number;
  readonly counts: Readonly<Record<LineClass, number>>;
  readonly runs: number;
  readonly tables: Readonly<Record<TableName, Table>>;
  readonly malformed: readonly MalformedLine[];
  /** What was skipped as damaged (Damage); the lines around it are parsed. */
  readonly damage: readonly Damage[];
  /** The `other` lines as ranges: first, last, first, last… (1-based, inclusive). */
  readonly otherRanges: Float64Array;
  /** The 1-based numbers of the `other` lines, one by one (built from otherRanges on first use). */
  readonly other: Float64Array;
  readonly otherText: readonly string[] | undefined;
  /** A number column; throws if the table or column does not exist or is not numeric. */
  num(table: TableName, column: string): Float64Array;
  str(table: TableName, column: string): string[];
  bool(table: TableName, column: string): boolean[];
  /** The table as a danfo DataFrame (loads danfojs-node on first use; built once per table). */
  frame(table: TableName): DataFrame;
  frames(): Record<TableName, DataFrame>;
  /** One `file:line: reason` string per malformed line. */
  describeMalformed(): string[];
  /** One `file:line: reason` (or `file:line-lastLine: reason`) string per damaged part of the input. */
  describeDamage(): string[];
}

/** Parses a whole trace held in memory. */
export function parseTrace(text: string, opts: ParseOptions = {}): Trace {
  if (typeof text !== "string") throw new TypeError(`parseTrace: expected a string, got ${typeof text}`);
  const b = new TraceBuilder(opts);
  const split = new LineSplitter((line, long) => b.line(line, long));
  split.push(text);
  split.end();
  return b.finish();
}

/** Parses a stream of text or bytes (process.stdin, a child's stderr, fs.createReadStream) as it arrives. */
export async function parseTraceStream(
  input: AsyncIterable<string | Uint8Array>,
  opts: ParseOptions = {},
): Promise<Trace> {
  if (input == null || typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function") {
    throw new TypeError("parseTraceStream: expected an async iterable of strings or bytes (e.g. a Readable)");
  }
  const b = new TraceBuilder({ ...opts, file: opts.file ?? "<stream>" });
  // One of the two is used: a stream is text (strings, UTF-16) or UTF-8 bytes throughout.
  const split = new LineSplitter((line, long) => b.line(line, long));
  const bytes: ByteLineSplitter = new ByteLineSplitter((buf, start, end, whole) =>
    b.lineBytes(buf, start, end, whole, bytes),
  );
  for await (const chunk of textChunks(input, b.source, (reason) => b.inputDamage(reason))) {
    if (typeof chunk === "string") split.push(chunk);
    else bytes.push(chunk);
  }
  split.end();
  bytes.end();
  return b.finish();
}

/** Reads a trace file, plain or gzip-compressed (recognised by its magic bytes, not its name), streaming. */
export async function loadTrace(path: string, opts: ParseOptions = {}): Promise<Trace> {
  if (typeof path !== "string") throw new TypeError(`loadTrace: expected a path string, got ${typeof path}`);
  const t = opts.threads;
  if (t !== undefined && !(Number.isInteger(t) && t >= 1)) {
    throw new TypeError(`loadTrace: threads must be a whole number of at least 1, got ${String(t)}`);
  }
  const source = opts.file ?? path;
  const fh = await open(path, "r").catch((e) => {
    throw fileError(source, e);
  });
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new Error(`${source}: is a directory, not a trace file`);
    const threads = threadsFor(st.size, opts.threads);
    opts.onProgress?.(0, st.size);
    if (threads > 1 && st.isFile()) {
      const head = Buffer.alloc(32000);
      const { bytesRead } = await fh.read(head, 0, head.length, 0).catch((e) => {
        throw fileError(source, e);
      });
      if (bytesRead > 0 && headProblem(head.subarray(0, bytesRead)) === null) {
        const go118 = head.subarray(0, bytesRead).indexOf(" MB stacks, ") >= 0;
        const trace = await parseParallel(path, st.size, threads, { ...opts, file: source }, { go118 }).catch(
          (e) => {
            if (e instanceof ParallelUnsuitable) return null;
            throw fileError(source, e);
          },
        );
        if (trace !== null) {
          opts.onProgress?.(st.size, st.size);
          return trace;
        }
      }
    }
    const progress = opts.onProgress && ((read: number) => opts.onProgress?.(read, st.size));
    return await parseTraceStream(fileChunks(fh, progress), { ...opts, file: source }).catch((e) => {
      throw fileError(source, e);
    });
  } finally {
    await fh.close();
  }
}

/**
 * The file in 1 MiB reads into ONE reused buffer (textChunks' consumers keep no chunk past the next read): a
 * read stream's fresh buffer per chunk would fault in as much new memory as the file is large, which on this
 * kind of VM costs more than parsing it (bench/parse.ts).
 */
async function* fileChunks(fh: FileHandle, onRead?: (total: number) => void): AsyncGenerator<Uint8Array> {
  const buf = Buffer.allocUnsafeSlow(READ_BYTES);
  let total = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, READ_BYTES, null);
    if (bytesRead === 0) return;
    total += bytesRead;
    onRead?.(total);
    yield buf.subarray(0, bytesRead);
  }
}
const READ_BYTES = 1 << 20;

/** A system error (ENOENT, EACCES, EIO…) as one message naming the file; other errors pass unchanged. */
function fileError(source: string, e: unknown): unknown {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("E")) return e;
  const why: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    EISDIR: "is a directory, not a trace file",
    EIO: "read error (I/O error)",
  };
  return new Error(`${source}: cannot read trace: ${why[code] ?? (e as Error).message}`);
}

/** What the parallel replay (parallel/replay.ts) drives of a TraceBuilder (TraceBuilder.forReplay). */
export interface ReplayTarget {
  readonly gc: GctraceScanner;
  readonly ctx: { lineNo: number; readonly runs: ProcessRuns };
  /** Classifies a line at ctx.lineNo; false when it held binary characters or was too long. */
  line(text: string): boolean;
  /** Counts `n` fast gctrace rows committed. */
  fastRows(n: number): void;
}

/** The state of one parse: the scanners, the run tracker, the counters and the diagnostics (feed.ts uses it too). */
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
  private readonly damage: { line: number; lastLine: number; chars: number; reason: string }[] = [];
  /** Characters of the lines seen, without NULs, and how many of them were binary (BINARY_SHARE). */
  private chars = 0;
  private binary = 0;
  /** A line held binary characters or was too long (the parallel replay then leaves the file to one thread). */
  private odd = false;
  private replaying = false;

  constructor(opts: ParseOptions) {
    this.source = opts.file ?? "<text>";
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

  line(text: string, long: boolean): void {
    this.ctx.lineNo++;
    if (long) this.skipLong(text);
    else this.classify(text);
  }

  /** gzip data that ended early or is corrupt (lines.ts textChunks): recorded after the last line read. */
  inputDamage(reason: string): void {
    this.damage.push({ line: Number.NaN, lastLine: Number.NaN, chars: 0, reason });
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
        this.chars += end - start;
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

  /** Prepares the gctrace table for up to `rows` rows of a parallel scan (GctraceScanner.prefill). */
  prefill(rows: number, go118: boolean): void {
    this.gc.prefill(rows, go118);
  }

  /**
   * The parallel replay's view of this parse (parallel/replay.ts): the gctrace scanner's row slots, the line
   * counter and run tracker, the other lines' classification (false when the line held binary characters: the
   * replay then gives up) and the count of fast rows it committed.
   */
  forReplay(): ReplayTarget {
    this.replaying = true;
    return {
      gc: this.gc,
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
    this.chars += text.length;
    if (ODD_CHAR.test(text)) {
      this.classifyOdd(text);
      return;
    }
    const r = this.dispatcher.dispatch(text, this.ctx);
    if (r === null) this.addOther(text);
    else if (typeof r === "string") this.counts[r]++;
    else this.addMalformed(r.reason, text);
  }

  /**
   * A line with binary characters. U+FFFD alone (invalid UTF-8, e.g. a Latin-1 program's output) only counts toward
   * the binary share. NULs and other control characters make the line damaged: its text after the last binary
   * character is read as a line of its own (what follows a zero-filled block), else its text before the first one
   * (a line the block cut short); the line counts as the kind found there, else as malformed, and the run of
   * damaged lines is listed in `damage`.
   */
  private classifyOdd(text: string): void {
    this.odd = true;
    let nul = 0;
    let bad = 0;
    let controls = 0;
    let first = -1;
    let last = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0xfffd) bad++;
      else if (c < 32 && isBinaryControl(c)) {
        if (c === 0) nul++;
        else bad++;
        controls++;
        if (first < 0) first = i;
        last = i;
      }
    }
    this.chars -= nul;
    this.binary += bad;
    this.judgeEarly();
    if (controls === 0) {
      const r = this.dispatcher.dispatch(text, this.ctx);
      if (r === null) this.addOther(text);
      else if (typeof r === "string") this.counts[r]++;
      else this.addMalformed(r.reason, text);
      return;
    }
    this.addDamage(controls, nul);
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
    const what = nul === controls ? "NUL" : nul === 0 ? "control" : "NUL and control";
    this.addMalformed(
      `damaged line: ${controls} ${what} character${controls === 1 ? "" : "s"} from column ${first + 1}` +
        (why === null ? ", no trace record around them" : `; around them: ${why.reason}`),
      text,
    );
  }

  /** A line over MAX_LINE_CHARS characters: counted as malformed, not parsed (its text is cut in `text`). */
  private skipLong(text: string): void {
    this.odd = true;
    this.chars += text.length;
    let controls = 0;
    let nul = 0;
    if (ODD_CHAR.test(text)) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0xfffd || (c < 32 && isBinaryControl(c) && c !== 0)) this.binary++;
        if (c < 32 && isBinaryControl(c)) {
          controls++;
          if (c === 0) nul++;
        }
      }
      this.chars -= nul;
      this.judgeEarly();
    }
    if (controls > 0) this.addDamage(controls, nul);
    this.addMalformed(`line longer than ${MAX_LINE_CHARS} characters: skipped, not parsed`, text);
  }

  /**
   * A large binary file (a core dump, an executable) is refused once a MiB of it has been read, not at its end: its
   * damaged lines would each be listed as malformed meanwhile.
   */
  private judgeEarly(): void {
    // Not in a parallel replay: its fast rows are not counted in `chars`, and it gives up at the first odd line.
    if (!this.replaying && this.chars >= EARLY_JUDGE_CHARS && this.binary > this.chars * BINARY_SHARE) {
      this.refuse(` up to line ${this.ctx.lineNo}`);
    }
  }

  private refuse(where: string): never {
    const pct = Math.round((100 * this.binary) / this.chars);
    throw new Error(
      `${this.source}: not a text trace (binary data: ${pct}% of its characters${where} are control characters or invalid UTF-8)`,
    );
  }

  /** Extends the current run of damaged lines, or starts one. */
  private addDamage(controls: number, nul: number): void {
    const line = this.ctx.lineNo;
    const prev = this.damage.at(-1);
    const kind = nul === controls ? "NUL" : "binary";
    if (prev !== undefined && prev.lastLine === line - 1) {
      prev.lastLine = line;
      prev.chars += controls;
      if (prev.reason !== kind) prev.reason = "binary";
    } else {
      this.damage.push({ line, lastLine: line, chars: controls, reason: kind });
    }
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

  finish(): Trace {
    // Perl's -B test calls a file binary when more than a third of its characters are odd; NULs are left out, so
    // that a zero-filled block (an unclean shutdown) is damage in a text file, not proof of a binary one.
    if (this.binary > this.chars * BINARY_SHARE) this.refuse("");
    const lines = this.ctx.lineNo;
    const damage: Damage[] = this.damage.map((d) =>
      Number.isNaN(d.line)
        ? { line: lines, lastLine: lines, reason: d.reason }
        : {
            line: d.line,
            lastLine: d.lastLine,
            reason: `${d.chars} ${d.reason === "NUL" ? "NUL" : "binary (NUL or control)"} character${d.chars === 1 ? "" : "s"} skipped`,
          },
    );
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
    return new ParsedTrace({
      source: this.source,
      lines: this.ctx.lineNo,
      counts: this.counts,
      runs: this.runs.count,
      tables: tables as Record<TableName, Table>,
      malformed: this.malformed,
      damage,
      otherRanges: this.other.finish(),
      otherText: this.otherText,
    });
  }
}

export type TraceData = Omit<
  Trace,
  "num" | "str" | "bool" | "frame" | "frames" | "describeMalformed" | "describeDamage" | "other"
>;

/** A parsed trace over its tables (feed.ts makes copies of one). */
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
    if (t === undefined)
      throw new Error(`unknown table ${JSON.stringify(name)}; tables: ${TABLE_NAMES.join(", ")}`);
    return t;
  }

  private column(table: TableName, column: string, type: "number" | "string" | "boolean"): ColumnData {
    const t = this.table(table);
    const spec = t.schema.find((c) => c.name === column);
    if (spec === undefined) {
      throw new Error(
        `table ${table} has no column ${JSON.stringify(column)}; columns: ${t.schema.map((c) => c.name).join(", ")}`,
      );
    }
    if (spec.type !== type) throw new Error(`column ${table}.${column} holds ${spec.type}s, not ${type}s`);
    return t.columns[column];
  }
}
