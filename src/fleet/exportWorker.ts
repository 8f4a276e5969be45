/** A worker thread of exportFleet: runs each job it is sent, in order, and answers with its result. */
import { parentPort } from "node:worker_threads";
import { type ExportJob, runExportJob } from "./exportJob";

parentPort?.on("message", async (job: ExportJob) => parentPort?.postMessage(await runExportJob(job)));
