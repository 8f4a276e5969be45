/**
 * The parallel door: a plain file parsed on several threads (scan.ts), then replayed on this thread in file order
 * into a TraceBuilder, so that the result is the one-thread parse's, row for row (test/parse/parallel.test.ts).
 */
import { type BuildOptions, type ReplayTarget, TraceBuilder } from "../build";
import type { TraceData } from "../traceData";
import { type ParallelPlan, type ScanOptions, scanParallel } from "./scan";

/**
 * How parseParallel runs (scan.ts ScanOptions, but for `meanwhile`): `go118`: the gc lines likely have
 * `MB stacks` (a guess that only prepares the format column).
 */
export interface ParallelOptions extends Omit<ScanOptions, "meanwhile"> {
  readonly go118?: boolean;
}

/**
 * A plain file on `threads` threads (scan.ts); null when the file is better parsed on one thread (a gctrace row
 * from a line that had no row slot). Throws ParallelUnsuitable for the other reasons to use one thread.
 */
export async function parseParallel(
  path: string,
  size: number,
  threads: number,
  opts: BuildOptions,
  how: ParallelOptions = {},
): Promise<TraceData | null> {
  const b = new TraceBuilder({ ...opts, file: opts.file ?? path });
  const t = b.forReplay();
  const plan = await scanParallel(path, size, threads, {
    ...how,
    meanwhile: (slots) => t.gc.prefill(slots, how.go118 ?? true),
  });
  return replay(t, plan) ? b.finish() : null;
}

/**
 * The lines of a parallel scan, in file order: fast rows committed (GcRows.commitSlot) as the one-thread reader
 * would have committed them, every other line classified. False when a line without a row slot made a gctrace row (scan.ts: start
 * again on one thread).
 */
function replay(t: ReplayTarget, p: ParallelPlan): boolean {
  const gc = t.gc;
  const ctx = t.ctx;
  const runs = ctx.runs;
  if (p.slots.length > 0) gc.adopt(p.slots);
  let fast = 0;
  let lines = 0;
  for (let k = 0; k < p.ranges.length; k++) {
    const base = p.bases[k];
    const end = base + p.counts[k].candidates;
    const rec = p.lines[k];
    let next = base;
    for (let i = 0; i < rec.line.length; i++) {
      const upto = base + rec.pos[i];
      fast += upto - next;
      for (; next < upto; next++) gc.commitSlot(next, runs);
      ctx.lineNo = rec.line[i];
      const before = gc.length;
      if (!t.line(rec.text[i])) return false;
      if (rec.candidate[i] === 1) next++;
      else if (gc.length !== before) return false;
    }
    fast += end - next;
    for (; next < end; next++) gc.commitSlot(next, runs);
    lines += p.counts[k].lines;
    ctx.lineNo = lines;
  }
  t.fastRows(fast);
  return true;
}
