/** A worker thread of parallel.ts: answers each request (count or scan a byte range of a file) in order. */
import { parentPort } from "node:worker_threads";
import { serve, type WorkerRequest } from "./parallel";

parentPort?.on("message", (req: WorkerRequest) => parentPort?.postMessage(serve(req)));
