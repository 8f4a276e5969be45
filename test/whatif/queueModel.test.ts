import { describe, expect, it } from "vitest";
import { calibrateQueue, mmc, queueWhatIf, schedSeries } from "../../src";
import { data, meta } from "../analysis/load";

describe("calibrateQueue", () => {
  it("calibrates M/M/c on case 2's scheddetail: λ from schedticks, S by the utilisation law, c = GOMAXPROCS", () => {
    const trace = data("case2-leak-scheddetail.log");
    const series = schedSeries(trace.tables.schedtrace, trace.tables.scheddetailP);
    const q = calibrateQueue(series);
    if (q === null) throw new Error("scheddetail prints schedtick");
    const m = meta("case2-leak-scheddetail");
    expect(q.servers).toBe(m.gomaxprocs);
    // every request is scheduled at least once: 800 requests over the trace's ~8 s
    expect(q.arrivalRatePerSec).toBeGreaterThan(800 / 8.1);
    // U = λ·S
    expect((q.arrivalRatePerSec * q.serviceTimeMs) / 1000).toBeCloseTo(q.busyPs, 12);
    const r = mmc(q);
    expect(r.utilisation).toBeCloseTo(q.busyPs / q.servers, 12);
    expect(r.stable).toBe(true);
    // Little's law on the observation
    expect(q.observedWaitMs).toBeCloseTo((1000 * q.observedMeanQueue) / q.arrivalRatePerSec, 12);
  });

  it("answers 'the load doubles and we add two Ps' from the calibrated queue", () => {
    const trace = data("scheddetail.log");
    const q = calibrateQueue(schedSeries(trace.tables.schedtrace, trace.tables.scheddetailP));
    if (q === null) throw new Error("scheddetail prints schedtick");
    const w = queueWhatIf(q, { loadFactor: 2, addServers: 2 });
    expect(w.scenario.servers).toBe(4);
    expect(w.scenario.arrivalRatePerSec).toBeCloseTo(2 * q.arrivalRatePerSec, 9);
    // twice the load on twice the Ps: same utilisation, less waiting (more servers pool the queue)
    expect(w.scenario.utilisation).toBeCloseTo(w.baseline.utilisation, 12);
    expect(w.scenario.meanWaitMs).toBeLessThan(w.baseline.meanWaitMs);
  });

  it("is null for go1.19 summary lines, which print no schedule counters", () => {
    const trace = data("case1-schedtrace.log");
    expect(calibrateQueue(schedSeries(trace.tables.schedtrace, trace.tables.schedtraceP))).toBeNull();
  });
});
