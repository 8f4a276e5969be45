/**
 * The queueing what-if on measured latency: an M/M/c queue (whatif/queueing.ts) whose servers are the Ps, calibrated
 * on one load run (hey's requests, `src/load/`) and used to predict the mean and tail latency of another arrival rate
 * or GOMAXPROCS. A request's latency is modelled as a base B (network, client, the service itself — what a request
 * takes when it never waits for a P) plus the M/M/c wait for a P: W = B + Wq. The calibration run fixes B as its
 * measured latency minus the model's wait there, for the mean and for the 99th percentile separately.
 *
 * Inputs: λ = responses / (last response end − first request start) (hey's throughput); S = the service demand per
 * request — best the service's CPU time during the load over its responses (the utilisation law U = λS, Denning &
 * Buzen 1978, with U·t the CPU time); c = GOMAXPROCS. The arrivals' squared coefficient of variation ca² is measured
 * from hey's request start times: 1 for Poisson arrivals, far more for hey's workers (bursts), which the
 * Allen–Cunneen variant uses.
 */
import { mean, quantileSorted } from "../analysis/stats";
import type { Table } from "../table/table";
import { allenCunneenWaitMs, mmc, mmcWaitQuantileMs } from "./queueing";

export interface LoadStats {
  readonly requests: number;
  /** λ: responses per second over the run. */
  readonly arrivalRatePerSec: number;
  /** ca²: variance / mean² of the gaps between consecutive request starts (1 = Poisson). */
  readonly arrivalCv2: number;
  readonly meanLatencyMs: number;
  /** R-7 quantiles of the latency. */
  readonly p50LatencyMs: number;
  readonly p99LatencyMs: number;
}

/** Throughput, arrival burstiness and latency of a `requests` table (HEY_REQUEST_COLUMNS). */
export function loadStats(requests: Table): LoadStats {
  const start = Float64Array.from(requests.columns.timeMs as Float64Array).sort();
  const end = requests.columns.endMs as Float64Array;
  const lat = Float64Array.from(requests.columns.latencyMs as Float64Array).sort();
  const n = start.length;
  let last = Number.NEGATIVE_INFINITY;
  for (const e of end) last = Math.max(last, e);
  const gaps = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) gaps[i - 1] = start[i] - start[i - 1];
  const g = mean(gaps);
  let v = 0;
  for (const x of gaps) v += (x - g) * (x - g);
  return {
    requests: n,
    // throughput X = completions / time (Denning & Buzen 1978)
    arrivalRatePerSec: n > 0 ? (1000 * n) / (last - start[0]) : Number.NaN,
    // squared coefficient of variation: c² = Var/mean²
    arrivalCv2: gaps.length > 1 ? v / gaps.length / (g * g) : Number.NaN,
    meanLatencyMs: mean(lat),
    p50LatencyMs: quantileSorted(lat, 0.5),
    p99LatencyMs: quantileSorted(lat, 0.99),
  };
}

export interface LatencyCalibration extends LoadStats {
  /** S, ms per request. */
  readonly serviceTimeMs: number;
  /** c: Ps. */
  readonly servers: number;
  /** B for the mean and the p99: the calibration run's latency minus the model's wait there. */
  readonly baseMeanMs: number;
  readonly baseP99Ms: number;
}

export interface LatencyScenario {
  readonly arrivalRatePerSec: number;
  readonly servers: number;
  /** For the Allen–Cunneen variant; default the calibration run's. */
  readonly arrivalCv2?: number;
}

export interface LatencyPrediction {
  readonly utilisation: number;
  readonly stable: boolean;
  /** M/M/c: Wq mean and p99, and the latency B + Wq. */
  readonly meanWaitMs: number;
  readonly p99WaitMs: number;
  readonly meanLatencyMs: number;
  readonly p99LatencyMs: number;
  /** The same with the mean and p99 waits scaled by Allen–Cunneen's (ca² + 1)/2 for the scenario's burstiness. */
  readonly burstyMeanLatencyMs: number;
  readonly burstyP99LatencyMs: number;
}

/** Calibrates on one run: its load stats, S (ms per request) and c. */
export function calibrateLatency(
  requests: Table,
  serviceTimeMs: number,
  servers: number,
): LatencyCalibration {
  const stats = loadStats(requests);
  const input = { arrivalRatePerSec: stats.arrivalRatePerSec, serviceTimeMs, servers };
  const r = mmc(input);
  if (!r.stable)
    throw new RangeError(`the calibration run is not a stable M/M/${servers} queue (ρ = ${r.utilisation})`);
  return {
    ...stats,
    serviceTimeMs,
    servers,
    // W = B + Wq → B = W − Wq
    baseMeanMs: stats.meanLatencyMs - r.meanWaitMs,
    baseP99Ms: stats.p99LatencyMs - mmcWaitQuantileMs(input, 0.99),
  };
}

/** The model's latency for another arrival rate and number of Ps. */
export function predictLatency(cal: LatencyCalibration, scenario: LatencyScenario): LatencyPrediction {
  const input = {
    arrivalRatePerSec: scenario.arrivalRatePerSec,
    serviceTimeMs: cal.serviceTimeMs,
    servers: scenario.servers,
  };
  const r = mmc(input);
  const p99WaitMs = mmcWaitQuantileMs(input, 0.99);
  const cv2 = scenario.arrivalCv2 ?? cal.arrivalCv2;
  return {
    utilisation: r.utilisation,
    stable: r.stable,
    meanWaitMs: r.meanWaitMs,
    p99WaitMs,
    meanLatencyMs: cal.baseMeanMs + r.meanWaitMs,
    p99LatencyMs: cal.baseP99Ms + p99WaitMs,
    burstyMeanLatencyMs: cal.baseMeanMs + allenCunneenWaitMs(r.meanWaitMs, cv2),
    burstyP99LatencyMs: cal.baseP99Ms + allenCunneenWaitMs(p99WaitMs, cv2),
  };
}
