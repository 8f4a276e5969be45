import { describe, expect, it } from "vitest";
import { mmc, queueWhatIf } from "../../src";
import { drainTimeMs, erlangB, erlangC } from "../../src/whatif/queueing";

describe("queueing", () => {
  it("erlangC equals ρ for one server (M/M/1: P(wait) = ρ)", () => {
    for (const rho of [0.1, 0.5, 0.9]) expect(erlangC(1, rho)).toBeCloseTo(rho, 12);
  });

  it("erlangC matches the closed form for two servers, 2ρ²/(1 + ρ)", () => {
    for (const rho of [0.25, 0.5, 0.8])
      expect(erlangC(2, 2 * rho)).toBeCloseTo((2 * rho * rho) / (1 + rho), 12);
  });

  it("erlangC matches the textbook sum formula for 5 servers at a = 3.5", () => {
    // C = (a^c/c! · c/(c−a)) / (Σ_{k<c} a^k/k! + a^c/c! · c/(c−a))
    const a = 3.5;
    const c = 5;
    let s = 0;
    let term = 1;
    for (let k = 0; k < c; k++) {
      s += term;
      term *= a / (k + 1);
    }
    const top = term * (c / (c - a));
    expect(erlangC(c, a)).toBeCloseTo(top / (s + top), 12);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
  });

  it("erlangC is 1 when the offered load reaches the servers and rejects bad server counts", () => {
    expect(erlangC(2, 2)).toBe(1);
    expect(() => erlangB(0, 1)).toThrow(/positive integer/);
  });

  it("mmc gives M/M/1's Lq = ρ²/(1−ρ), Wq = ρ/(μ−λ) and Little's law L = λW", () => {
    // λ = 80/s, service 10 ms (μ = 100/s): ρ = 0.8, Lq = 3.2, Wq = 0.8/20 s = 40 ms, W = 50 ms, L = 4
    const r = mmc({ arrivalRatePerSec: 80, serviceTimeMs: 10, servers: 1 });
    expect(r.utilisation).toBeCloseTo(0.8, 12);
    expect(r.meanQueueLength).toBeCloseTo(3.2, 10);
    expect(r.meanWaitMs).toBeCloseTo(40, 10);
    expect(r.meanResponseMs).toBeCloseTo(50, 10);
    expect(r.meanInSystem).toBeCloseTo(4, 10);
    expect(r.meanQueueLength).toBeCloseTo((r.arrivalRatePerSec * r.meanWaitMs) / 1000, 10);
  });

  it("mmc reports an unstable queue as infinite waits", () => {
    const r = mmc({ arrivalRatePerSec: 300, serviceTimeMs: 10, servers: 2 });
    expect(r.stable).toBe(false);
    expect(r.meanQueueLength).toBe(Number.POSITIVE_INFINITY);
  });

  it("drainTimeMs divides the backlog by the net service rate cμ − λ", () => {
    // 2 Ps at 100/s each, 150/s arriving: net 50/s, 100 queued → 2 s
    expect(drainTimeMs(100, { arrivalRatePerSec: 150, serviceTimeMs: 10, servers: 2 })).toBeCloseTo(2000, 9);
    expect(drainTimeMs(100, { arrivalRatePerSec: 250, serviceTimeMs: 10, servers: 2 })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it("queueWhatIf: doubling the load on 2 Ps overloads them, two more Ps bring it back", () => {
    const base = { arrivalRatePerSec: 120, serviceTimeMs: 10, servers: 2 };
    const doubled = queueWhatIf(base, { loadFactor: 2, backlog: 50 });
    expect(doubled.scenario.stable).toBe(false);
    expect(doubled.scenarioDrainMs).toBe(Number.POSITIVE_INFINITY);
    const more = queueWhatIf(base, { loadFactor: 2, addServers: 2, backlog: 50 });
    expect(more.scenario.utilisation).toBeCloseTo(0.6, 12);
    expect(more.scenario.meanWaitMs).toBeLessThan(more.baseline.meanWaitMs);
    expect(more.scenarioDrainMs).toBeCloseTo(1000 * (50 / (400 - 240)), 9);
    expect(() => queueWhatIf(base, { addServers: -2 })).toThrow(/leaves 0 Ps/);
  });
});
