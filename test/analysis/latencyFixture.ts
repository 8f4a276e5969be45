/**
 * The latency tests' real capture: test/data/latency/webservice-gogc10 — the tutorial web service on one P at
 * GOGC=10 (schedtrace=100,gctrace=1) under `hey -n 4000 -c 20 -o csv`, hey's start measured from the service's
 * launch as scripts/capture.sh does (the .meta.json's load.startMs).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { gcPhases } from "../../src/analysis/gcPhases";
import { schedSeries } from "../../src/analysis/scheduler";
import { makeTable, num } from "../../src/analysis/tables";
import { loadTrace, type Trace } from "../../src/parse/trace";
import type { Table } from "../../src/parse/types";

export const LATENCY_DIR = path.resolve(__dirname, "../data/latency");

export interface LatencyFixture {
  readonly trace: Trace;
  readonly requests: Table;
  readonly series: Table;
  readonly phases: Table;
  readonly meta: { load: { startMs: number; endMs: number; concurrency: number; requests: number } };
  /** The CSV's rows as hey wrote them (seconds). */
  readonly rows: number[][];
}

let cached: Promise<LatencyFixture> | undefined;

export function latencyFixture(): Promise<LatencyFixture> {
  cached ??= load();
  return cached;
}

async function load(): Promise<LatencyFixture> {
  const base = path.join(LATENCY_DIR, "webservice-gogc10");
  const meta = JSON.parse(readFileSync(`${base}.meta.json`, "utf8"));
  const trace = await loadTrace(`${base}.log`);
  const rows = readFileSync(`${base}.hey.csv`, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
  // hey -o csv: response-time, …, status-code, offset (seconds since hey started)
  const requests = makeTable("requests", [num("timeMs", "ms", ""), num("latencyMs", "ms", "")], {
    timeMs: Float64Array.from(rows, (r) => meta.load.startMs + 1000 * r[7]),
    latencyMs: Float64Array.from(rows, (r) => 1000 * r[0]),
  });
  return { trace, requests, series: schedSeries(trace), phases: gcPhases(trace), meta, rows };
}
