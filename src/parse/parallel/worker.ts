/** A worker thread of the parallel reader (scan.ts): answers each request (count or scan a byte range of a file) in order. */
import { parentPort } from "node:worker_threads";
import { serve, type WorkerRequest } from "./protocol";

parentPort?.on("message", (req: WorkerRequest) => parentPort?.postMessage(serve(req)));
