/**
 * `loadTrace` on a large plain file, on several threads. The file is cut into byte ranges at line ends, which worker
 * threads and the calling thread take in turn; a thread parses a range's go1.6+ gc lines with the bytes fast path
 * (gctraceFast.ts) straight into gctrace columns held in SharedArrayBuffers, and hands every other line back as
 * text. The calling thread then walks all lines in file order exactly as the one-thread parse does: fast rows
 * are committed (run tracking, and the pacer rows waiting for their cycle number), every other line goes through
 * the dispatcher and the scanners. The result is the same Trace, row for row (test/parse/parallel.test.ts).
 *
 * Two passes over each range, both on threads: the first counts lines and gc candidates (lines starting with
 * `gc ` + digit), so that every candidate gets its row slot before the second pass parses: the columns are
 * allocated once at their final size and their memory is first touched by the thread that fills it. On this
 * VM, faulting in fresh memory costs as much as parsing (bench/README.md), so that work is what is spread.
 *
 * A candidate the fast path does not take (go1.5 layouts, a damaged line, the unterminated last line) keeps its
 * slot: the calling thread parses it as usual and its row, if any, lands at or before that slot, so the rows after
 * it only ever move down (holes are closed as rows are committed). A gctrace row from a line that is not a
 * candidate (a gc line behind a log prefix, glued after program output, the go1.0–1.4 `gcN(P):` layout) has no
 * slot: then the caller parses the file on one thread. So it does for a file shorter than PARALLEL_MIN_BYTES, gzip,
 * UTF-16 or a byte order mark, a NUL near the start, a line over MAX_LINE_CHARS, less than MIN_GC_SHARE of the bytes
 * in gc candidates (threads would not help), more than MAX_TEXT_BYTES of lines that come back as text (their text
 * waits for the replay; the one-thread reader's memory follows rows, not text), or a worker that cannot start. And
 * for damage found in the replay (trace.ts): a line with binary characters (the one-thread reader reports it and
 * judges the file's share of them), or a CR inside a line (a line end there, which the ranges did not count).
 */
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { threadId, Worker } from "node:worker_threads";
import { fastRowBytes, GO15_COLUMNS, ROW_COLUMNS } from "./gctrace";
import { isGcCandidate as isCandidate } from "./gctraceFast";
import { MAX_LINE_CHARS } from "./lines";

/** Files below this size are parsed on one thread: starting workers costs more than they save. */
export const PARALLEL_MIN_BYTES = 16 << 20;
/** At most this many threads, whatever the machine has: past it, committing rows on one thread dominates. */
export const MAX_THREADS = 8;
/** Ranges are about this long (more ranges than threads, taken in turn: a thread that is slowed does fewer). */
const RANGE_BYTES = 4 << 20;

/** One range of the file: bytes [start, end), ending just after a "\n" (the last range: at the end of the file). */
export interface ChunkRange {
  readonly start: number;
  readonly end: number;
}

export interface ChunkCount {
  lines: number;
  candidates: number;
  /** Bytes of the lines that are not candidates (they come back as text). */
  otherBytes: number;
}

/**
 * The lines of a range that the calling thread must parse itself, in file order: `line` (1-based), `text`, `pos`
 * (how many candidates of this range come before it) and `candidate` (1 when it is a candidate with its own slot).
 */
export interface ChunkLines {
  line: number[];
  text: string[];
  pos: number[];
  candidate: number[];
  /** Bytes of the candidates that came back as text. */
  candidateBytes: number;
}

/** Why the parallel reader gave up: the file is better parsed on one thread (the caller then does so). */
export class ParallelUnsuitable extends Error {}
const tooLong = () => new ParallelUnsuitable(`a line longer than ${MAX_LINE_CHARS} bytes`);

/**
 * Lines that are not fast gc rows travel as text to the calling thread and are held there until the replay:
 * past this many bytes of them the file is left to the one-thread reader, whose memory follows rows, not text.
 */
export const MAX_TEXT_BYTES = 64 << 20;

