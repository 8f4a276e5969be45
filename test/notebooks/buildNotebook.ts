/**
 * Turns a notebook's readable source (notebooks/src/NN-name.md) into an unexecuted Jupyter notebook for the
 * tslab kernel. Source format: Markdown in which every ```ts fenced block is a code cell and the text between
 * code cells is one Markdown cell. Other fences (```sh, ```text) stay inside the Markdown.
 */

export interface NotebookCell {
  id: string;
  cell_type: "markdown" | "code";
  metadata: Record<string, unknown>;
  source: string;
  execution_count?: number | null;
  outputs?: NotebookOutput[];
}

export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: 4;
  nbformat_minor: 5;
}

/** The tslab kernel as `npx tslab install` registers it. */
export const TSLAB_KERNELSPEC = { display_name: "TypeScript", language: "typescript", name: "tslab" };

const CODE_FENCE = /^```ts\s*$/;
const ANY_FENCE = /^```/;
/** As in CommonMark, a closing fence has no info string. */
const CLOSING_FENCE = /^```\s*$/;

/** Parses the Markdown source of a notebook; `name` only labels errors. */
export function buildNotebook(markdown: string, name: string): Notebook {
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  const cells: NotebookCell[] = [];
  let text: string[] = [];
  const flushMarkdown = () => {
    const source = trimBlankLines(text).join("\n");
    if (source !== "") cells.push(cell("markdown", source, cells.length));
    text = [];
  };
  for (let i = 0; i < lines.length; i++) {
    if (CODE_FENCE.test(lines[i])) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !CLOSING_FENCE.test(lines[end])) end++;
      if (end === lines.length) throw new Error(`${name}:${i + 1}: code block is never closed`);
      const source = trimBlankLines(lines.slice(start, end)).join("\n");
      if (source === "") throw new Error(`${name}:${i + 1}: empty code block`);
      flushMarkdown();
      cells.push(cell("code", source, cells.length));
      i = end;
    } else if (ANY_FENCE.test(lines[i])) {
      // Copy a non-TS fence verbatim, so a ```ts line inside it is not taken for a cell.
      let end = i + 1;
      while (end < lines.length && !CLOSING_FENCE.test(lines[end])) end++;
      if (end === lines.length) throw new Error(`${name}:${i + 1}: fenced block is never closed`);
      text.push(...lines.slice(i, end + 1));
      i = end;
    } else {
      text.push(lines[i]);
    }
  }
  flushMarkdown();
  if (!cells.some((c) => c.cell_type === "code")) throw new Error(`${name}: no \`\`\`ts code cell`);
  return {
    cells,
    metadata: { kernelspec: TSLAB_KERNELSPEC, language_info: { name: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function cell(type: "markdown" | "code", source: string, index: number): NotebookCell {
  // Stable ids keep the committed notebooks' diffs small (nbformat 4.5 requires an id per cell).
  const id = `cell-${String(index).padStart(2, "0")}`;
  if (type === "markdown") return { id, cell_type: type, metadata: {}, source };
  return { id, cell_type: type, metadata: {}, source, execution_count: null, outputs: [] };
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === "") start++;
  while (end > start && lines[end - 1].trim() === "") end--;
  return lines.slice(start, end);
}
