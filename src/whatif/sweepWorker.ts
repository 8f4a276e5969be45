/**
 * The worker thread of predictSweep (src/whatif/gcSweep.ts): replays its share of the scenarios with predictGc,
 * posts the predictions (or an error message) on the port it was given, and raises the flag the caller waits on.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { predictGc } from "./gcPredict";
import type { SweepRequest } from "./gcSweep";

const { request, port } = workerData as { request: SweepRequest; port: MessagePort };
const flag = new Int32Array(request.done);
try {
  port.postMessage(request.scenarios.map((s) => predictGc(request.model, s)));
} catch (e) {
  port.postMessage({ error: e instanceof Error ? e.message : String(e) });
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