const BUF_BYTES = 2 * MAX_LINE_CHARS + 2;
/** This thread's read buffer, reused by every range it reads (fresh memory is slow to fault in). */
let readBuf: Buffer | null = null;

/**
 * The lines of a range, read into this thread's reused buffer: after next() returns true, the line is
 * b[start, end) without its "\n", and `terminated` says there was one (b[end] is then "\n"). Throws for a
 * line over MAX_LINE_CHARS bytes: the one-thread reader cuts those, and such a file is left to it. (A class with
 * fields rather than a callback per line: the loops that use it stay simple for the compiler.)
 */
class RangeLines {
  readonly b: Buffer;
  start = 0;
  end = 0;
  terminated = false;
  private have = 0; // bytes in b
  private from = 0; // start of the next line in b
  private pos: number; // file offset of b[have]
  private eof = false;

  constructor(
    private readonly fd: number,
    private readonly range: ChunkRange,
  ) {
    if (readBuf === null) readBuf = Buffer.allocUnsafeSlow(BUF_BYTES);
    this.b = readBuf;
    this.pos = range.start;
    this.fill();
  }

  next(): boolean {
    const b = this.b;
    for (;;) {
      const nl = b.indexOf(10, this.from);
      if (nl >= 0 && nl < this.have) {
        if (nl - this.from > MAX_LINE_CHARS) throw tooLong();
        this.start = this.from;
        this.end = nl;
        this.terminated = true;
        this.from = nl + 1;
        return true;
      }
      if (this.have - this.from > MAX_LINE_CHARS) throw tooLong();
      if (this.eof) {
        if (this.from === this.have) return false;
        this.start = this.from;
        this.end = this.have;
        this.terminated = false;
        this.from = this.have;
        return true;
      }
      b.copy(b, 0, this.from, this.have); // the unfinished line to the front, then read on
      this.have -= this.from;
      this.from = 0;
      this.fill();
    }
  }

  private fill(): void {
    const want = Math.min(this.b.length - this.have, this.range.end - this.pos);
    const n = want > 0 ? readSync(this.fd, this.b, this.have, want, this.pos) : 0;
    this.pos += n;
    this.have += n;
    this.eof = n === 0 || this.pos >= this.range.end;
  }
}

/** Pass 1 of a range: its lines and gc candidates. */
export function countChunk(fd: number, range: ChunkRange): ChunkCount {
  let lines = 0;
  let candidates = 0;
  let otherBytes = 0;
  const r = new RangeLines(fd, range);
  while (r.next()) {
    lines++;
    if (isCandidate(r.b, r.start, r.end)) candidates++;
    else otherBytes += r.end - r.start;
  }
  return { lines, candidates, otherBytes };
}

/**
 * Pass 2 of a range: fast rows into `cols` from row `base` (one slot per candidate), with their line numbers
 * counted from `firstLine`, and NaN in go1.5's columns `go15` for every slot; every other line comes back as text.
 * Rows of candidates the fast path does not take keep only the NaNs.
 */
export function scanChunk(
  fd: number,
  range: ChunkRange,
  cols: Float64Array[],
  meta: Uint8Array,
  go15: Float64Array[],
  base: number,
  candidates: number,
  firstLine: number,
): ChunkLines {
  for (const g of go15) g.fill(Number.NaN, base, base + candidates);
  const out: ChunkLines = { line: [], text: [], pos: [], candidate: [], candidateBytes: 0 };
  let lineNo = firstLine - 1;
  let slot = base;
  const run = cols[0];
  const r = new RangeLines(fd, range);
  const b = r.b;
  while (r.next()) {
    lineNo++;
    const start = r.start;
    const end = r.end;
    if (!isCandidate(b, start, end)) {
      keep(out, lineNo, b.toString("utf8", start, end), slot - base, 0);
      continue;
    }
    if (r.terminated && fastRowBytes(b, start, end, cols, meta, slot, lineNo)) {
      run[slot] = 0; // the calling thread assigns runs; written here so this thread faults the page in
    } else {
      keep(out, lineNo, b.toString("utf8", start, end), slot - base, 1);
      out.candidateBytes += end - start;
    }
    slot++;
  }
  return out;
}

