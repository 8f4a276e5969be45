/**
 * Shared by the chart tests: real traces (data/ captures and test/data fixtures) loaded once, and what a
 * spec turns into when vega runs it (vega-lite's warnings, the marks drawn, the SVG).
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import type { Scene, SceneGroup, SceneItem } from "vega";
import { loadTrace, type TopLevelSpec, type Trace, toSVG } from "../../src";
import { compileSpec, toView } from "../../src/render/svg";

/** vega run headless on a spec (the renderer's own, internal to src/render/): the chart tests read its dataflow. */
export { toView };

export const ROOT = path.resolve(__dirname, "../..");

const cache = new Map<string, Promise<Trace>>();

/** A real trace by its path from the repository root, parsed once per test file. */
export function fixture(file: string): Promise<Trace> {
  let t = cache.get(file);
  if (t === undefined) {
    t = loadTrace(path.join(ROOT, file));
    cache.set(file, t);
  }
  return t;
}

/**
 * What vega drew, per mark type: `items` counts scene items (a line's points, a bar chart's bars), `marks` the
 * mark instances (one line mark per colour series once vega-lite facets a line by colour).
 */
export interface Drawn {
  readonly items: Record<string, number>;
  readonly marks: Record<string, number>;
}

export async function drawnMarks(spec: TopLevelSpec): Promise<Drawn> {
  const view = await toView(spec);
  try {
    const counts: Drawn = { items: {}, marks: {} };
    // view.scenegraph() is typed as a Scene but is vega's Scenegraph, whose root is the top group mark
    walk((view.scenegraph() as unknown as { root: Scene }).root, counts);
    return counts;
  } finally {
    view.finalize();
  }
}

function walk(scene: Scene, counts: Drawn): void {
  if (scene.role === "mark") {
    counts.items[scene.marktype] = (counts.items[scene.marktype] ?? 0) + scene.items.length;
    counts.marks[scene.marktype] = (counts.marks[scene.marktype] ?? 0) + 1;
  }
  if (scene.marktype !== "group") return;
  for (const item of scene.items as SceneItem[]) {
    for (const child of ((item as SceneGroup).items ?? []) as Scene[]) walk(child, counts);
  }
}

/** The spec compiles without a vega-lite warning and its SVG has `element` elements (at least `min`). */
export async function expectRenders(
  spec: TopLevelSpec,
): Promise<{ warnings: readonly string[]; svg: string }> {
  const { warnings } = await compileSpec(spec);
  return { warnings, svg: await toSVG(spec) };
}

/** Occurrences of `<tag` in an SVG document. */
export function countTags(svg: string, tag: string): number {
  return svg.split(`<${tag}`).length - 1;
}

/**
 * The first layer (or the spec itself) whose mark type is `type`, with its named data set (the spec's
 * top-level `datasets`) put inline, so rowsOf reads it.
 */
export function layerWithMark(spec: TopLevelSpec, type: string): Record<string, unknown> {
  const layers = ("layer" in spec ? spec.layer : [spec]) as unknown as Record<string, unknown>[];
  const found = layers.find((l) => {
    const mark = l.mark as string | { type: string } | undefined;
    return (typeof mark === "string" ? mark : mark?.type) === type;
  });
  if (found === undefined) throw new Error(`no ${type} layer`);
  return { ...found, data: { values: rowsOf(found, spec) } };
}

/**
 * The rows of a layer (or single-view spec): inline values, or the data set it names in `spec`'s top-level
 * `datasets` (the layer's own when it is the top level).
 */
export function rowsOf(layer: Record<string, unknown>, spec?: unknown): Record<string, unknown>[] {
  const data = layer.data as { values?: Record<string, unknown>[]; name?: string } | undefined;
  if (data?.values !== undefined) return data.values;
  if (data?.name === undefined) return [];
  const sets = ((spec ?? layer) as { datasets?: Record<string, Record<string, unknown>[]> }).datasets;
  const rows = sets?.[data.name];
  if (rows === undefined) throw new Error(`no data set ${data.name} in the spec`);
  return rows;
}

/** A spec's data sets by name (its top-level `datasets`). */
export function datasetsOf(spec: unknown): Record<string, Record<string, unknown>[]> {
  return (spec as { datasets?: Record<string, Record<string, unknown>[]> }).datasets ?? {};
}

/** Rows of a data set a snapshot keeps verbatim: the first SAMPLE_ROWS and the last. */
const SAMPLE_ROWS = 3;

/**
 * A spec as its snapshot keeps it: everything but the data rows verbatim (marks, encodings, titles, scales,
 * transforms, layers), and each data set (top-level `datasets`, inline `data.values`) longer than a sample as its
 * row count, its columns, its first rows and its last row (one JSON line each) and a SHA-1 of every row, so a
 * changed number anywhere in the data still fails the snapshot, and the sample shows what a row looks like. Plain
 * JSON first: rendering adds vega's global `Symbol(vega_id)` keys to the data rows, whose values depend on how
 * many views earlier tests rendered.
 */
export function specShape(spec: unknown): unknown {
  const json = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
  return shapeData(json);
}

function shapeData(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shapeData);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "datasets" && value !== null && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, rows]) => [name, dataSample(rows)]));
    } else if (key === "data" && value !== null && typeof value === "object" && "values" in value) {
      out[key] = { ...value, values: dataSample((value as { values: unknown }).values) };
    } else {
      out[key] = shapeData(value);
    }
  }
  return out;
}

function dataSample(rows: unknown): unknown {
  if (!Array.isArray(rows) || rows.length <= SAMPLE_ROWS + 1) return rows;
  const columns = new Set<string>();
  for (const row of rows)
    if (row !== null && typeof row === "object") for (const k of Object.keys(row)) columns.add(k);
  const line = (row: unknown) => JSON.stringify(row);
  return {
    rows: rows.length,
    columns: [...columns].sort(),
    first: rows.slice(0, SAMPLE_ROWS).map(line),
    last: line(rows[rows.length - 1]),
    sha1: createHash("sha1").update(JSON.stringify(rows)).digest("hex"),
  };
}
