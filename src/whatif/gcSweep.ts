/**
 * predictGc for several scenarios of one model (the report's GOGC sweep), on two threads when the replays are long:
 * the scenarios are split in two shares of about equal expected cycles (the GC guide's steady-state cycle rate ×
 * the model's duration); a worker thread (sweepWorker.ts) replays one share while the calling thread replays the
 * other, and the caller waits for the worker's answers (Atomics.wait: the call stays synchronous, as predictGc is).
 * Each prediction is the same function on the same model, so the answers are those of predictGc one by one
 * (test/whatif/gcSweep.test.ts checks it on the compiled build). Without the compiled worker beside this module
 * (running from TypeScript sources), with short replays, or if the worker fails, everything runs on this thread.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { GcModel } from "./gcModel";
import { type GcPrediction, predictGc } from "./gcPredict";
import { cycleCpuMs, GC_CPU_LIMIT, type GcScenario, heapTarget } from "./gcTarget";

/** Below this many expected cycles in all, a worker (≈ 30–50 ms to start) costs more than it saves. */
export const SWEEP_PARALLEL_MIN_CYCLES = 1_000_000;

export interface SweepOptions {
  /** Use a worker thread when the replays are long enough (default true). */
  threads?: boolean;
  /** Expected cycles in all from which a worker is used; default SWEEP_PARALLEL_MIN_CYCLES. */
  minCycles?: number;
  /** Told how many scenarios each thread replayed, when a worker took a share. */
  onSplit?: (here: number, worker: number) => void;
}

/** The request a sweep worker gets: the model, its share of the scenarios, where to answer. */
export interface SweepRequest {
  model: GcModel;
  scenarios: GcScenario[];
  /** Int32 flag: 0 while working, 1 when the answer is on `port`. */
  done: SharedArrayBuffer;
}

/** Predicted cycles of a scenario from the GC guide's steady state: a cost estimate, not a result. */
export function expectedCycles(model: GcModel, scenario: GcScenario): number {
  const { heapGoalMB } = heapTarget(model, scenario, model.liveHeapMB);
  const grown = model.runwayRatio * (heapGoalMB - model.liveHeapMB);
  // go.dev/doc/gc-guide steady state: cycles/s = allocation rate / new heap per cycle, capped by the CPU limiter
  const limit = (GC_CPU_LIMIT * model.procs * 1000) / cycleCpuMs(model, model.liveHeapMB);
  const rate = Number.isFinite(grown)
    ? Math.min(grown > 0 ? model.allocRateMBPerSec / grown : limit, limit)
    : 0;
  const cycles = (Number.isFinite(rate) ? rate : 0) * model.durationSec;
  return cycles + model.curve.forcedEndMs.length + 1;
}

function workerScript(): string | null {
  const js = join(__dirname, "sweepWorker.js");
  return existsSync(js) ? js : null;
}

/** predictGc of every scenario, in order (see the module comment). */
export function predictSweep(
  model: GcModel,
  scenarios: readonly GcScenario[],
  options: SweepOptions = {},
): GcPrediction[] {
  const one = () => scenarios.map((s) => predictGc(model, s));
  const script = options.threads === false ? null : workerScript();
  if (script === null || scenarios.length < 2) return one();
  const cost = scenarios.map((s) => expectedCycles(model, s));
  if (!(cost.reduce((a, b) => a + b, 0) >= (options.minCycles ?? SWEEP_PARALLEL_MIN_CYCLES))) return one();
  // two shares of about equal cost: the costliest scenario first, each to the lighter share
  const mine: number[] = [];
  const theirs: number[] = [];
  let mineCost = 0;
  let theirCost = 0;
  for (const k of [...cost.keys()].sort((a, b) => cost[b] - cost[a])) {
    if (theirCost <= mineCost) {
      theirs.push(k);
      theirCost += cost[k];
    } else {
      mine.push(k);
      mineCost += cost[k];
    }
  }
  const done = new SharedArrayBuffer(4);
  const flag = new Int32Array(done);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const request: SweepRequest = { model, scenarios: theirs.map((k) => scenarios[k]), done };
    worker = new Worker(script, { workerData: { request, port: port2 }, transferList: [port2] });
    worker.unref();
  } catch {
    return one();
  }
  const out = new Array<GcPrediction>(scenarios.length);
  const started = performance.now();
  for (const k of mine) out[k] = predictGc(model, scenarios[k]);
  // The worker has as much to do as this thread had: wait for it that long again and a few seconds more, then
  // do its share here (a worker that failed to start or died never sets the flag).
  const patienceMs = 2 * (performance.now() - started) + 5000;
  const answered = Atomics.wait(flag, 0, 0, patienceMs) !== "timed-out" || Atomics.load(flag, 0) !== 0;
  const reply = answered ? receiveMessageOnPort(port1)?.message : undefined;
  void worker.terminate();
  port1.close();
  const got = Array.isArray(reply) && reply.length === theirs.length ? (reply as GcPrediction[]) : undefined;
  for (const [j, k] of theirs.entries()) out[k] = got !== undefined ? got[j] : predictGc(model, scenarios[k]);
  if (got !== undefined) options.onSplit?.(mine.length, theirs.length);
  return out;
}
