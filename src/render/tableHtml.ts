import { escapeHtml } from "./html";

/** A rectangular slice of a table to print: column names, the first rows, the last rows, and the full shape. */
export interface TablePreview {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** The table's last rows, printed after a gap row (empty or absent: the head is all that is shown). */
  readonly tail?: readonly (readonly unknown[])[];
  /** [rows, columns] of the whole table, not of the preview. */
  readonly shape: readonly [number, number];
  readonly caption?: string;
}

/** An HTML table of the preview with a "N rows × M columns" line (every cell escaped). */
export function tableHtml(preview: TablePreview): string {
  const head = preview.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const tr = (row: readonly unknown[]) =>
    `<tr>${row.map((v) => `<td>${escapeHtml(formatCell(v))}</td>`).join("")}</tr>`;
  const tail = preview.tail ?? [];
  const gap =
    tail.length > 0 ? [`<tr class="gap">${preview.columns.map(() => "<td>…</td>").join("")}</tr>`] : [];
  const body = [...preview.rows.map(tr), ...gap, ...tail.map(tr)].join("\n");
  const caption = preview.caption ? `<caption>${escapeHtml(preview.caption)}</caption>` : "";
  return `<table class="godebug-table">${caption}
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<p>${shapeLine(preview)}</p>`;
}

/** The same preview as fixed-width text (the display bundle's text/plain). */
export function tableText(preview: TablePreview): string {
  const tail = preview.tail ?? [];
  const gap = tail.length > 0 ? [preview.columns.map(() => "…")] : [];
  const cells = [
    preview.columns.slice(),
    ...preview.rows.map((r) => r.map(formatCell)),
    ...gap,
    ...tail.map((r) => r.map(formatCell)),
  ];
  const widths = preview.columns.map((_, j) => Math.max(...cells.map((r) => String(r[j]).length)));
  const lines = cells.map((r) => r.map((v, j) => String(v).padStart(widths[j])).join("  "));
  const title = preview.caption ? [preview.caption] : [];
  return [...title, ...lines, shapeLine(preview)].join("\n");
}

function shapeLine(preview: TablePreview): string {
  const [n, m] = preview.shape;
  const first = preview.rows.length;
  const last = preview.tail?.length ?? 0;
  const shown =
    first + last >= n
      ? ""
      : last > 0
        ? ` (first ${first} and last ${last} shown)`
        : ` (first ${first} shown)`;
  return `${n.toLocaleString("en-US")} rows × ${m} columns${shown}`;
}

/** Numbers as JavaScript prints them (NaN stays visible: it means "not printed by this Go version"). */
function formatCell(value: unknown): string {
  if (typeof value === "number")
    return Number.isInteger(value) ? String(value) : String(+value.toPrecision(6));
  if (value === null || value === undefined) return "";
  return String(value);
}