function keep(out: ChunkLines, line: number, text: string, pos: number, candidate: number): void {
  out.line.push(line);
  out.text.push(text);
  out.pos.push(pos);
  out.candidate.push(candidate);
}

/**
 * The file cut into up to `n` ranges of about equal size, each ending just after a "\n" (found by reading from the
 * nominal cut); fewer when lines are longer than a range.
 */
export function planChunks(path: string, size: number, n: number): ChunkRange[] {
  const cuts: number[] = [0];
  const fd = openSync(path, "r");
  try {
    const b = Buffer.allocUnsafe(64 << 10);
    for (let k = 1; k < n; k++) {
      let at = Math.max(Math.floor((size * k) / n), cuts[cuts.length - 1]);
      let cut = -1;
      while (cut < 0 && at < size) {
        const got = readSync(fd, b, 0, b.length, at);
        if (got <= 0) break;
        const nl = b.subarray(0, got).indexOf(10);
        if (nl >= 0) cut = at + nl + 1;
        else at += got;
      }
      if (cut < 0 || cut >= size) break;
      if (cut > cuts[cuts.length - 1]) cuts.push(cut);
    }
  } finally {
    closeSync(fd);
  }
  cuts.push(size);
  return cuts.slice(1).map((end, k) => ({ start: cuts[k], end }));
}

/** How the head of the file rules out the parallel reader (the one-thread reader deals with these), or null. */
export function headProblem(head: Uint8Array): string | null {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return "UTF-16";
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "byte order mark";
  // A damaged file (a NUL near the start: an unclean shutdown, or not text at all) is the one-thread reader's.
  if (head.subarray(0, 32000).indexOf(0) >= 0) return "NUL byte";
  return null;
}

/** Threads to use for a file of `size` bytes: `threads` if given, else the machine's parallelism. */
export function threadsFor(size: number, threads: number | undefined): number {
  if (size < PARALLEL_MIN_BYTES && threads === undefined) return 1;
  const want = threads ?? availableParallelism();
  return Math.max(1, Math.min(MAX_THREADS, want));
}

/** The compiled worker script beside this module; absent when running from TypeScript sources (tests). */
function workerScript(): string | null {
  const js = join(__dirname, "parallelWorker.js");
  return existsSync(js) ? js : null;
}

/**
 * A pass over all ranges, shared by the threads: each takes the next range from `next` (an Int32 counter in a
 * SharedArrayBuffer) until none is left, and answers with what it did.
 */
export type WorkerRequest =
  | { op: "count"; path: string; ranges: ChunkRange[]; next: SharedArrayBuffer }
  | {
      op: "scan";
      path: string;
      ranges: ChunkRange[];
      next: SharedArrayBuffer;
      buffers: SharedArrayBuffer[];
      meta: SharedArrayBuffer;
      go15: SharedArrayBuffer[];
      bases: number[];
      candidates: number[];
      firstLines: number[];
      /** Bytes of candidates this thread may hand back as text before the file is left to one thread. */
      textBudget: number;
    };
export type WorkerReply =
  | { ok: true; thread: number; done: { k: number; value: ChunkCount | ChunkLines }[] }
  | { ok: false; unsuitable: boolean; message: string };

