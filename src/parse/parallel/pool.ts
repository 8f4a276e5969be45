/**
 * The worker threads of the parallel reader: started on demand, kept idle for the next load for a while, never
 * keeping the process alive when idle.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./protocol";

/** The compiled worker script beside this module; absent when running from TypeScript sources (tests). */
export function workerScript(): string | null {
  const js = join(__dirname, "worker.js");
  return existsSync(js) ? js : null;
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

export function acquire(script: string, n: number): Helper[] {
  const got = idle.splice(0, n);
  while (got.length < n) got.push(workerHelper(script));
  for (const h of got) h.busy(true);
  return got;
}

export function release(helpers: Helper[]): void {
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
