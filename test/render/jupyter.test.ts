/**
 * show() in a real notebook: the render modules are compiled to CommonJS as the package ships them, a small
 * notebook calls show() on a chart and on a table, and Jupyter (Debian's nbconvert) runs it with the tslab
 * kernel. The outputs are what JupyterLab, GitHub and nbconvert will see.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { heapCycles, heapTimelineChart, mainRun } from "../../src";
import { VEGALITE_MIME } from "../../src/render/show";
import { fixture, ROOT } from "../chart/helpers";

const OUT = path.join(ROOT, "test-artifacts", "jupyter");

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string | string[];
  name?: string;
}

let cells: { outputs: Output[] }[];

function tsc(...args: string[]): void {
  const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), ...args], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`tsc failed:\n${run.stdout}${run.stderr}`);
}

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const build = path.join(OUT, "build");
  tsc(
    ...["--outDir", build, "--rootDir", path.join(ROOT, "src"), "--module", "commonjs", "--target", "es2022"],
    ...["--moduleResolution", "node10", "--types", "node", "--skipLibCheck", "--esModuleInterop"],
    path.join(ROOT, "src/render/show.ts"),
  );
  const gc = mainRun((await fixture("data/workload-gogc100.log")).tables.gctrace);
  fs.writeFileSync(path.join(OUT, "spec.json"), JSON.stringify(heapTimelineChart(heapCycles(gc))));
  // A table as the loader returns it (four columns); Float64Arrays do not survive JSON, plain arrays do.
  const table = {
    name: "gctrace",
    schema: gc.schema.slice(0, 4),
    length: gc.length,
    columns: Object.fromEntries(
      gc.schema.slice(0, 4).map((c) => [c.name, Array.from(gc.columns[c.name] as ArrayLike<unknown>)]),
    ),
  };
  fs.writeFileSync(path.join(OUT, "table.json"), JSON.stringify(table));
  const code = [
    `const { show } = require(${JSON.stringify(path.join(build, "render/show.js"))});\nconst fs = require("fs");`,
    `await show(JSON.parse(fs.readFileSync("spec.json", "utf8")));`,
    `await show(JSON.parse(fs.readFileSync("table.json", "utf8")), { rows: 5 });`,
  ];
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: code.map((source, i) => ({
      cell_type: "code",
      id: `cell-${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
  };
  fs.writeFileSync(path.join(OUT, "show.ipynb"), JSON.stringify(notebook));
  const run = spawnSync(
    "jupyter",
    [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--ExecutePreprocessor.timeout=120",
      "--output",
      "executed",
      "show.ipynb",
    ],
    {
      cwd: OUT,
      encoding: "utf8",
      env: { ...process.env, PATH: `${path.join(ROOT, "node_modules/.bin")}:${process.env.PATH}` },
    },
  );
  if (run.status !== 0) throw new Error(`jupyter nbconvert failed (${run.status}):\n${run.stderr}`);
  cells = JSON.parse(fs.readFileSync(path.join(OUT, "executed.ipynb"), "utf8")).cells;
}, 240_000);

describe("show() in a tslab notebook", () => {
  it("show(spec) publishes one display_data with Vega-Lite (v5 MIME and schema), SVG and text", () => {
    const outputs = cells[1].outputs;
    expect(outputs.map((o) => o.output_type)).toEqual(["display_data"]);
    const data = outputs[0].data ?? {};
    expect(Object.keys(data).sort()).toEqual([VEGALITE_MIME, "image/svg+xml", "text/plain"].sort());
    const vl = data[VEGALITE_MIME] as { $schema: string; layer: unknown[] };
    expect(vl.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
    expect(vl.layer).toHaveLength(1);
    const svg = [data["image/svg+xml"]].flat().join("");
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain("heap (MiB)");
    expect([data["text/plain"]].flat().join("")).toBe("Heap per GC cycle (Vega-Lite chart)");
  });

  it("show(table) publishes its first and last rows as an HTML table with the shape", () => {
    const outputs = cells[2].outputs;
    expect(outputs.map((o) => o.output_type)).toEqual(["display_data"]);
    const html = [outputs[0].data?.["text/html"]].flat().join("");
    expect(html).toContain("<caption>gctrace</caption>");
    expect(html.match(/<tr>/g)).toHaveLength(6); // header, 3 first rows, 2 last rows
    expect(html.match(/<tr class="gap">/g)).toHaveLength(1);
    expect(html).toMatch(/<p>\d+ rows × 4 columns \(first 3 and last 2 shown\)<\/p>/);
  });

  it("nothing went to stderr", () => {
    const errors = cells
      .flatMap((c) => c.outputs)
      .filter((o) => o.output_type === "error" || o.name === "stderr");
    expect(errors).toEqual([]);
  });
});