/** Runs a pass on this thread, answering as a worker would. */
export function serve(req: WorkerRequest): WorkerReply {
  const next = new Int32Array(req.next);
  const done: { k: number; value: ChunkCount | ChunkLines }[] = [];
  let fd = -1;
  try {
    fd = openSync(req.path, "r");
    const one = req.op === "count" ? (k: number) => countChunk(fd, req.ranges[k]) : scanner(req, fd);
    for (let k = Atomics.add(next, 0, 1); k < req.ranges.length; k = Atomics.add(next, 0, 1)) {
      done.push({ k, value: one(k) });
    }
    return { ok: true, thread: threadId, done };
  } catch (e) {
    Atomics.store(next, 0, req.ranges.length); // the others stop too
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, unsuitable: e instanceof ParallelUnsuitable, message };
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** scanChunk of range k into the pass's shared columns, within this thread's budget of candidate text. */
function scanner(req: Extract<WorkerRequest, { op: "scan" }>, fd: number): (k: number) => ChunkLines {
  const cols = req.buffers.map((buf) => new Float64Array(buf));
  const meta = new Uint8Array(req.meta);
  const go15 = req.go15.map((buf) => new Float64Array(buf));
  let text = 0;
  return (k) => {
    const { bases, candidates, firstLines } = req;
    const value = scanChunk(fd, req.ranges[k], cols, meta, go15, bases[k], candidates[k], firstLines[k]);
    text += value.candidateBytes;
    if (text > req.textBudget)
      throw new ParallelUnsuitable("too many gc lines that the fast path does not take");
    return value;
  };
}

/** A worker thread that answers requests in order. */
interface Helper {
  run(req: WorkerRequest): Promise<WorkerReply>;
  /** Whether it can serve another call (it has not failed or exited). */
  readonly healthy: boolean;
  /**
   * In use (true): the worker keeps the process alive, as any pending I/O would, so a script that only awaits a
   * load does not exit before the result. Idle (false): it never keeps the process alive.
   */
  busy(inUse: boolean): void;
  close(): Promise<void>;
}

function workerHelper(script: string): Helper {
  const w = new Worker(script);
  let failed: Error | null = null;
  const waiting: ((r: WorkerReply) => void)[] = [];
  const fail = (e: Error) => {
    failed = e;
    for (const ok of waiting.splice(0)) ok({ ok: false, unsuitable: false, message: e.message });
  };
  w.on("message", (r: WorkerReply) => waiting.shift()?.(r));
  w.on("error", fail);
  w.on("exit", (code) => fail(new Error(`worker exited with code ${code}`)));
  // After the listeners: adding a "message" listener refs the worker's port again (Node 20), which kept an
  // idle worker, and so the process, alive until the idle timer closed it a minute later.
  w.unref();
  return {
    run(req) {
      if (failed !== null) return Promise.resolve({ ok: false, unsuitable: false, message: failed.message });
      return new Promise((ok) => {
        waiting.push(ok);
        w.postMessage(req);
      });
    },
    get healthy() {
      return failed === null;
    },
    busy(inUse) {
      if (inUse) w.ref();
      else w.unref();
    },
    async close() {
      w.removeAllListeners("exit");
      await w.terminate();
    },
  };
}

/**
 * Workers stay for IDLE_MS after a load, for the next one: in a notebook the next trace is often loaded a few cells
 * later, and starting a worker and warming up its compiled parser costs about a tenth of a second each time. An
 * idle worker holds about 12 MiB and no CPU, and never keeps the process alive (a script exits as soon as its
 * work is done, idle workers or not).
 */
const IDLE_MS = 60_000;
const idle: Helper[] = [];
let idleTimer: NodeJS.Timeout | null = null;

function acquire(script: string, n: number): Helper[] {
  const got = idle.splice(0, n);
  while (got.length < n) got.push(workerHelper(script));
  for (const h of got) h.busy(true);
  return got;
}

function release(helpers: Helper[]): void {
  for (const h of helpers) {
    h.busy(false);
    if (h.healthy) idle.push(h);
    else void h.close();
  }
  if (idleTimer !== null) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    for (const h of idle.splice(0)) void h.close();
  }, IDLE_MS);
  idleTimer.unref();
}

export interface ParallelPlan {
  ranges: ChunkRange[];
  counts: ChunkCount[];
  lines: ChunkLines[];
  /** The gctrace number columns (gctrace.ts ROW_COLUMNS of them), one slot per candidate of the whole file. */
  cols: Float64Array[];
  /** The gctrace meta column (format and flags). */
  meta: Uint8Array;
  /** go1.5's four columns, NaN in every slot. */
  go15: Float64Array[];
  /** Row slot of each range's first candidate. */
  bases: number[];
  /** The thread that scanned each range (worker_threads threadId; 0 is the main thread). */
  threads: number[];
}

