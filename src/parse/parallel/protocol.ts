/**
 * What the calling thread asks a worker thread (worker.ts) and what it answers: a pass over all ranges of a file,
 * shared by the threads (scan.ts). serve() runs a pass on whichever thread calls it.
 */
import { closeSync, openSync } from "node:fs";
import { threadId } from "node:worker_threads";
import type { GcSlots } from "../gctrace/rows";
import {
  type ChunkCount,
  type ChunkLines,
  type ChunkRange,
  countChunk,
  ParallelUnsuitable,
  scanChunk,
} from "./ranges";

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
      /** The gc row slots, in shared memory (posting them to a worker shares it). */
      slots: GcSlots;
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
  let text = 0;
  return (k) => {
    const { bases, candidates, firstLines } = req;
    const value = scanChunk(fd, req.ranges[k], req.slots, bases[k], candidates[k], firstLines[k]);
    text += value.candidateBytes;
    if (text > req.textBudget)
      throw new ParallelUnsuitable("too many gc lines that the fast path does not take");
    return value;
  };
}
