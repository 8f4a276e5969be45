/** The M/M/c wait tail, Allen–Cunneen, and the latency model's load statistics (src/whatif/). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// mulberry32, seeded: the same simulation on every run
import { rng } from "../../bench/gen-gctrace";
import { calibrateLatency, loadStats, type MmcInput, mmc, parseHey, predictLatency } from "../../src";
import { allenCunneenWaitMs, mmcWaitQuantileMs } from "../../src/whatif/queueing";

/** A seeded FCFS M/M/c simulation: the waits in the queue of `n` customers, ms, sorted. */
function simulateWaits(input: MmcInput, n: number, seed: number): Float64Array {
  const rand = rng(seed);
  const exp = (meanMs: number) => -meanMs * Math.log(1 - rand());
  const free = new Float64Array(input.servers); // when each server is next free
  const waits = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += exp(1000 / input.arrivalRatePerSec);
    let k = 0;
    for (let j = 1; j < free.length; j++) if (free[j] < free[k]) k = j;
    const start = Math.max(t, free[k]);
    waits[i] = start - t;
    free[k] = start + exp(input.serviceTimeMs);
  }
  return waits.sort();
}

describe("mmcWaitQuantileMs", () => {
  it("is the M/M/1 closed form ln(ρ/(1 − q))/(μ − λ)", () => {
    // M/M/1: C = ρ = 0.5, μ − λ = 500/s
    expect(mmcWaitQuantileMs({ arrivalRatePerSec: 500, serviceTimeMs: 1, servers: 1 }, 0.99)).toBeCloseTo(
      (1000 * Math.log(0.5 / 0.01)) / 500,
      9,
    );
  });

  it("is 0 when fewer than 1 − q of the arrivals wait, and Infinity for an unstable queue", () => {
    expect(mmcWaitQuantileMs({ arrivalRatePerSec: 5, serviceTimeMs: 1, servers: 1 }, 0.99)).toBe(0);
    expect(mmcWaitQuantileMs({ arrivalRatePerSec: 2000, serviceTimeMs: 1, servers: 1 }, 0.99)).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it.each([1, 2, 4])("matches a simulated M/M/%i queue at ρ = 0.8 (mean within 5 %, p99 within 8 %)", (c) => {
    const input = { arrivalRatePerSec: 800 * c, serviceTimeMs: 1, servers: c };
    const waits = simulateWaits(input, 400_000, 7 + c);
    const simMean = waits.reduce((a, b) => a + b, 0) / waits.length;
    expect(Math.abs(simMean / mmc(input).meanWaitMs - 1)).toBeLessThan(0.05);
    const simP99 = waits[Math.floor(0.99 * waits.length)];
    expect(Math.abs(simP99 / mmcWaitQuantileMs(input, 0.99) - 1)).toBeLessThan(0.08);
  });
});

describe("allenCunneenWaitMs", () => {
  it("leaves the M/M/c wait as it is for Poisson arrivals and exponential service, and scales by (ca² + cs²)/2", () => {
    expect(allenCunneenWaitMs(2, 1)).toBe(2);
    expect(allenCunneenWaitMs(2, 9)).toBe(10);
    expect(allenCunneenWaitMs(2, 1, 0)).toBe(1);
  });
});

describe("loadStats and the latency model on real hey output", () => {
  const text = readFileSync(join(__dirname, "..", "load", "data", "sendjson-200.csv"), "utf8");
  const requests = parseHey(text).requests;

  it("takes λ as responses over the run's span and ca² from the gaps between request starts", () => {
    const s = loadStats(requests);
    const start = Float64Array.from(requests.columns.timeMs as Float64Array).sort();
    const end = requests.columns.endMs as Float64Array;
    const span = Math.max(...end) - start[0];
    expect(s.requests).toBe(200);
    expect(s.arrivalRatePerSec).toBeCloseTo((1000 * 200) / span, 9);
    const gaps = Array.from(start.subarray(1), (x, i) => x - start[i]);
    const m = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const v = gaps.reduce((a, b) => a + (b - m) ** 2, 0) / gaps.length;
    expect(s.arrivalCv2).toBeCloseTo(v / m ** 2, 9);
  });

  it("predicts more latency for more load and less for more Ps, and replays its calibration", () => {
    const cal = calibrateLatency(requests, 0.02, 1);
    const same = predictLatency(cal, { arrivalRatePerSec: cal.arrivalRatePerSec, servers: 1 });
    expect(same.meanLatencyMs).toBeCloseTo(cal.meanLatencyMs, 9);
    const busier = predictLatency(cal, { arrivalRatePerSec: 40_000, servers: 1 });
    const twoPs = predictLatency(cal, { arrivalRatePerSec: 40_000, servers: 2 });
    expect(busier.meanLatencyMs).toBeGreaterThan(same.meanLatencyMs);
    expect(twoPs.meanLatencyMs).toBeLessThan(busier.meanLatencyMs);
    expect(predictLatency(cal, { arrivalRatePerSec: 60_000, servers: 1 }).stable).toBe(false);
  });
});