/** How scanParallel runs; the defaults are what loadTrace uses, tests change them. */
export interface ScanOptions {
  /** false: every range on this thread, the same code path otherwise (tests run from sources, where there is no
   * compiled worker script). */
  readonly useWorkers?: boolean;
  /** Runs on this thread while the others start the second pass, with the number of row slots. */
  readonly meanwhile?: (slots: number) => void;
  /** MAX_TEXT_BYTES. */
  readonly maxTextBytes?: number;
  /** MIN_GC_SHARE. */
  readonly minGcShare?: number;
}

/**
 * Threads help only with gc lines the fast path takes: when less than this share of the file's bytes is in lines
 * starting `gc ` + digit (a log whose gc lines sit behind a prefix, a pacer or scheduler trace), the file is left to
 * the one-thread reader right after the first pass.
 */
export const MIN_GC_SHARE = 0.5;

/**
 * Both passes over `path` with `threads` threads (this one included). Throws ParallelUnsuitable when the file is
 * better left to the one-thread reader.
 */
export async function scanParallel(
  path: string,
  size: number,
  threads: number,
  opts: ScanOptions = {},
): Promise<ParallelPlan> {
  const maxTextBytes = opts.maxTextBytes ?? MAX_TEXT_BYTES;
  const minGcShare = opts.minGcShare ?? MIN_GC_SHARE;
  const ranges = planChunks(
    path,
    size,
    Math.min(threads * 16, Math.max(threads, Math.ceil(size / RANGE_BYTES))),
  );
  const script = (opts.useWorkers ?? true) && threads > 1 ? workerScript() : null;
  const workers = script === null ? [] : acquire(script, threads - 1);
  try {
    const threadOf: number[] = new Array(ranges.length);
    const pass = async <T>(req: WorkerRequest, before: () => void = () => {}): Promise<T[]> => {
      const replies = workers.map((w) => w.run(req));
      before();
      const all = [serve(req), ...(await Promise.all(replies))];
      const out = new Array<T>(ranges.length);
      for (const r of all) {
        if (!r.ok) throw new ParallelUnsuitable(r.unsuitable ? r.message : `a worker failed: ${r.message}`);
        for (const { k, value } of r.done) {
          out[k] = value as T;
          threadOf[k] = r.thread;
        }
      }
      return out;
    };
    const counter = () => new SharedArrayBuffer(4);
    const counts = await pass<ChunkCount>({ op: "count", path, ranges, next: counter() });
    const bases: number[] = [];
    const firstLines: number[] = [];
    let slots = 0;
    let lines = 0;
    let otherBytes = 0;
    for (const c of counts) {
      bases.push(slots);
      firstLines.push(lines + 1);
      slots += c.candidates;
      lines += c.lines;
      otherBytes += c.otherBytes;
    }
    if (otherBytes > maxTextBytes) {
      throw new ParallelUnsuitable(`more than ${maxTextBytes} bytes of other lines`);
    }
    if (otherBytes > (1 - minGcShare) * size) {
      throw new ParallelUnsuitable(`less than ${minGcShare} of the file in gc lines`);
    }
    const bytes = Math.max(1, slots) * 8;
    const buffers = Array.from({ length: ROW_COLUMNS }, () => new SharedArrayBuffer(bytes));
    const meta = new SharedArrayBuffer(Math.max(1, slots));
    const go15 = GO15_COLUMNS.map(() => new SharedArrayBuffer(bytes));
    const scanned = await pass<ChunkLines>(
      {
        op: "scan",
        path,
        ranges,
        next: counter(),
        buffers,
        meta,
        go15,
        bases,
        candidates: counts.map((c) => c.candidates),
        firstLines,
        textBudget: (maxTextBytes - otherBytes) / (workers.length + 1),
      },
      () => opts.meanwhile?.(slots),
    );
    const view = (buf: SharedArrayBuffer) => new Float64Array(buf, 0, slots);
    return {
      ranges,
      counts,
      lines: scanned,
      cols: buffers.map(view),
      meta: new Uint8Array(meta, 0, slots),
      go15: go15.map(view),
      bases,
      threads: threadOf,
    };
  } finally {
    release(workers);
  }
}
