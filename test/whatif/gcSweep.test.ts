import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { calibrateGcModel, parseTrace, predictGc } from "../../src";
import { expectedCycles, predictSweep } from "../../src/whatif/gcSweep";
import { data } from "../analysis/load";
import { repeatedGctrace } from "../chart/bigTraces";

const REPO = join(__dirname, "..", "..");
const SCENARIOS = [
  { gogc: 25 },
  { gogc: 50, memLimitMB: 60 },
  { gogc: 100 },
  { gogc: 200, memLimitMB: 40 },
  { gogc: "off" as const, memLimitMB: 80 },
  { gogc: 800 },
];

describe("predictSweep", () => {
  it("gives predictGc's answers, in order, on one thread (from the TypeScript sources: no compiled worker)", () => {
    const model = calibrateGcModel(data("workload-gogc100.log").tables.gctrace);
    let split = false;
    const got = predictSweep(model, SCENARIOS, { minCycles: 0, onSplit: () => (split = true) });
    expect(got).toEqual(SCENARIOS.map((s) => predictGc(model, s)));
    expect(split).toBe(false);
  });

  it("estimates each scenario's cycles from the steady state: fewer for a higher GOGC, within 3x of the replay", () => {
    const model = calibrateGcModel(parseTrace(repeatedGctrace(5000)).tables.gctrace);
    const est = [25, 100, 400].map((gogc) => expectedCycles(model, { gogc }));
    expect(est[0]).toBeGreaterThan(est[1]);
    expect(est[1]).toBeGreaterThan(est[2]);
    for (const gogc of [25, 100, 400]) {
      const ratio = expectedCycles(model, { gogc }) / predictGc(model, { gogc }).gcCount;
      expect(ratio).toBeGreaterThan(1 / 3);
      expect(ratio).toBeLessThan(3);
    }
  });

  it("on the compiled build, a worker thread replays a share: the same answers, and the script exits at once", () => {
    const sweep = join(REPO, "dist", "whatif", "gcSweep.js");
    expect(existsSync(join(REPO, "dist", "whatif", "sweepWorker.js")), "npm run build first").toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "godebug-lab-sweep-"));
    try {
      const file = join(dir, "gc.log");
      writeFileSync(file, repeatedGctrace(20_000));
      const script = `
        const { predictSweep } = require(${JSON.stringify(sweep)});
        const { predictGc } = require(${JSON.stringify(join(REPO, "dist", "whatif", "gcPredict.js"))});
        const { calibrateGcModel } = require(${JSON.stringify(join(REPO, "dist", "whatif", "gcModel.js"))});
        const { parseTrace } = require(${JSON.stringify(join(REPO, "dist", "index.js"))});
        const text = require("node:fs").readFileSync(${JSON.stringify(file)}, "utf8");
        const model = calibrateGcModel(parseTrace(text).tables.gctrace);
        const scenarios = ${JSON.stringify(SCENARIOS)};
        let split = null;
        const got = predictSweep(model, scenarios, { minCycles: 0, onSplit: (a, b) => (split = [a, b]) });
        const one = scenarios.map((s) => predictGc(model, s));
        console.log(JSON.stringify({ same: JSON.stringify(got) === JSON.stringify(one), split, cycles: one.map((p) => p.gcCount) }));
      `;
      const t = Date.now();
      const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30_000 });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { same: boolean; split: [number, number] | null; cycles: number[] };
      expect(out.same).toBe(true);
      expect(out.split).not.toBeNull();
      expect((out.split as [number, number])[0] + (out.split as [number, number])[1]).toBe(SCENARIOS.length);
      expect(Math.min(...(out.split as [number, number]))).toBeGreaterThan(0);
      expect(out.cycles[0]).toBeGreaterThan(10_000);
      // a worker left running would keep the process alive well past its answer
      expect(Date.now() - t).toBeLessThan(25_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});

describe("a model whose curve points are out of time order (rounded cycle ends overlapping a neighbour's)", () => {
  it("predicts as the same model with its curve sorted beforehand (stable), and again the same from the cache", () => {
    const model = calibrateGcModel(data("workload-gogc100.log").tables.gctrace);
    const { endMs, allocMB, liveMB } = model.curve;
    // swap a few neighbours: the points a real trace can put out of order
    const order = [...endMs.keys()];
    for (const i of [3, 10, 17]) [order[i], order[i + 1]] = [order[i + 1], order[i]];
    const pick = (v: Float64Array) => Float64Array.from(order.map((i) => v[i]));
    const shuffled = {
      ...model,
      curve: { ...model.curve, endMs: pick(endMs), allocMB: pick(allocMB), liveMB: pick(liveMB) },
    };
    expect([...shuffled.curve.endMs]).not.toEqual([...endMs]);
    const byTime = [...shuffled.curve.endMs.keys()].sort(
      (a, b) => shuffled.curve.endMs[a] - shuffled.curve.endMs[b],
    );
    const sortedBy = (v: Float64Array) => Float64Array.from(byTime.map((i) => v[i]));
    const c = shuffled.curve;
    const sorted = {
      ...model,
      curve: { ...c, endMs: sortedBy(c.endMs), allocMB: sortedBy(c.allocMB), liveMB: sortedBy(c.liveMB) },
    };
    for (const s of SCENARIOS) {
      expect(predictGc(shuffled, s)).toEqual(predictGc(sorted, s));
      expect(predictGc(shuffled, s)).toEqual(predictGc(sorted, s));
    }
  });
});
