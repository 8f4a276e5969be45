import { describe, expect, it } from "vitest";
import type { Notebook, NotebookOutput } from "./buildNotebook";
import {
  cellProblems,
  chartCells,
  chartOutputs,
  firstDifference,
  normaliseNotebook,
  renumberSvgIds,
} from "./normaliseNotebook";

function notebook(cells: { source: string; outputs?: NotebookOutput[]; count?: number }[]): Notebook {
  return {
    cells: cells.map((c, i) => ({
      id: `cell-${i}`,
      cell_type: "code",
      metadata: {},
      source: c.source,
      execution_count: c.count ?? null,
      outputs: c.outputs ?? [],
    })),
    metadata: { kernelspec: { name: "tslab" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const stdout = (text: string | string[]): NotebookOutput => ({ output_type: "stream", name: "stdout", text });
const svgOut = (svg: string): NotebookOutput => ({
  output_type: "display_data",
  data: { "image/svg+xml": svg, "text/plain": "chart" },
  metadata: {},
});

describe("cellProblems", () => {
  it("reports stderr text, error outputs and a displayed Promise, with the cell index", () => {
    const nb = notebook([
      { source: "ok", outputs: [stdout("1\n")] },
      {
        source: "const x: number = 's'",
        outputs: [{ output_type: "stream", name: "stderr", text: "1:7 - Type…" }],
      },
      { source: "boom", outputs: [{ output_type: "error", ename: "Error", evalue: "boom", traceback: [] }] },
      { source: "loadTrace(f)", outputs: [stdout("Promise {\n  <pending>\n}\n")] },
    ]);
    expect(cellProblems(nb).map((p) => [p.cell, p.problem])).toEqual([
      [1, "stderr: 1:7 - Type…"],
      [2, "error output: Error: boom"],
      [3, "shows a Promise: a missing await"],
    ]);
  });
});

describe("chartOutputs and chartCells", () => {
  it("finds outputs carrying SVG or Vega-Lite and the cells that call show(…Chart(…))", () => {
    const nb = notebook([
      { source: "show(heapChart(t))", outputs: [svgOut("<svg></svg>")] },
      { source: "show(df)", outputs: [{ output_type: "display_data", data: { "text/html": "<table/>" } }] },
      { source: "show(runqueueChart(t))" },
    ]);
    expect(chartOutputs(nb).map((c) => c.cell)).toEqual([0]);
    expect(chartCells(nb)).toEqual([0, 2]);
  });
});

describe("renumberSvgIds", () => {
  it("renumbers ids and their references in order of appearance", () => {
    const svg = '<clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"/><use href="#other"/>';
    expect(renumberSvgIds(svg)).toBe(
      '<clipPath id="id0"><rect/></clipPath><g clip-path="url(#id0)"/><use href="#other"/>',
    );
  });

  it("makes two renderings that differ only in id counters equal", () => {
    const a = '<clipPath id="clip1"/><g clip-path="url(#clip1)"/>';
    const b = '<clipPath id="clip9"/><g clip-path="url(#clip9)"/>';
    expect(renumberSvgIds(a)).toBe(renumberSvgIds(b));
  });
});

describe("normaliseNotebook and firstDifference", () => {
  it("ignores execution counts, cell metadata and how a stream was split", () => {
    const a = notebook([{ source: "x", outputs: [stdout(["1\n", "2\n"])], count: 1 }]);
    const b = notebook([{ source: "x", outputs: [stdout("1\n"), stdout("2\n")], count: 7 }]);
    b.cells[0].metadata = { collapsed: true };
    expect(normaliseNotebook(a)).toEqual(normaliseNotebook(b));
    expect(firstDifference(a, b)).toBeNull();
  });

  it("catches a changed digit in an output and names the cell", () => {
    const a = notebook([{ source: "x" }, { source: "y", outputs: [stdout("gcPct 12\n")] }]);
    const b = notebook([{ source: "x" }, { source: "y", outputs: [stdout("gcPct 13\n")] }]);
    expect(firstDifference(a, b)).toMatch(/^cell 1 differs/);
  });

  it("catches a changed chart, a changed source and a missing cell", () => {
    const chart = (h: number) =>
      notebook([{ source: "c", outputs: [svgOut(`<svg><rect height="${h}"/></svg>`)] }]);
    expect(firstDifference(chart(10), chart(11))).toMatch(/^cell 0 differs/);
    expect(firstDifference(notebook([{ source: "a" }]), notebook([{ source: "b" }]))).toMatch(/^cell 0/);
    expect(
      firstDifference(notebook([{ source: "a" }]), notebook([{ source: "a" }, { source: "b" }])),
    ).toMatch(/^cell 1/);
  });
});
