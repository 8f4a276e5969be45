/** waitCurve (the M/M/c hockey stick) and its chart. */
import { describe, expect, it } from "vitest";
import { mmc, queueWaitChart, waitCurve } from "../../src";

describe("waitCurve", () => {
  const base = { arrivalRatePerSec: 100, serviceTimeMs: 5, servers: 1 }; // utilisation 0.5 at load 1
  it("keeps only stable points under the wait cap, at exact multiples of the step", () => {
    const rows = waitCurve(base, { servers: [1, 2], maxWaitMs: 50 });
    const one = rows.filter((r) => r.servers === 1);
    expect(Math.max(...one.map((r) => r.load))).toBeLessThan(2); // one P saturates at twice the load
    expect(one.every((r) => r.utilisation < 1 && r.waitMs <= 50)).toBe(true);
    expect(one.map((r) => r.load)).toContain(1);
    const atOne = one.find((r) => r.load === 1);
    expect(atOne?.waitMs).toBeCloseTo(mmc(base).meanWaitMs, 10);
    expect(rows.filter((r) => r.servers === 2).length).toBeGreaterThan(one.length);
  });
  it("charts one line per P count with the captured load as a rule", () => {
    const spec = JSON.stringify(queueWaitChart(waitCurve(base, { maxWaitMs: 10 }), { about: "test" }));
    for (const p of ["1 P", "2 P", "3 P", "4 P"]) expect(spec).toContain(`"${p}"`);
    expect(spec).toContain("test; dashed: the captured load");
  });
});
