/**
 * The latency tests' real capture: data/gcheavy-latency — the web service on one P allocating 64 KiB per request
 * over a 16 MiB live heap (schedtrace=100,gctrace=1) under `hey -n 20000 -c 50 -o csv`, hey's start measured from
 * the service's launch by scripts/capture.sh (the .meta.json's load.startMs). The requests come from loadHey; the
 * CSV's rows are also read here directly (gunzip, split) so the tests check the analyses against hey's own text.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { gcPhases, loadHey, loadTrace, schedSeries, type Table, type Trace } from "../../src";

export const DATA = path.resolve(__dirname, "../../data");

export interface LatencyFixture {
  readonly trace: Trace;
  readonly requests: Table;
  readonly series: Table;
  readonly phases: Table;
  readonly meta: {
    load: {
      startMs: number;
      endMs: number;
      concurrency: number;
      requests: number;
      summary: { p50Sec: number; p99Sec: number; averageSec: number };
    };
  };
  /** The CSV's rows as hey wrote them (seconds). */
  readonly rows: number[][];
}

let cached: Promise<LatencyFixture> | undefined;

export function latencyFixture(): Promise<LatencyFixture> {
  cached ??= load();
  return cached;
}

async function load(): Promise<LatencyFixture> {
  const base = path.join(DATA, "gcheavy-latency");
  const meta = JSON.parse(readFileSync(`${base}.meta.json`, "utf8"));
  const trace = await loadTrace(`${base}.log`);
  // hey -o csv: response-time, …, status-code, offset (seconds since hey started)
  const rows = gunzipSync(readFileSync(`${base}.hey.csv.gz`))
    .toString("utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
  const { requests } = await loadHey(`${base}.hey.csv.gz`);
  return { trace, requests, series: schedSeries(trace), phases: gcPhases(trace), meta, rows };
}
