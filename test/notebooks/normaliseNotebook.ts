/**
 * What the notebook tests check on an executed notebook: cells that failed, the chart display bundles, and a
 * normal form in which a committed notebook and a fresh execution can be compared.
 */
import type { Notebook, NotebookCell, NotebookOutput } from "./buildNotebook";

export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
export const SVG_MIME = "image/svg+xml";
export const CHART_MIMES = [VEGALITE_MIME, SVG_MIME, "text/plain"] as const;

/** Jupyter stores multi-line strings either whole or as a list of lines. */
export function joinText(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : JSON.stringify(value);
}

export interface CellProblem {
  cell: number;
  source: string;
  problem: string;
}

/**
 * A cell failed if it wrote to stderr (tslab reports type errors and exceptions there, and a clean notebook
 * prints no warnings), produced an error output, or displayed an un-awaited Promise.
 */
export function cellProblems(notebook: Notebook): CellProblem[] {
  const problems: CellProblem[] = [];
  notebook.cells.forEach((cell, index) => {
    for (const output of cell.outputs ?? []) {
      const source = joinText(cell.source).slice(0, 200);
      if (output.output_type === "error") {
        problems.push({
          cell: index,
          source,
          problem: `error output: ${String(output.ename)}: ${String(output.evalue)}`,
        });
      } else if (output.output_type === "stream" && output.name === "stderr") {
        problems.push({ cell: index, source, problem: `stderr: ${joinText(output.text)}` });
      } else if (output.output_type === "stream" && /^Promise \{/m.test(joinText(output.text))) {
        problems.push({ cell: index, source, problem: "shows a Promise: a missing await" });
      }
    }
  });
  return problems;
}

export interface ChartOutput {
  cell: number;
  data: Record<string, unknown>;
}

/** Every display output that carries a chart in any of its forms (Vega-Lite spec or SVG). */
export function chartOutputs(notebook: Notebook): ChartOutput[] {
  const charts: ChartOutput[] = [];
  notebook.cells.forEach((cell, index) => {
    for (const output of cell.outputs ?? []) {
      const data = output.data;
      if (data && (VEGALITE_MIME in data || SVG_MIME in data)) charts.push({ cell: index, data });
    }
  });
  return charts;
}

/** Code cells that draw a chart: they call `show(` and a `…Chart(` builder (STYLE.md names them so). */
export function chartCells(notebook: Notebook): number[] {
  const cells: number[] = [];
  notebook.cells.forEach((cell, index) => {
    const source = joinText(cell.source);
    if (cell.cell_type === "code" && /\bshow\(/.test(source) && /\w+Chart\(/.test(source)) cells.push(index);
  });
  return cells;
}

export interface NormalCell {
  type: NotebookCell["cell_type"];
  source: string;
  outputs: unknown[];
}

/**
 * The parts of a notebook that must agree between the committed file and a fresh execution: the kernel, each
 * cell's type and source, and its outputs. Left out as volatile: execution counts, cell metadata (Jupyter
 * front ends add collapse/scroll state and timings), language_info (the kernel fills it in), and the ids
 * inside SVG (renderers number clip paths and gradients from a per-process counter), which are renumbered in
 * order of appearance. Everything else, every digit of every output, must match.
 */
export function normaliseNotebook(notebook: Notebook): { kernel: unknown; cells: NormalCell[] } {
  const kernelspec = (notebook.metadata as { kernelspec?: { name?: string } }).kernelspec;
  return {
    kernel: kernelspec?.name,
    cells: notebook.cells.map((cell) => ({
      type: cell.cell_type,
      source: joinText(cell.source),
      outputs: mergeStreams(cell.outputs ?? []).map(normaliseOutput),
    })),
  };
}

/** Jupyter front ends coalesce consecutive writes to one stream differently; compare the joined text. */
function mergeStreams(outputs: NotebookOutput[]): NotebookOutput[] {
  const merged: NotebookOutput[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinText(last.text) + joinText(output.text) };
    } else {
      merged.push(output);
    }
  }
  return merged;
}

function normaliseOutput(output: NotebookOutput): unknown {
  if (output.output_type === "stream") return { stream: output.name, text: joinText(output.text) };
  const data: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(output.data ?? {})) {
    if (mime === SVG_MIME) data[mime] = renumberSvgIds(joinText(value));
    else if (typeof value === "string" || Array.isArray(value)) data[mime] = joinText(value);
    else data[mime] = value;
  }
  return { type: output.output_type, data };
}

/** Replaces each id="x" and its references (#x) by id0, id1, … in order of first appearance. */
export function renumberSvgIds(svg: string): string {
  const ids = new Map<string, string>();
  for (const match of svg.matchAll(/\bid="([^"]+)"/g)) {
    if (!ids.has(match[1])) ids.set(match[1], `id${ids.size}`);
  }
  if (ids.size === 0) return svg;
  return svg.replace(/(\bid="|#)([\w:.-]+)/g, (whole, prefix: string, id: string) => {
    const renamed = ids.get(id);
    return renamed === undefined ? whole : prefix + renamed;
  });
}

/** A short description of the first difference, for a failing staleness check. */
export function firstDifference(committed: Notebook, fresh: Notebook): string | null {
  const a = normaliseNotebook(committed);
  const b = normaliseNotebook(fresh);
  if (a.kernel !== b.kernel) return `kernel: committed ${String(a.kernel)}, fresh ${String(b.kernel)}`;
  const n = Math.max(a.cells.length, b.cells.length);
  for (let i = 0; i < n; i++) {
    const x = JSON.stringify(a.cells[i] ?? null);
    const y = JSON.stringify(b.cells[i] ?? null);
    if (x === y) continue;
    let at = 0;
    while (at < x.length && x[at] === y[at]) at++;
    const from = Math.max(0, at - 80);
    return `cell ${i} differs at character ${at}:\n  committed: …${x.slice(from, at + 120)}\n  fresh:     …${y.slice(from, at + 120)}`;
  }
  return null;
}
