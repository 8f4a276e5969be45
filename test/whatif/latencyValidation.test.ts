import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../analysis/load";
import { CALIBRATION_RUN, latencyMarkdown, latencyRows } from "./latencyValidation";

const DOC = join(REPO, "docs", "latency-validation.md");

describe("the queueing what-if against real reruns (data/queue-*, case1-latency-*, gcheavy-latency)", () => {
  const { calibration, rows } = latencyRows();
  const row = (run: string) => {
    const r = rows.find((x) => x.run === run);
    if (r === undefined) throw new Error(`no row for ${run}`);
    return r;
  };

  it("the calibration run replays exactly (B is its latency minus the model's wait)", () => {
    const r = row(CALIBRATION_RUN);
    expect(r.prediction.meanLatencyMs).toBeCloseTo(r.capture.stats.meanLatencyMs, 9);
    expect(r.prediction.p99LatencyMs).toBeCloseTo(r.capture.stats.p99LatencyMs, 9);
    expect(calibration.baseMeanMs).toBeLessThanOrEqual(calibration.meanLatencyMs);
  });

  it("every capture has a row per request and the service's CPU time, and hey ran as its meta says", () => {
    for (const r of rows) {
      expect(r.capture.stats.requests).toBe(r.capture.hey.expectedRequests || r.capture.stats.requests);
      expect(r.capture.meta.load.serverCpuMs).toBeGreaterThan(0);
      if (!r.closedLoop) {
        const offered = r.capture.meta.load.concurrency * (r.capture.meta.load.qpsPerWorker ?? 0);
        // the service kept up with the offered rate (an open queue, as M/M/c assumes), within 20 %
        expect(r.capture.stats.arrivalRatePerSec).toBeGreaterThan(0.8 * offered);
        expect(r.capture.stats.arrivalRatePerSec).toBeLessThan(1.05 * offered);
      }
    }
  });

  it("the rate-limited runs are stable queues in the model (ρ < 1): the Ps are not the bottleneck", () => {
    for (const r of rows.filter((x) => !x.closedLoop)) {
      expect(r.prediction.stable).toBe(true);
      expect(r.prediction.utilisation).toBeLessThan(1);
    }
  });

  it("hey's arrivals are burstier than Poisson (ca² > 1 in every run)", () => {
    for (const r of rows) expect(r.capture.stats.arrivalCv2).toBeGreaterThan(1);
  });

  it("Little's law holds for hey's closed loop: N/X is within 20 % of the measured mean latency", () => {
    for (const r of rows.filter((x) => x.closedLoop)) {
      expect(
        Math.abs(r.littleMs - r.capture.stats.meanLatencyMs) / r.capture.stats.meanLatencyMs,
      ).toBeLessThan(0.2);
    }
  });

  it("the GC-heavy service costs more CPU per request than the plain one (the service changed, not the queue)", () => {
    expect(row("gcheavy-latency").capture.cpuPerRequestMs).toBeGreaterThan(
      2 * row("case1-latency-p1").capture.cpuPerRequestMs,
    );
  });

  it("docs/latency-validation.md holds the figures the code computes", () => {
    const text = latencyMarkdown();
    if (process.env.UPDATE_LATENCY_VALIDATION) writeFileSync(DOC, text);
    expect(readFileSync(DOC, "utf8")).toBe(text);
  });
});
