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

export class EncodePool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];

  /** Whether worker threads can be used here (the compiled worker script exists). */
  static available(): boolean {
    return existsSync(SCRIPT);
  }

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(SCRIPT);
      this.all.push(w);
      this.idle.push(w);
    }
  }

  get size(): number {
    return this.all.length;
  }

  /** Whether a worker is free now (a job given now starts at once). */
  get hasIdle(): boolean {
    return this.idle.length > 0;
  }

  /** Encodes and writes one part on a worker (waiting for a free one); the stream's memory moves to the worker. */
  async encode(job: EncodeJob): Promise<number> {
    const w = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    let broken = false;
    try {
      const r = await new Promise<EncodeResult>((resolve, reject) => {
        const failed = (e: unknown) => {
          broken = true;
          reject(e instanceof Error ? e : new Error(`encode worker exited with code ${e}`));
        };
        w.once("message", (m: EncodeResult) => {
          w.off("error", failed).off("exit", failed);
          resolve(m);
        });
        w.once("error", failed).once("exit", failed);
        const buffer = job.stream.buffer as ArrayBuffer;
        const whole = job.stream.byteOffset === 0 && job.stream.byteLength === buffer.byteLength;
        w.postMessage(job, whole ? [buffer] : []);
      });
      if ("error" in r) throw new Error(`${job.path}: ${r.error}`);
      return r.bytes;
    } finally {
      // A dead worker is not given work again; whoever waits for one keeps waiting until the caller gives up.
      const next = broken ? undefined : this.waiting.shift();
      if (next) next(w);
      else if (!broken) this.idle.push(w);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
