/**
 * Worker threads that turn Arrow IPC streams into Parquet files, so that the parts of a large table are encoded on
 * every core at once (parquet-wasm encodes on one thread). The stream is transferred, not copied; each worker loads
 * parquet-wasm (not apache-arrow: the streams are made where the columns are) and writes the file itself, beside and
 * renamed into place. The workers start when the pool is made, so their start-up (~50-100 ms) overlaps the work of
 * the thread that made it; `close()` ends them. Only the compiled package has the worker script: from TypeScript
 * sources (tests) `EncodePool.available()` is false and the callers encode on their own thread.
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
}

export class EncodePool {
  private readonly lanes: Lane[] = [];

  /** Whether worker threads can be used here (the compiled worker script exists). */
  static available(): boolean {
    return existsSync(SCRIPT);
  }

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const lane: Lane = { worker: new Worker(SCRIPT), pending: [] };
      const fail = (e: Error) => {
        for (const p of lane.pending.splice(0)) p.reject(e);
      };
      lane.worker.on("message", (r: EncodeResult) => lane.pending.shift()?.resolve(r));
      lane.worker.on("error", fail);
      lane.worker.on("exit", (code) => fail(new Error(`encode worker exited with code ${code}`)));
      this.lanes.push(lane);
    }
  }

  get size(): number {
    return this.lanes.length;
  }

  /** Jobs sent to worker `lane` and not yet answered. */
  queued(lane: number): number {
    return this.lanes[lane].pending.length;
  }

  /**
   * Sends one part to worker `lane` (queued behind the jobs it has) and resolves to the bytes written. The stream's
   * memory moves to the worker when it is a whole buffer.
   */
  encode(lane: number, job: EncodeJob): Promise<number> {
    const { worker, pending } = this.lanes[lane];
    return new Promise<number>((resolve, reject) => {
      pending.push({
        resolve: (r) => ("error" in r ? reject(new Error(`${job.path}: ${r.error}`)) : resolve(r.bytes)),
        reject,
      });
      const buffer = job.stream.buffer as ArrayBuffer;
      const whole = job.stream.byteOffset === 0 && job.stream.byteLength === buffer.byteLength;
      worker.postMessage(job, whole ? [buffer] : []);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }
}
