/**
 * Executes every teaching notebook (built from notebooks/src/NN-name.md) through real Jupyter with the tslab
 * kernel and checks it: no failing cell, every chart as a full display bundle, and the committed
 * notebooks/NN-name.ipynb equal to the fresh execution. `npm run notebooks` runs this file with
 * GODEBUG_LAB_WRITE_NOTEBOOKS=1, which writes the fresh executions as the committed notebooks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildNotebook, type Notebook } from "./buildNotebook";
import {
  checkJupyter,
  type ExecutedNotebook,
  executeNotebook,
  NOTEBOOKS_DIR,
  PROJECT_ROOT,
} from "./executeNotebook";
import {
  CHART_MIMES,
  cellProblems,
  chartCells,
  chartOutputs,
  firstDifference,
  VEGALITE_MIME,
} from "./normaliseNotebook";

const WRITE = process.env.GODEBUG_LAB_WRITE_NOTEBOOKS === "1";
/** The teaching notebooks and their worked answers (notebooks/solutions/src → notebooks/solutions/*.ipynb). */
const DIRS = [NOTEBOOKS_DIR, path.join(NOTEBOOKS_DIR, "solutions")];
const NOTEBOOKS = DIRS.flatMap((dir) =>
  fs.existsSync(path.join(dir, "src"))
    ? fs
        .readdirSync(path.join(dir, "src"))
        .filter((f) => /^\d\d-[\w-]+\.md$/.test(f))
        .sort()
        .map((f) => ({ dir, name: path.relative(NOTEBOOKS_DIR, path.join(dir, f.slice(0, -3))) }))
    : [],
);

/** The notebooks import the built package (package.json main = dist/index.js): it must be current. */
function checkBuilt(): void {
  if (!fs.existsSync(path.join(PROJECT_ROOT, "dist", "index.js"))) {
    throw new Error("dist/index.js is missing: run `npm run build` first");
  }
  const srcDir = path.join(PROJECT_ROOT, "src");
  for (const file of fs.readdirSync(srcDir, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts")) continue;
    const built = path.join(PROJECT_ROOT, "dist", file.replace(/\.ts$/, ".js"));
    if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(path.join(srcDir, file)).mtimeMs) {
      throw new Error(`dist/ is older than src/${file}: run \`npm run build\` first`);
    }
  }
}

beforeAll(() => {
  checkJupyter();
  checkBuilt();
});

it("finds the numbered notebook sources and their solutions", () => {
  expect(NOTEBOOKS.filter((n) => n.dir === NOTEBOOKS_DIR).length).toBeGreaterThanOrEqual(1);
  // every teaching notebook with questions has its worked answers
  for (const n of NOTEBOOKS.filter((n) => n.dir === NOTEBOOKS_DIR)) {
    expect(
      NOTEBOOKS.map((s) => s.name),
      `solutions for ${n.name}`,
    ).toContain(`solutions/${n.name}`);
  }
});

describe.each(NOTEBOOKS)("notebook $name", ({ dir, name }) => {
  const base = path.basename(name);
  const committedPath = path.join(dir, `${base}.ipynb`);
  let fresh: ExecutedNotebook;

  beforeAll(async () => {
    const source = fs.readFileSync(path.join(dir, "src", `${base}.md`), "utf8");
    const label = path.relative(PROJECT_ROOT, path.join(dir, "src", `${base}.md`));
    fresh = await executeNotebook(buildNotebook(source, label), 600, dir);
    console.log(`${name}: executed in ${fresh.seconds.toFixed(1)} s`);
    if (WRITE) fs.writeFileSync(committedPath, fresh.text);
  }, 900_000);

  it("runs every cell without an error, a warning or a missing await", () => {
    const problems = cellProblems(fresh.notebook).map((p) => `cell ${p.cell} (${p.source}): ${p.problem}`);
    expect(problems).toEqual([]);
  });

  it("shows every chart as one bundle of Vega-Lite, SVG and text", () => {
    const charts = chartOutputs(fresh.notebook);
    for (const chart of charts) {
      for (const mime of CHART_MIMES)
        expect(chart.data, `cell ${chart.cell} lacks ${mime}`).toHaveProperty([mime]);
      const spec = chart.data[VEGALITE_MIME] as Record<string, unknown>;
      expect(typeof spec, `cell ${chart.cell}`).toBe("object");
      const svg = String(chart.data["image/svg+xml"]);
      expect(svg, `cell ${chart.cell} SVG`).toMatch(/^<svg[\s\S]*class="mark-[\s\S]*<\/svg>\s*$/);
    }
    const drawn = new Set(charts.map((c) => c.cell));
    const missing = chartCells(fresh.notebook).filter((cell) => !drawn.has(cell));
    expect(missing, "cells that call show(…Chart(…)) but display no chart").toEqual([]);
  });

  it.skipIf(WRITE)("is committed with the outputs of a fresh execution", () => {
    expect(fs.existsSync(committedPath), `${committedPath} is missing: run \`npm run notebooks\``).toBe(true);
    const committed = JSON.parse(fs.readFileSync(committedPath, "utf8")) as Notebook;
    const difference = firstDifference(committed, fresh.notebook);
    expect(difference, "the committed notebook is stale: run `npm run notebooks`").toBeNull();
  });
});
