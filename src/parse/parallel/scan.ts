/**
 * `loadTrace` on a large plain file, on several threads. The file is cut into byte ranges at line ends, which worker
 * threads and the calling thread take in turn; a thread parses a range's go1.6+ gc lines with the bytes fast path
 * (../gctrace/fast.ts; ranges.ts) straight into gctrace columns held in SharedArrayBuffers, and hands every other line back as
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
 * for damage found in the replay (replay.ts): a line with binary characters (the one-thread reader reports it and
 * judges the file's share of them). Lines are cut as the one-thread reader cuts them (parse/lines.ts).
 */
import { availableParallelism } from "node:os";
import { type GcSlots, sharedSlots } from "../gctrace/rows";
import { acquire, release, workerScript } from "./pool";
import { serve, type WorkerRequest } from "./protocol";
import { type ChunkCount, type ChunkLines, type ChunkRange, ParallelUnsuitable, planChunks } from "./ranges";

/** Files below this size are parsed on one thread: starting workers costs more than they save. */
export const PARALLEL_MIN_BYTES = 16 << 20;
/** At most this many threads, whatever the machine has: past it, committing rows on one thread dominates. */
export const MAX_THREADS = 8;
/** Ranges are about this long (more ranges than threads, taken in turn: a thread that is slowed does fewer). */
const RANGE_BYTES = 4 << 20;

/**
 * Lines that are not fast gc rows travel as text to the calling thread and are held there until the replay:
 * past this many bytes of them the file is left to the one-thread reader, whose memory follows rows, not text.
 */
export const MAX_TEXT_BYTES = 64 << 20;

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

export interface ParallelPlan {
  ranges: ChunkRange[];
  counts: ChunkCount[];
  lines: ChunkLines[];
  /** The gctrace rows' slots (GcRows), one per candidate of the whole file; NaN in go1.5's columns of every slot. */
  slots: GcSlots;
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
    const gc = sharedSlots(slots);
    const scanned = await pass<ChunkLines>(
      {
        op: "scan",
        path,
        ranges,
        next: counter(),
        slots: gc,
        bases,
        candidates: counts.map((c) => c.candidates),
        firstLines,
        textBudget: (maxTextBytes - otherBytes) / (workers.length + 1),
      },
      () => opts.meanwhile?.(slots),
    );
    return { ranges, counts, lines: scanned, slots: gc, bases, threads: threadOf };
  } finally {
    release(workers);
  }
}
