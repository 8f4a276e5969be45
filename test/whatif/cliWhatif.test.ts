import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { calibrateGcModel, predictGc } from "../../src";
import { main } from "../../src/cli/main";
import { parseGogc, parseSizeMB } from "../../src/cli/whatif";
import { DATA, data, fixture, REPO } from "../analysis/load";
import { memoryIO } from "../cli/memoryIO";

const TRACE = join(DATA, "workload-gogc100.log");

async function run(args: string[], stdin = "") {
  const io = memoryIO(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("godebug-lab whatif", () => {
  it("--json prints gcCount, gcPerSec, peakHeapMB, gcCpuPct and the calibration, as the library computes them", async () => {
    const r = await run(["whatif", TRACE, "--gogc", "200", "--json"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const j = JSON.parse(r.out);
    const expected = predictGc(calibrateGcModel(data("workload-gogc100.log").tables.gctrace), { gogc: 200 });
    expect(j.gcCount).toBe(expected.gcCount);
    expect(j.gcPerSec).toBeCloseTo(expected.gcPerSec, 12);
    expect(j.peakHeapMB).toBeCloseTo(expected.peakHeapMB, 12);
    expect(j.gcCpuPct).toBeCloseTo(expected.gcCpuPct, 12);
    expect(j.gogc).toBe(200);
    expect(j.memLimitMB).toBeNull();
    expect(j.calibration.gcCount).toBe(28);
    expect(j.calibration.curve).toBeUndefined();
    expect(j.source).toBe(TRACE);
  });

  it("--memlimit takes GOMEMLIMIT's units and caps the goal; --nonheap sets the non-heap memory", async () => {
    const r = await run([
      "whatif",
      TRACE,
      "--gogc",
      "100",
      "--memlimit",
      "80MiB",
      "--nonheap",
      "13MiB",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.memLimitMB).toBe(80);
    expect(j.calibration.nonHeapMB).toBe(13);
    expect(j.calibration.nonHeapSource).toBe("option");
    expect(j.regimes.memoryLimit).toBeGreaterThan(j.regimes.gogc);
    expect(j.steadyState.heapGoalMB).toBeCloseTo(80 - 13 - 1, 9);
  });

  it("--gogc off prints null (not Infinity) for the unbounded steady-state goal", async () => {
    const r = await run(["whatif", TRACE, "--gogc", "off", "--json"]);
    const j = JSON.parse(r.out);
    expect(j.gcCount).toBe(0);
    expect(j.steadyState.heapGoalMB).toBeNull();
  });

  it("without --json prints the calibration and the prediction for people", async () => {
    const r = await run(["whatif", TRACE, "--gogc", "50"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Calibration on .*workload-gogc100\.log: 28 gc cycles/);
    expect(r.out).toContain("Prediction for GOGC=50, no memory limit");
    expect(r.out).toMatch(/allocation 19\d MiB\/s \(least squares/);
    expect(r.out).toContain("steady state (GC guide closed form)");
  });

  it("says when live heaps printed 0 MB were taken as under 1 MiB and the cost is fixed per cycle only", async () => {
    const r = await run(["whatif", join(DATA, "webservice-gctrace.log"), "--gogc", "100"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("live heap 0.5 MiB (34 cycles printed 0 MB, under 1 MiB: taken as 0.5)");
    expect(r.out).toContain(
      "+ 0 ms per MiB marked (fixed cost per cycle only: every marked heap printed 0 MB",
    );
    expect(r.out).toMatch(/\n {2}3\d cycles \([\d.]+\/s\), peak heap [34](\.\d+)? MiB/);
    expect(r.out).toContain("targets set by: minimumHeap");
    expect(r.out).not.toMatch(/∞|NaN|–/);
  });

  it("reads the trace from stdin with -", async () => {
    const r = await run(["whatif", "-", "--gogc", "100", "--json"], readFileSync(TRACE, "utf8"));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).calibration.gcCount).toBe(28);
  });

  it("a missing --gogc, a bad size or a trace without gctrace is a usage error (exit 2) naming the problem", async () => {
    const noGogc = await run(["whatif", TRACE]);
    expect(noGogc.code).toBe(2);
    expect(noGogc.err).toContain("missing --gogc");
    const badSize = await run(["whatif", TRACE, "--gogc", "100", "--memlimit", "160MB"]);
    expect(badSize.code).toBe(2);
    expect(badSize.err).toContain("--memlimit '160MB': expected a size like 160MiB");
    const noGc = await run(["whatif", join(DATA, "case1-schedtrace.log"), "--gogc", "100"]);
    expect(noGc.code).toBe(2);
    expect(noGc.err).toContain("case1-schedtrace.log: calibrateGcModel: need at least 3 unforced gc cycles");
    const help = await run(["whatif", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("usage: godebug-lab whatif <file|-> --gogc <n|off>");
  });

  it("--run picks the process run to calibrate on and rejects a run the trace does not hold", async () => {
    const zero = await run(["whatif", TRACE, "--gogc", "100", "--run", "0", "--json"]);
    expect(zero.code).toBe(0);
    expect(JSON.parse(zero.out).calibration.gcCount).toBe(28);
    const beyond = await run(["whatif", TRACE, "--gogc", "100", "--run", "1"]);
    expect(beyond.code).toBe(2);
    expect(beyond.err).toContain("--run 1: ");
    expect(beyond.err).toContain("holds 1 run(s)");
    // go run: the busiest run (the go command) calibrates; the program's own last run has too few cycles
    const gorun = join(REPO, "test", "data", "go1.19", "gctrace-gorun.txt");
    expect((await run(["whatif", gorun, "--gogc", "100"])).code).toBe(0);
    const last = await run(["whatif", gorun, "--gogc", "100", "--run", String(fixture(gorun).runs - 1)]);
    expect(last.code).toBe(2);
    expect(last.err).toContain("need at least 3 unforced gc cycles with times and CPU figures, found 2");
    const word = await run(["whatif", TRACE, "--gogc", "100", "--run", "last"]);
    expect(word.code).toBe(2);
    expect(word.err).toContain("expected a run number");
  });

  it("parseSizeMB and parseGogc read what the runtime accepts (parseByteCount, readGOGC)", () => {
    expect(parseSizeMB("160MiB", "--memlimit")).toBe(160);
    expect(parseSizeMB("1GiB", "--memlimit")).toBe(1024);
    expect(parseSizeMB("1048576", "--memlimit")).toBe(1);
    expect(parseSizeMB("512KiB", "--memlimit")).toBe(0.5);
    expect(() => parseSizeMB("1.5GiB", "--memlimit")).toThrow(/expected a size/);
    expect(parseGogc("off")).toBe("off");
    expect(parseGogc("150")).toBe(150);
    expect(() => parseGogc("-1")).toThrow(/non-negative integer or off/);
  });
});
