/** A worker thread of the encode pool (encodePool.ts): Parquet-encodes each part it is sent and writes it. */
import { parentPort } from "node:worker_threads";
import { type EncodeJob, runEncodeJob } from "./encodePool";

parentPort?.on("message", (job: EncodeJob) => parentPort?.postMessage(runEncodeJob(job)));
