/**
 * Worker threads that turn Arrow IPC streams into Parquet files, so that the parts of a large table are encoded on
 * every core at once (parquet-wasm encodes on one thread). The stream is transferred, not copied; each worker loads
 * parquet-wasm (not apache-arrow: the streams are made where the columns are) and writes the file itself, beside and
 * renamed into place. The workers start when the pool is made (or are taken from the idle ones of an earlier
 * export), so their start-up (~50-100 ms) overlaps the work of the thread that made it; `release()` hands them back.
 * Only the compiled package has the worker script: from TypeScript sources (tests) `EncodePool.available()` is false
 * and the callers encode on their own thread.
 */
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { type ParquetColumn, parquetFromStream } from "./encode";

export interface EncodeJob {
  readonly stream: Uint8Array;
  readonly columns: readonly ParquetColumn[];
  readonly path: string;
}

export type EncodeResult = { readonly bytes: number } | { readonly error: string };

/** Encodes and writes one part; never throws (a failure is a result, re-thrown by the pool in the caller). */
export function runEncodeJob(job: EncodeJob): EncodeResult {
  try {
    return { bytes: writePartFile(job.path, parquetFromStream(job.stream, job.columns)) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Writes the bytes beside `path` and renames them into place, so a reader never sees half a file. */
export function writePartFile(path: string, data: Uint8Array | string): number {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
  return typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
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
 * notebook or a script that exports several traces starts them and grows their WebAssembly memory once. An idle
 * worker holds its WebAssembly memory (about 130 MiB after a part of 262,144 rows) and no CPU, and never keeps the
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

  /**
   * Sends one part to worker `lane` (queued behind the jobs it has) and resolves to the bytes written. The stream's
   * memory moves to the worker when it is a whole buffer.
   */
  encode(lane: number, job: EncodeJob): Promise<number> {
    const l = this.lanes[lane];
    if (!l.healthy) return Promise.reject(new Error(`${job.path}: the encode worker has exited`));
    return new Promise<number>((resolve, reject) => {
      l.pending.push({
        resolve: (r) => ("error" in r ? reject(new Error(`${job.path}: ${r.error}`)) : resolve(r.bytes)),
        reject,
      });
      const buffer = job.stream.buffer as ArrayBuffer;
      const whole = job.stream.byteOffset === 0 && job.stream.byteLength === buffer.byteLength;
      l.worker.postMessage(job, whole ? [buffer] : []);
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
