/**
 * One scanner set (src/parse/), three doors: `parseTrace(text)`, `parseTraceStream(readable)`, `loadTrace(path)`.
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
 *       threads: loadTrace only; a plain file of PARALLEL_MIN_BYTES or more is read on several threads (src/parse/parallel/)
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
 *   TABLE_NAMES, TABLE_SCHEMAS, TABLE_INFO (parse/tables.ts; docs/schema.md), LINE_CLASSES (parse/types.ts),
 *   MALFORMED_TEXT_CHARS (parse/traceData.ts); the Trace object: trace.ts
 *
 * How lines are classified: parse/dispatch.ts (and docs/parsing.md); how runs are split: parse/runs.ts. Errors a user can
 * cause (missing or unreadable file, a directory, input that is mostly binary) throw an Error whose message starts
 * with the source's name; wrong argument types throw TypeError; data problems are reported in `malformed` (lines)
 * and `damage` (binary runs, gzip data that ends early or is corrupt: what came before it is parsed).
 */
import { type FileHandle, open } from "node:fs/promises";
import { type BuildOptions, TraceBuilder } from "../parse/build";
import { ByteLineSplitter } from "../parse/byteLines";
import { ParallelUnsuitable } from "../parse/parallel/ranges";
import { type ParallelOptions, parseParallel } from "../parse/parallel/replay";
import { headProblem, threadsFor } from "../parse/parallel/scan";
import { textChunks } from "../parse/textChunks";
import { ParsedTrace, type Trace } from "./trace";

export interface ParseOptions extends BuildOptions {
  /**
   * loadTrace only: threads for a plain file (src/parse/parallel/). Default: the machine's parallelism for files of
   * PARALLEL_MIN_BYTES (16 MiB) or more, else 1. 1 parses on this thread only. The result is the same either way.
   */
  readonly threads?: number;
  /**
   * loadTrace only: called as the file is read, with the bytes read so far and the file's size (a command line's
   * progress). On several threads it is called at the start and at the end only.
   */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Parses a whole trace held in memory. */
export function parseTrace(text: string, opts: ParseOptions = {}): Trace {
  if (typeof text !== "string") throw new TypeError(`parseTrace: expected a string, got ${typeof text}`);
  const b = new TraceBuilder(opts);
  const lines: ByteLineSplitter = new ByteLineSplitter((buf, start, end, whole) =>
    b.lineBytes(buf, start, end, whole, lines),
  );
  lines.pushText(text);
  lines.end();
  return new ParsedTrace(b.finish());
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
  // A stream is text (strings, UTF-16) or UTF-8 bytes throughout (textChunks checks).
  const lines: ByteLineSplitter = new ByteLineSplitter((buf, start, end, whole) =>
    b.lineBytes(buf, start, end, whole, lines),
  );
  for await (const chunk of textChunks(input, b.source, (reason) => b.inputDamage(reason))) {
    if (typeof chunk === "string") lines.pushText(chunk);
    else lines.push(chunk);
  }
  lines.end();
  return new ParsedTrace(b.finish());
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
        const trace = await loadTraceParallel(
          path,
          st.size,
          threads,
          { ...opts, file: source },
          { go118 },
        ).catch((e) => {
          if (e instanceof ParallelUnsuitable) return null;
          throw fileError(source, e);
        });
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
 * The parallel door (src/parse/parallel/replay.ts): a plain file on `threads` threads, as a Trace; null when the file
 * is better parsed on one thread. Throws ParallelUnsuitable for the other reasons to use one thread.
 */
export async function loadTraceParallel(
  path: string,
  size: number,
  threads: number,
  opts: BuildOptions,
  how: ParallelOptions = {},
): Promise<Trace | null> {
  const data = await parseParallel(path, size, threads, opts, how);
  return data === null ? null : new ParsedTrace(data);
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
