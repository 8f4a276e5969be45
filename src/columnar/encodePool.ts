/**
 * Worker threads that encode Parquet parts, so that the parts of a large table are encoded on every core at once.
 * A job is the part's columns as plain data (parquet/table.ts `partColumns`): number columns that live in a
 * SharedArrayBuffer (the parallel reader's) are shared, not copied; others are copied (the part's rows only) and
 * transferred. Each worker loads only the Parquet writer and writes the file itself, beside and renamed into place.
 * The workers start when the pool is made (or are taken from the idle ones of an earlier export), so their start-up
 * overlaps the work of the thread that made it; `release()` hands them back. Only the compiled package has the
 * worker script: from TypeScript sources (tests) `EncodePool.available()` is false and the callers encode on their
 * own thread.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { type FileColumn, parquetFile } from "./parquet/file";
import { writePartFile } from "./partFile";

export interface EncodeJob {
  readonly columns: readonly FileColumn[];
  readonly rows: number;
  readonly path: string;
}

export type EncodeResult = { readonly bytes: number } | { readonly error: string };

/** Encodes and writes one part; never throws (a failure is a result, re-thrown by the pool in the caller). */
export function runEncodeJob(job: EncodeJob): EncodeResult {
  try {
    return { bytes: writePartFile(job.path, parquetFile(job.columns, job.rows)) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The job's typed arrays that must be copied to reach a worker, each copied to a buffer of its own so that only the
 * part's rows move (a view of a larger buffer would clone all of it), with those buffers to transfer.
 */
function transferable(job: EncodeJob): { job: EncodeJob; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  // One copy per array: the `line` column is also every column's `lines` (for error messages).
  const copies = new Map<ArrayBufferView, ArrayBufferView>();
  const own = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    let copy = copies.get(a) as T | undefined;
    if (copy === undefined) {
      copy = a.slice() as T;
      copies.set(a, copy);
      transfer.push(copy.buffer as ArrayBuffer);
    }
    return copy;
  };
  const columns = job.columns.map((c): FileColumn => {
    const v = c.values;
    const values =
      v.kind === "float64" || v.kind === "int32" || v.kind === "int64"
        ? { ...v, data: own(v.data) }
        : v.kind === "bool"
          ? { ...v, packed: own(v.packed) }
          : v.kind === "utf8"
            ? { ...v, dictionary: { ...v.dictionary, indices: own(v.dictionary.indices) } }
            : v;
    const lines = c.options.lines;
    return { ...c, values, options: { ...c.options, lines: lines === undefined ? undefined : own(lines) } };
  });
  return { job: { ...job, columns }, transfer };
}

const SCRIPT = join(__dirname, "encodeWorker.js");

/** A worker and the replies it owes, in the order of the jobs it was sent (it runs them one after another). */
interface Lane {
  readonly worker: Worker;
  readonly pending: { resolve: (r: EncodeResult) => void; reject: (e: Error) => void }[];
  healthy: boolean;
}

function startLane(): Lane {
  const lane: Lane = { worker: new Worker(SCRIPT), pending: [], healthy: true };
  const fail = (e: Error) => {
    lane.healthy = false;
    for (const p of lane.pending.splice(0)) p.reject(e);
  };
  lane.worker.on("message", (r: EncodeResult) => lane.pending.shift()?.resolve(r));
  lane.worker.on("error", fail);
  lane.worker.on("exit", (code) => fail(new Error(`encode worker exited with code ${code}`)));
  return lane;
}

/**
 * Idle workers stay for IDLE_MS for the next export, as the parallel reader's do (src/parse/parallel/pool.ts): a
 * notebook or a script that exports several traces starts them once. An idle worker holds no CPU and never keeps the
 * process alive.
 */
const IDLE_MS = 60_000;
const idle: Lane[] = [];
let idleTimer: NodeJS.Timeout | null = null;

export class EncodePool {
  private readonly lanes: Lane[];

  /** Whether worker threads can be used here (the compiled worker script exists). */
  static available(): boolean {
    return existsSync(SCRIPT);
  }

  /** `size` workers, idle ones first; they keep the process alive until `release()`. */
  constructor(size: number) {
    this.lanes = idle.splice(0, size);
    while (this.lanes.length < size) this.lanes.push(startLane());
    for (const l of this.lanes) l.worker.ref();
  }

  get size(): number {
    return this.lanes.length;
  }

  /** Sends one part to worker `lane` (queued behind the jobs it has) and resolves to the bytes written. */
  encode(lane: number, job: EncodeJob): Promise<number> {
    const l = this.lanes[lane];
    if (!l.healthy) return Promise.reject(new Error(`${job.path}: the encode worker has exited`));
    return new Promise<number>((resolve, reject) => {
      l.pending.push({
        resolve: (r) => ("error" in r ? reject(new Error(`${job.path}: ${r.error}`)) : resolve(r.bytes)),
        reject,
      });
      const message = transferable(job);
      l.worker.postMessage(message.job, message.transfer);
    });
  }

  /**
   * Hands the workers back: healthy ones with nothing pending wait, unreferenced, for the next pool (IDLE_MS);
   * the others end.
   */
  release(): void {
    for (const l of this.lanes.splice(0)) {
      if (l.healthy && l.pending.length === 0) {
        l.worker.unref();
        idle.push(l);
      } else {
        l.healthy = false;
        l.worker.removeAllListeners("exit");
        void l.worker.terminate();
      }
    }
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = null;
      for (const l of idle.splice(0)) {
        l.worker.removeAllListeners("exit");
        void l.worker.terminate();
      }
    }, IDLE_MS);
    idleTimer.unref();
  }
}
