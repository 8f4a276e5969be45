import type { TopLevelSpec } from "../chart/spec";
import type { DataFramePreview } from "../frame/dataFrameLike";
import type { Table } from "../table/table";
import { publishDisplayData } from "./jupyter";
import { toSVG } from "./svg";
import { type TablePreview, tableHtml, tableText } from "./tableHtml";

/**
 * The Vega-Lite MIME type notebooks render. JupyterLab 4 and Notebook 7 (@jupyterlab/vega5-extension)
 * register vnd.vegalite v3, v4 and v5 only and draw them with their bundled vega-lite 5; there is no v6
 * type. Our specs use nothing that vega-lite 5 lacks, so the bundle carries them under v5 with the v5
 * `$schema` (vega-embed warns when the `$schema` major differs from its vega-lite). The SVG beside it is
 * what GitHub, nbviewer and nbconvert show.
 */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
const VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Rows shown by show(table) unless told otherwise. */
const DEFAULT_ROWS = 10;

export interface ShowOptions {
  /**
   * Rows of a table to show (default 10): all of a table that has no more, else its first half (rounded up)
   * and its last half, so a million-row table prints as its head, a gap and its tail.
   */
  readonly rows?: number;
}

/**
 * Displays a chart or a table in a tslab notebook cell: `await show(heapTimelineChart(...))`.
 * A spec becomes one display bundle (Vega-Lite, SVG, text); a danfo DataFrame/Series or one of our tables
 * an HTML table of its first rows with its shape. Outside a kernel it throws (see publishDisplayData).
 */
export async function show(
  value: TopLevelSpec | DataFramePreview | Table,
  options: ShowOptions = {},
): Promise<void> {
  publishDisplayData(await displayBundle(value, options));
}

/** The MIME bundle show() publishes (exported so it can be checked without a kernel). */
export async function displayBundle(
  value: TopLevelSpec | DataFramePreview | Table,
  options: ShowOptions = {},
): Promise<Record<string, string | object>> {
  const rows = options.rows ?? DEFAULT_ROWS;
  if (isTable(value)) return tableBundle(previewTable(value, rows));
  if (isDataFrame(value)) return tableBundle(previewDataFrame(value, rows));
  if (isSpec(value)) {
    return {
      [VEGALITE_MIME]: { ...value, $schema: VEGALITE_V5_SCHEMA },
      "image/svg+xml": await toSVG(value),
      "text/plain": specText(value),
    };
  }
  throw new TypeError("show() takes a Vega-Lite spec, a danfo DataFrame/Series or a godebug-lab table");
}

function tableBundle(preview: TablePreview): Record<string, string> {
  return { "text/html": tableHtml(preview), "text/plain": tableText(preview) };
}

function isTable(value: object): value is Table {
  const t = value as Partial<Table>;
  return typeof t.name === "string" && Array.isArray(t.schema) && typeof t.columns === "object";
}

function isDataFrame(value: object): value is DataFramePreview {
  const df = value as Partial<DataFramePreview>;
  return Array.isArray(df.shape) && Array.isArray(df.columns) && typeof df.head === "function";
}

function isSpec(value: object): value is TopLevelSpec {
  return ["mark", "layer", "hconcat", "vconcat", "concat", "facet", "repeat"].some((key) => key in value);
}

/** How many of `length` rows a preview of `rows` shows from the head and from the tail. */
function headTail(length: number, rows: number): { head: number; tail: number } {
  if (!(rows >= 0)) throw new RangeError(`show: rows must be ≥ 0, got ${rows}`);
  if (length <= rows) return { head: length, tail: 0 };
  const head = Math.ceil(rows / 2);
  return { head, tail: rows - head };
}

function previewTable(table: Table, rows: number): TablePreview {
  const names = table.schema.map((c) => c.name);
  const { head, tail } = headTail(table.length, rows);
  const row = (i: number) => names.map((name) => table.columns[name][i]);
  const first: unknown[][] = [];
  for (let i = 0; i < head; i++) first.push(row(i));
  const last: unknown[][] = [];
  for (let i = table.length - tail; i < table.length; i++) last.push(row(i));
  return {
    columns: names,
    rows: first,
    tail: last,
    shape: [table.length, names.length],
    caption: table.name,
  };
}

function previewDataFrame(df: DataFramePreview, rows: number): TablePreview {
  // head()/tail() slice rows (danfo throws when asked for more rows than there are). A Series' values are a
  // flat array, a DataFrame's are row arrays.
  const asRows = (values: readonly unknown[]) => values.map((row) => (Array.isArray(row) ? row : [row]));
  const { head, tail } = headTail(df.shape[0], rows);
  const first = head > 0 ? asRows(df.head(head).values) : [];
  // without tail() (a frame-like object of some other library) the head alone, as before
  const last = tail > 0 && df.tail ? asRows(df.tail(tail).values) : [];
  return { columns: df.columns, rows: first, tail: last, shape: [df.shape[0], df.shape[1] ?? 1] };
}

function specText(spec: TopLevelSpec): string {
  const title = spec.title;
  const text = typeof title === "string" || Array.isArray(title) ? title : title?.text;
  const words = typeof text === "string" ? text : Array.isArray(text) ? text.join(" ") : "chart";
  return `${words} (Vega-Lite chart)`;
}
